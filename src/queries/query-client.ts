import { QueryClient } from '@tanstack/react-query';
import { isAbortError, isRegistryError } from '../registry/errors';

const MAX_RETRIES = 3;
const MAX_BACKOFF_MS = 10_000;
/** A Retry-After longer than this is a registry asking us to go away; we stop waiting for it. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Codes the client raises itself (status 0) before sending anything: retrying cannot fix them.
 * distribution answers such requests with a CORS-less plain 404, hence the client-side check.
 */
const CLIENT_VALIDATION_CODES = new Set(['NAME_INVALID', 'REFERENCE_INVALID', 'REALM_NOT_ALLOWED']);

/** True for failures a later attempt may cure: 429, 5xx and network errors. */
export function isTransient(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (isRegistryError(error)) {
    if (error.status === 0) return !CLIENT_VALIDATION_CODES.has(error.code);
    return error.status === 429 || error.status >= 500;
  }
  // fetch rejects with a TypeError when the connection fails (or CORS blocks the answer).
  return error instanceof TypeError;
}

/** Retry policy for every query: never on 4xx (except 429) or client validation, up to 3 times otherwise. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isTransient(error);
}

function retryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('retryAfterSeconds' in error)) return null;
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return null;
  return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
}

/** Waits what the registry asked for (Retry-After), else 1 s, 2 s, 4 s … capped at 10 s. */
export function retryDelay(failureCount: number, error: unknown): number {
  return retryAfterMs(error) ?? Math.min(1000 * 2 ** failureCount, MAX_BACKOFF_MS);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
