import { RegistryError } from '../registry/errors';
import { createQueryClient, isTransient, retryDelay, shouldRetry } from './query-client';

const registryError = (status: number, code = `HTTP_${status}`, retryAfterSeconds?: number) =>
  new RegistryError({ status, code, message: `${status} ${code}`, retryAfterSeconds });

describe('shouldRetry', () => {
  it.each([400, 401, 403, 404, 405, 409])('never retries HTTP %i', (status) => {
    expect(shouldRetry(0, registryError(status))).toBe(false);
  });

  it.each([500, 502, 504])('retries HTTP %i up to three times', (status) => {
    const error = registryError(status);
    expect([0, 1, 2, 3].map((count) => shouldRetry(count, error))).toEqual([true, true, true, false]);
  });

  it('retries network failures (status 0) and fetch TypeErrors', () => {
    expect(shouldRetry(0, registryError(0, 'NETWORK_ERROR'))).toBe(true);
    expect(shouldRetry(2, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(3, new TypeError('Failed to fetch'))).toBe(false);
  });

  it('does not retry client-side validation or content errors', () => {
    expect(shouldRetry(0, registryError(0, 'NAME_INVALID'))).toBe(false);
    expect(shouldRetry(0, registryError(0, 'REFERENCE_INVALID'))).toBe(false);
    expect(shouldRetry(0, registryError(0, 'MANIFEST_MALFORMED'))).toBe(false);
    expect(shouldRetry(0, registryError(0, 'DIGEST_MISMATCH'))).toBe(false);
  });

  it('does not retry aborts or unknown errors', () => {
    expect(shouldRetry(0, new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
    expect(isTransient('a string')).toBe(false);
  });
});

describe('retryDelay', () => {
  it('stays within the jittered backoff', () => {
    const delay = retryDelay(1, registryError(500));
    expect(delay).toBeGreaterThanOrEqual(1000);
    expect(delay).toBeLessThanOrEqual(3000);
  });

  it('honours Retry-After', () => {
    const delay = retryDelay(0, registryError(429, 'TOOMANYREQUESTS', 7));
    expect(delay).toBeGreaterThanOrEqual(7000);
    expect(delay).toBeLessThanOrEqual(7500);
  });
});

describe('createQueryClient', () => {
  it('wires the pure policy and turns off refetch on focus', () => {
    const defaults = createQueryClient().getDefaultOptions().queries;
    expect(defaults?.retry).toBe(shouldRetry);
    expect(defaults?.retryDelay).toBe(retryDelay);
    expect(defaults?.refetchOnWindowFocus).toBe(false);
  });
});
