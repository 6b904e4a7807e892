import { createdTime } from '../../registry/created-time';

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as registries and `docker images` report sizes. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** sha256:abcdef012345 — the 12 hex characters people recognise. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp for people; Go's zero time, the epoch or garbage read "unknown" (see createdTime). */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const time = createdTime(iso);
  return time === undefined ? 'unknown' : dateTimeFormat.format(time);
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const time = createdTime(iso);
  if (time === undefined) return 'unknown';
  const seconds = (time - now) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}
