// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRegistryClient } from './client';
import { sha256Digest } from './sha256';
import { RegistryError } from './errors';
import { DOCKER_MANIFEST, MANIFEST_ACCEPT, OCI_INDEX, OCI_MANIFEST } from './manifests';

const BASE = 'http://registry.test';
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 3));

// Pretty-printed on purpose: the digest is of these exact bytes, not of a re-serialisation.
const configBytes = encode({
  architecture: 'amd64',
  os: 'linux',
  config: { Env: ['PATH=/usr/bin'], Cmd: null, Labels: null, Volumes: null, ExposedPorts: { '80/tcp': {} } },
  rootfs: { type: 'layers', diff_ids: [] },
  history: [{ created_by: 'RUN true', empty_layer: true }],
});
let configDigest = '';
let manifestBytes = new Uint8Array();
let manifestDigest = '';
let indexBytes = new Uint8Array();
let indexDigest = '';

let seen: { method: string; path: string; headers: Headers; body?: Uint8Array }[] = [];
const record = async (request: Request) => {
  const body = request.method === 'PUT' ? new Uint8Array(await request.arrayBuffer()) : undefined;
  seen.push({ method: request.method, path: decodeURIComponent(new URL(request.url).pathname), headers: request.headers, body });
};

const server = setupServer(
  http.get(`${BASE}/v2/`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({});
  }),
  http.get(`${BASE}/v2/team/app/manifests/:reference`, async ({ request, params }) => {
    await record(request);
    if (params.reference === 'v1' || params.reference === manifestDigest) {
      return new HttpResponse(manifestBytes, { headers: { 'Content-Type': OCI_MANIFEST, 'Docker-Content-Digest': manifestDigest } });
    }
    if (params.reference === 'multi') return new HttpResponse(indexBytes, { headers: { 'Content-Type': OCI_INDEX } });
    if (params.reference === 'tampered') {
      return new HttpResponse(manifestBytes, { headers: { 'Content-Type': OCI_MANIFEST, 'Docker-Content-Digest': indexDigest } });
    }
    return HttpResponse.json({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: params.reference } }] }, { status: 404 });
  }),
  http.head(`${BASE}/v2/team/app/manifests/:reference`, async ({ request, params }) => {
    await record(request);
    if (params.reference === 'v1') {
      return new HttpResponse(null, {
        headers: { 'Content-Type': OCI_MANIFEST, 'Docker-Content-Digest': manifestDigest, 'Content-Length': String(manifestBytes.byteLength) },
      });
    }
    if (params.reference === 'multi') return new HttpResponse(null, { headers: { 'Content-Type': OCI_INDEX } }); // digest not exposed
    return new HttpResponse(null, { status: 404 });
  }),
  http.get(`${BASE}/v2/team/app/blobs/:digest`, async ({ request, params }) => {
    await record(request);
    if (params.digest === configDigest) return new HttpResponse(configBytes);
    if (params.digest === indexDigest) return new HttpResponse(new TextEncoder().encode('not json')); // wrong content
    if (params.digest === manifestDigest) return new HttpResponse(manifestBytes);
    return HttpResponse.json({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown to registry', detail: params.digest }] }, { status: 404 });
  }),
  http.delete(`${BASE}/v2/team/app/manifests/:digest`, async ({ request, params }) => {
    await record(request);
    if (params.digest === manifestDigest) return new HttpResponse(null, { status: 202 });
    if (params.digest === indexDigest) return HttpResponse.json({ errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] }, { status: 405 });
    return HttpResponse.json({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }, { status: 404 });
  }),
  http.put(`${BASE}/v2/team/app/manifests/:reference`, async ({ request }) => {
    await record(request);
    const bytes = seen.at(-1)?.body ?? new Uint8Array();
    return new HttpResponse(null, { status: 201, headers: { 'Docker-Content-Digest': await sha256Digest(bytes) } });
  }),
  http.get(`${BASE}/v2/team/empty/tags/list`, () => HttpResponse.json({ name: 'team/empty', tags: null })),
  http.get(`${BASE}/v2/team/gone/tags/list`, () =>
    HttpResponse.json({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'team/gone' } }] }, { status: 404 }),
  ),
  http.get(`${BASE}/v2/team/busy/tags/list`, () =>
    HttpResponse.json({ errors: [{ code: 'TOOMANYREQUESTS', message: 'too many requests' }] }, { status: 429, headers: { 'Retry-After': '120' } }),
  ),
  http.get(`${BASE}/v2/team/plain/tags/list`, () => new HttpResponse('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain' } })),
  http.get(`${BASE}/v2/team/down/tags/list`, () => HttpResponse.error()),
  http.get(`${BASE}/v2/team/weird/tags/list`, () => HttpResponse.json({ tags: 'nope' })),
);

