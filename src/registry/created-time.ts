/**
 * An image's `created` (config) or `org.opencontainers.image.created` (annotation) as a time, or
 * undefined when it tells nothing. Some build tools write Go's zero time `0001-01-01T00:00:00Z`
 * (an unset `time.Time`), reproducible builds write the Unix epoch (SOURCE_DATE_EPOCH=0); neither
 * is when the image was built, and "Jan 1, 1" sorted as the oldest image misleads the sort,
 * the audit's oldest image and any "older than N days" rule. So: missing, unparsable, or at or
 * before 1970-01-01T00:00:00Z → unknown.
 */
export function createdTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) || time <= 0 ? undefined : time;
}

/** `value` when it is a real creation time (see createdTime), otherwise undefined. */
export function knownCreated(value: string | undefined | null): string | undefined {
  return createdTime(value) === undefined ? undefined : (value ?? undefined);
}
