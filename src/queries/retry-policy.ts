/**
 * When a failed registry request is worth another try, and how long to wait first. Pure: the
 * query client's defaults call it (retry / retryDelay), tests call it directly.
 *
 * - Permanent failures are never retried: the answer would be the same (400/401/403/404/405 and
 *   every other 4xx but 408/429, 501, malformed or oversized content, digest mismatches, refused
 *   URLs and names). They show at once instead of after seconds of backoff.
 * - 429 and 503 honour Retry-After (seconds or HTTP date, already turned into seconds by
 *   errors.ts), capped; without it they back off exponentially. Both get a little jitter so many
 *   queries throttled together do not come back together.
 * - Network failures, timeouts and other 5xx: exponential backoff with jitter, a bounded number of times.
 */
import { isAbortError, isRegistryError } from '../registry/errors';

/** Attempts after the first for network failures, timeouts and 5xx. */
export const MAX_RETRIES = 3;
/** A request that timed out already cost the user a long wait: one more try, then the Retry button. */
export const MAX_TIMEOUT_RETRIES = 1;
/** A throttling registry (429/503) gets a little more patience. */
export const MAX_THROTTLED_RETRIES = 5;
export const BASE_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
/** A Retry-After longer than this is a registry asking us to go away; we stop waiting for it. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Up to this much is added to a Retry-After (never less than asked). */
export const RETRY_AFTER_JITTER_MS = 500;

/** Codes of status-0 errors that a later attempt may cure: no answer arrived (yet). */
const TRANSIENT_CLIENT_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT']);

export type FailureKind = 'permanent' | 'throttled' | 'transient';

/** Sorts a failure: `throttled` for 429 and 503 with Retry-After, `transient` for network/timeouts/other 5xx, else `permanent`. */
export function classifyFailure(error: unknown): FailureKind {
  if (isAbortError(error)) return 'permanent';
  if (isRegistryError(error)) {
    if (error.status === 0) return TRANSIENT_CLIENT_CODES.has(error.code) ? 'transient' : 'permanent';
    // A 503 that says when to come back is throttling; a bare 503 is an outage like any 5xx.
    if (error.status === 429 || (error.status === 503 && error.retryAfterSeconds !== undefined)) return 'throttled';
    if (error.status === 408) return 'transient';
    if (error.status >= 500 && error.status !== 501 && error.status !== 505) return 'transient';
    return 'permanent';
  }
  // fetch rejects with a TypeError when the connection fails (or CORS blocks the answer).
  return error instanceof TypeError ? 'transient' : 'permanent';
}

/** Whether attempt number `failureCount + 1` should happen (TanStack counts failures from 0). */
export function shouldRetryFailure(failureCount: number, error: unknown): boolean {
  const kind = classifyFailure(error);
  if (kind === 'permanent') return false;
  if (isRegistryError(error) && error.code === 'TIMEOUT') return failureCount < MAX_TIMEOUT_RETRIES;
  return failureCount < (kind === 'throttled' ? MAX_THROTTLED_RETRIES : MAX_RETRIES);
}

function retryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('retryAfterSeconds' in error)) return null;
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
}

/**
 * Milliseconds to wait before the next attempt. Retry-After (429/503): at least what the registry
 * asked for (capped at a minute) plus up to 0.5 s. Otherwise 1 s, 2 s, 4 s … capped at 10 s, each
 * scaled by 0.5–1.5 ("equal jitter"). `random` in [0, 1) is injected by tests.
 */
export function retryDelayFor(failureCount: number, error: unknown, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const asked = classifyFailure(error) === 'throttled' ? retryAfterMs(error) : null;
  if (asked !== null) return Math.round(asked + r * RETRY_AFTER_JITTER_MS);
  const backoff = Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, failureCount), MAX_BACKOFF_MS);
  return Math.round(backoff * (0.5 + r));
}

/** The wait before attempt number `failureCount + 2`, or null when there should be none (see shouldRetryFailure). */
export function nextRetryDelay(failureCount: number, error: unknown, random: () => number = Math.random): number | null {
  return shouldRetryFailure(failureCount, error) ? retryDelayFor(failureCount, error, random) : null;
}