beforeAll(async () => {
  configDigest = await sha256Digest(configBytes);
  manifestBytes = encode({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: configBytes.byteLength },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'b'.repeat(64)}`, size: 1234 }],
  });
  manifestDigest = await sha256Digest(manifestBytes);
  indexBytes = encode({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifestBytes.byteLength, platform: { os: 'linux', architecture: 'amd64' } }],
  });
  indexDigest = await sha256Digest(indexBytes);
  server.listen({ onUnhandledRequest: 'error' });
});
beforeEach(() => {
  seen = [];
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createRegistryClient({ baseUrl: BASE, fetch, headers: { 'X-Meta-Source-Client': 'regatta' } });

async function caught(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('getManifest', () => {
  it('asks for every manifest type, returns exact bytes and the verified digest', async () => {
    const fetched = await client().getManifest('team/app', 'v1');
    expect(seen[0]?.headers.get('Accept')).toBe(MANIFEST_ACCEPT);
    expect(seen[0]?.headers.get('X-Meta-Source-Client')).toBe('regatta');
    expect(fetched.digest).toBe(manifestDigest);
    expect(fetched.mediaType).toBe(OCI_MANIFEST);
    expect(fetched.bytes).toEqual(manifestBytes);
    expect(fetched.manifest.kind === 'image' && fetched.manifest.layers[0]?.size).toBe(1234);
  });

  it('fetches by digest (encoded in the URL)', async () => {
    const fetched = await client().getManifest('team/app', manifestDigest);
    expect(fetched.digest).toBe(manifestDigest);
    expect(seen[0]?.path).toBe(`/v2/team/app/manifests/${manifestDigest}`);
  });

  it('computes the digest when Docker-Content-Digest is absent', async () => {
    const fetched = await client().getManifest('team/app', 'multi');
    expect(fetched.digest).toBe(indexDigest);
    expect(fetched.manifest.kind).toBe('index');
  });

  it('detects a digest mismatch', async () => {
    const error = await caught(client().getManifest('team/app', 'tampered'));
    expect(error).toMatchObject({ code: 'DIGEST_MISMATCH', repository: 'team/app', reference: 'tampered' });
    expect(error.message).toContain(manifestDigest);
    expect(error.message).toContain(indexDigest);
  });

  it('carries the OCI error with repository and reference', async () => {
    const error = await caught(client().getManifest('team/app', 'missing'));
    expect(error).toMatchObject({ status: 404, code: 'MANIFEST_UNKNOWN', repository: 'team/app', reference: 'missing', url: `${BASE}/v2/team/app/manifests/missing` });
    expect(error.message).toBe('404 MANIFEST_UNKNOWN: manifest unknown');
    expect(error.errors[0]?.detail).toEqual({ Tag: 'missing' });
  });

  it('refuses invalid names and references before sending', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const local = createRegistryClient({ baseUrl: BASE, fetch: fetchSpy });
    await expect(local.getManifest('Team/App', 'v1')).rejects.toMatchObject({ status: 0, code: 'NAME_INVALID', repository: 'Team/App' });
    await expect(local.getManifest('team/app', '.hidden')).rejects.toMatchObject({ status: 0, code: 'REFERENCE_INVALID', reference: '.hidden' });
    await expect(local.getManifest('team/app', 'sha256:1234')).rejects.toMatchObject({ status: 0, code: 'REFERENCE_INVALID' });
    await expect(local.listTags('team//app')).rejects.toMatchObject({ code: 'NAME_INVALID' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('headManifest', () => {
  it('reads digest, media type and size from headers', async () => {
    expect(await client().headManifest('team/app', 'v1')).toEqual({ digest: manifestDigest, mediaType: OCI_MANIFEST, size: manifestBytes.byteLength });
    expect(seen.map((r) => r.method)).toEqual(['HEAD']);
    expect(seen[0]?.headers.get('Accept')).toBe(MANIFEST_ACCEPT);
  });

  it('is null on 404', async () => {
    expect(await client().headManifest('team/app', 'nope')).toBeNull();
  });

  it('falls back to GET when the digest header is missing', async () => {
    expect(await client().headManifest('team/app', 'multi')).toEqual({ digest: indexDigest, mediaType: OCI_INDEX, size: indexBytes.byteLength });
    expect(seen.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });
});

describe('blobs', () => {
  it('parses an image config, tolerating Docker nulls', async () => {
    const config = await client().getImageConfig('team/app', configDigest);
    expect(config.architecture).toBe('amd64');
    expect(config.config?.Env).toEqual(['PATH=/usr/bin']);
    expect(config.config?.Cmd).toBeNull();
    expect(config.config?.Volumes).toBeUndefined();
    expect(config.config?.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(config.history?.[0]).toEqual({ created_by: 'RUN true', empty_layer: true });
  });

  it('verifies blob bytes against the digest', async () => {
    await expect(client().getImageConfig('team/app', indexDigest)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(await client().getBlob('team/app', manifestDigest)).toEqual(manifestBytes);
  });

  it('reports a blob that is not a config as CONFIG_MALFORMED', async () => {
    server.use(http.get(`${BASE}/v2/team/app/blobs/:digest`, () => new HttpResponse(new TextEncoder().encode('[1,2]'))));
    const digest = await sha256Digest(new TextEncoder().encode('[1,2]'));
    await expect(client().getImageConfig('team/app', digest)).rejects.toMatchObject({ code: 'CONFIG_MALFORMED', reference: digest });
    const text = new TextEncoder().encode('{oops');
    server.use(http.get(`${BASE}/v2/team/app/blobs/:digest`, () => new HttpResponse(text)));
    await expect(client().getImageConfig('team/app', await sha256Digest(text))).rejects.toMatchObject({ code: 'CONFIG_MALFORMED' });
  });
});

describe('deleteManifest', () => {
  it('deletes by digest: 202 → true, 404 → false', async () => {
    expect(await client().deleteManifest('team/app', manifestDigest)).toBe(true);
    expect(await client().deleteManifest('team/app', `sha256:${'c'.repeat(64)}`)).toBe(false);
    expect(seen.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('refuses tags (no delete by tag in distribution) without sending', async () => {
    const error = await caught(client().deleteManifest('team/app', 'v1'));
    expect(error).toMatchObject({ status: 0, code: 'REFERENCE_INVALID', reference: 'v1' });
    expect(error.message).toMatch(/by digest only/);
    expect(seen).toHaveLength(0);
  });

  it('surfaces 405 UNSUPPORTED (deletes disabled)', async () => {
    await expect(client().deleteManifest('team/app', indexDigest)).rejects.toMatchObject({ status: 405, code: 'UNSUPPORTED' });
  });
});

describe('putManifest', () => {
  it('sends the exact bytes with the media type as Content-Type and returns the digest', async () => {
    const digest = await client().putManifest('team/app', 'v2', manifestBytes, OCI_MANIFEST);
    expect(digest).toBe(manifestDigest);
    expect(seen[0]?.headers.get('Content-Type')).toBe(OCI_MANIFEST);
    expect(seen[0]?.body).toEqual(manifestBytes);
  });

  it('sends only the view’s bytes of a larger buffer', async () => {
    const padded = new Uint8Array(manifestBytes.byteLength + 10);
    padded.set(manifestBytes, 5);
    expect(await client().putManifest('team/app', 'v3', padded.subarray(5, 5 + manifestBytes.byteLength), DOCKER_MANIFEST)).toBe(manifestDigest);
  });

  it('refuses bytes that do not match a digest reference', async () => {
    await expect(client().putManifest('team/app', indexDigest, manifestBytes, OCI_MANIFEST)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    expect(seen).toHaveLength(0);
  });
});

describe('listTags and errors', () => {
  it('turns "tags": null into []', async () => {
    expect(await client().listTags('team/empty')).toEqual([]);
  });

  it('throws NAME_UNKNOWN with a human message', async () => {
    const error = await caught(client().listTags('team/gone'));
    expect(error).toMatchObject({ status: 404, code: 'NAME_UNKNOWN', repository: 'team/gone' });
    expect(error.message).toBe('404 NAME_UNKNOWN: repository name not known to registry');
  });

  it('reads Retry-After on 429', async () => {
    const error = await caught(client().listTags('team/busy'));
    expect(error).toMatchObject({ status: 429, code: 'TOOMANYREQUESTS', retryAfterSeconds: 120 });
  });

  it('reads a plain-text 404', async () => {
    const error = await caught(client().listTags('team/plain'));
    expect(error).toMatchObject({ status: 404, code: 'HTTP_404', message: '404 page not found', errors: [] });
  });

  it('rejects a malformed answer', async () => {
    await expect(client().listTags('team/weird')).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' });
  });

  it('reports a failed fetch as status 0 NETWORK_ERROR mentioning CORS', async () => {
    const error = await caught(client().listTags('team/down'));
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', repository: 'team/down' });
    expect(error.message).toMatch(/CORS/);

    const rejecting = createRegistryClient({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    const fromTypeError = await caught(rejecting.ping());
    expect(fromTypeError).toMatchObject({ status: 0, code: 'NETWORK_ERROR', url: `${BASE}/v2/` });
    expect(fromTypeError.cause).toBeInstanceOf(TypeError);
  });

  it('lets AbortError through unchanged', async () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    const aborting = createRegistryClient({ baseUrl: BASE, fetch: () => Promise.reject(abort) });
    await expect(aborting.listTags('team/app')).rejects.toBe(abort);

    const controller = new AbortController();
    controller.abort();
    const error: unknown = await client()
      .getManifest('team/app', 'v1', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RegistryError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('pings /v2/', async () => {
    await client().ping();
    expect(seen[0]?.path).toBe('/v2/');
  });

  it('works with a same-origin base URL ("") through a fetch that resolves paths', async () => {
    const relative = createRegistryClient({ baseUrl: '', fetch: (input, init) => fetch(new URL(String(input), BASE), init) });
    expect((await relative.getManifest('team/app', 'v1')).digest).toBe(manifestDigest);
  });
});
