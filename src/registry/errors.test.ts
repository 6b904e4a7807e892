// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isRegistryError, networkError, parseRegistryErrorBody, parseRetryAfter, RegistryError } from './errors';

const body = (errors: unknown) => JSON.stringify({ errors });

describe('parseRegistryErrorBody', () => {
  it('reads the OCI error JSON into a human message', () => {
    const parsed = parseRegistryErrorBody(
      404,
      body([{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'nope' } }]),
    );
    expect(parsed.code).toBe('NAME_UNKNOWN');
    expect(parsed.message).toBe('404 NAME_UNKNOWN: repository name not known to registry');
    expect(parsed.errors).toEqual([{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'nope' } }]);
  });

  it.each([
    ['object', { Tag: 'latest', Name: 'a/b' }, { Tag: 'latest', Name: 'a/b' }],
    ['string', 'sha256:abc', 'sha256:abc'],
    ['array', [{ Type: 'repository', Name: 'a', Action: 'pull' }], [{ Type: 'repository', Name: 'a', Action: 'pull' }]],
    ['empty object', {}, {}],
    ['null', null, undefined],
  ])('keeps a detail that is a %s', (_label, detail, expected) => {
    const parsed = parseRegistryErrorBody(400, body([{ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail }]));
    expect(parsed.code).toBe('MANIFEST_INVALID');
    expect(parsed.errors[0]?.detail).toEqual(expected);
  });

  it('counts further errors and tolerates missing fields', () => {
    const parsed = parseRegistryErrorBody(
      400,
      body([{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry' }, { code: 'MANIFEST_BLOB_UNKNOWN' }, 'junk', { message: 'no code' }]),
    );
    expect(parsed.message).toBe('400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry (and 2 more)');
    expect(parsed.errors.map((e) => e.code)).toEqual(['MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN', 'UNKNOWN']);
    expect(parseRegistryErrorBody(503, body([{ code: 'UNAVAILABLE' }])).message).toBe('503 UNAVAILABLE: Service Unavailable');
  });

  it('reads plain text such as distribution’s "404 page not found"', () => {
    expect(parseRegistryErrorBody(404, '404 page not found\n')).toEqual({ code: 'HTTP_404', message: '404 page not found', errors: [] });
    expect(parseRegistryErrorBody(502, 'upstream down')).toEqual({ code: 'HTTP_502', message: '502 upstream down', errors: [] });
  });

  it('copes with empty, HTML and non-OCI JSON bodies', () => {
    expect(parseRegistryErrorBody(404, '')).toEqual({ code: 'HTTP_404', message: '404 Not Found', errors: [] });
    expect(parseRegistryErrorBody(418, '  ').message).toBe('418 HTTP error');
    expect(parseRegistryErrorBody(502, '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>').message).toBe('502 Bad Gateway');
    expect(parseRegistryErrorBody(500, '{"error":"boom"}').code).toBe('HTTP_500');
    expect(parseRegistryErrorBody(500, '{"errors":[]}').code).toBe('HTTP_500');
    expect(parseRegistryErrorBody(500, '{not json').message).toBe('500 {not json');
    expect(parseRegistryErrorBody(500, 'x'.repeat(1000)).message.length).toBeLessThan(320);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('RegistryError', () => {
  it('is an Error carrying the protocol facts', () => {
    const error = new RegistryError({ status: 404, code: 'NAME_UNKNOWN', message: '404 NAME_UNKNOWN: x', repository: 'a/b' });
    expect(error).toBeInstanceOf(Error);
    expect(isRegistryError(error)).toBe(true);
    expect(isRegistryError(new Error('x'))).toBe(false);
    expect(error).toMatchObject({ name: 'RegistryError', status: 404, code: 'NAME_UNKNOWN', repository: 'a/b', errors: [], challenges: [] });
  });
});

describe('networkError', () => {
  it('names CORS, every header a registry on another origin must send, and the proxy alternative', () => {
    const error = networkError(new TypeError('Failed to fetch'), { url: 'http://127.0.0.1:5001/v2/_catalog' });
    expect(error.status).toBe(0);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toContain('http://127.0.0.1:5001/v2/_catalog (Failed to fetch)');
    expect(error.message).toContain('CORS');
    for (const header of ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Expose-Headers']) {
      expect(error.message).toContain(header);
    }
    for (const exposed of ['Docker-Content-Digest', 'Link', 'WWW-Authenticate']) expect(error.message).toContain(exposed);
    expect(error.message).toMatch(/proxy/);
  });
});
