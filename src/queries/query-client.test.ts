import { RegistryError } from '../registry/errors';
import { createQueryClient, isTransient, retryDelay, shouldRetry } from './query-client';

const registryError = (status: number, code = `HTTP_${status}`, retryAfterSeconds?: number) =>
  new RegistryError({ status, code, message: `${status} ${code}`, retryAfterSeconds });

describe('shouldRetry', () => {
  it.each([400, 401, 403, 404, 405, 409])('never retries HTTP %i', (status) => {
    expect(shouldRetry(0, registryError(status))).toBe(false);
  });

  it.each([429, 500, 502, 503, 504])('retries HTTP %i up to three times', (status) => {
    const error = registryError(status);
    expect([0, 1, 2, 3].map((count) => shouldRetry(count, error))).toEqual([true, true, true, false]);
  });

  it('retries network failures (status 0) and fetch TypeErrors', () => {
    expect(shouldRetry(0, registryError(0, 'NETWORK_ERROR'))).toBe(true);
    expect(shouldRetry(2, new TypeError('Failed to fetch'))).toBe(true);
    expect(shouldRetry(3, new TypeError('Failed to fetch'))).toBe(false);
  });

  it('does not retry client-side validation errors', () => {
    expect(shouldRetry(0, registryError(0, 'NAME_INVALID'))).toBe(false);
    expect(shouldRetry(0, registryError(0, 'REFERENCE_INVALID'))).toBe(false);
  });

  it('does not retry aborts or unknown errors', () => {
    expect(shouldRetry(0, new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(shouldRetry(0, new Error('bug'))).toBe(false);
    expect(isTransient('a string')).toBe(false);
  });
});

describe('retryDelay', () => {
  it('backs off exponentially from 1 s, capped at 10 s', () => {
    const error = registryError(503);
    expect([0, 1, 2, 3, 4, 8].map((count) => retryDelay(count, error))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('honours Retry-After', () => {
    expect(retryDelay(0, registryError(429, 'TOOMANYREQUESTS', 7))).toBe(7000);
    expect(retryDelay(3, registryError(503, 'HTTP_503', 0))).toBe(0);
  });

  it('caps an absurd Retry-After at one minute', () => {
    expect(retryDelay(0, registryError(429, 'TOOMANYREQUESTS', 86_400))).toBe(60_000);
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
