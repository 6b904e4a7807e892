import { describe, expect, it } from 'vitest';
import { RegistryError } from '../registry/errors';
import { classifyFailure, MAX_RETRIES, MAX_TIMEOUT_RETRIES, MAX_THROTTLED_RETRIES, retryDelayFor, shouldRetryFailure } from './retry-policy';

const registryError = (status: number, code = `HTTP_${status}`, retryAfterSeconds?: number) =>
  new RegistryError({ status, code, message: `${status} ${code}`, retryAfterSeconds });

const attempts = (error: unknown) => {
  let count = 0;
  while (shouldRetryFailure(count, error)) count += 1;
  return count;
};

describe('classifyFailure / shouldRetryFailure', () => {
  it.each([400, 401, 403, 404, 405, 409, 413, 415, 416, 501])('never retries HTTP %i', (status) => {
    expect(classifyFailure(registryError(status))).toBe('permanent');
    expect(shouldRetryFailure(0, registryError(status))).toBe(false);
  });

  it.each(['MANIFEST_MALFORMED', 'CONFIG_MALFORMED', 'UNSUPPORTED_MEDIA_TYPE', 'DIGEST_MISMATCH', 'RESPONSE_MALFORMED', 'BODY_TOO_LARGE', 'NAME_INVALID', 'REFERENCE_INVALID', 'REALM_NOT_ALLOWED', 'URL_NOT_ALLOWED', 'TOKEN_INVALID'])(
    'never retries the client-side failure %s',
    (code) => {
      expect(shouldRetryFailure(0, registryError(0, code))).toBe(false);
    },
  );

  it('never retries aborts, bugs or unknown values', () => {
    expect(shouldRetryFailure(0, new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(shouldRetryFailure(0, new Error('bug'))).toBe(false);
    expect(shouldRetryFailure(0, 'a string')).toBe(false);
  });

  it('retries network failures and timeouts a bounded number of times', () => {
    expect(attempts(registryError(0, 'NETWORK_ERROR'))).toBe(MAX_RETRIES);
    expect(attempts(registryError(0, 'TIMEOUT'))).toBe(MAX_TIMEOUT_RETRIES);
    expect(attempts(new TypeError('Failed to fetch'))).toBe(MAX_RETRIES);
    expect(attempts(registryError(500))).toBe(MAX_RETRIES);
    expect(attempts(registryError(502))).toBe(MAX_RETRIES);
    expect(attempts(registryError(504))).toBe(MAX_RETRIES);
  });

  it('gives throttling (429, 503) a few more attempts, still bounded', () => {
    expect(classifyFailure(registryError(429, 'TOOMANYREQUESTS'))).toBe('throttled');
    expect(classifyFailure(registryError(503, 'UNAVAILABLE', 2))).toBe('throttled');
    expect(classifyFailure(registryError(503))).toBe('transient');
    expect(attempts(registryError(429, 'TOOMANYREQUESTS', 1))).toBe(MAX_THROTTLED_RETRIES);
  });
});

describe('retryDelayFor', () => {
  const middle = () => 0.5;

  it('backs off exponentially from 1 s, capped at 10 s (without jitter at random = 0.5)', () => {
    const error = registryError(500);
    expect([0, 1, 2, 3, 4, 8].map((count) => retryDelayFor(count, error, middle))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('jitters backoff between half and one and a half of it', () => {
    const error = registryError(0, 'NETWORK_ERROR');
    expect(retryDelayFor(1, error, () => 0)).toBe(1000);
    expect(retryDelayFor(1, error, () => 0.999_999)).toBe(3000);
    expect(retryDelayFor(10, error, () => 0.999_999)).toBe(15_000);
  });

  it('honours Retry-After on 429 and 503: never earlier, at most half a second later', () => {
    expect(retryDelayFor(0, registryError(429, 'TOOMANYREQUESTS', 7), () => 0)).toBe(7000);
    expect(retryDelayFor(0, registryError(429, 'TOOMANYREQUESTS', 7), () => 0.999_999)).toBe(7500);
    expect(retryDelayFor(3, registryError(503, 'HTTP_503', 0), () => 0)).toBe(0);
  });

  it('caps an absurd Retry-After at one minute', () => {
    expect(retryDelayFor(0, registryError(429, 'TOOMANYREQUESTS', 86_400), () => 0)).toBe(60_000);
  });

  it('backs off when a 429/503 has no usable Retry-After', () => {
    expect(retryDelayFor(2, registryError(429, 'TOOMANYREQUESTS'), middle)).toBe(4000);
  });
});
