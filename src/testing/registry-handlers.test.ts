import { pushImage, pushIndex } from './fake-images';
import { DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, sha256Digest } from './fake-registry';
import { setupTestRegistry } from './test-server';

const ACCEPT_ALL = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, 'application/vnd.docker.distribution.manifest.v2+json'].join(', ');

const { fake, baseUrl } = setupTestRegistry({ catalogMaxPage: 1000 });

beforeEach(() => fake.reset());

const get = (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, init);
const manifest = (path: string, init: RequestInit = {}) =>
  get(path, { ...init, headers: { Accept: ACCEPT_ALL, ...(init.headers as Record<string, string> | undefined) } });

describe('registry handlers over FakeRegistry', () => {
  it('answers GET /v2/ with {} and the API version header', async () => {
    const res = await get('/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('Docker-Distribution-API-Version')).toBe('registry/2.0');
    expect(await res.json()).toEqual({});
  });

  it('serves two tags sharing one digest with matching headers and exact bytes', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1', 'also-v1'] });
    const a = await manifest('/v2/team/app/manifests/v1');
    const b = await manifest('/v2/team/app/manifests/also-v1');
    expect(a.status).toBe(200);
    expect(a.headers.get('Docker-Content-Digest')).toBe(image.digest);
    expect(b.headers.get('Docker-Content-Digest')).toBe(image.digest);
    expect(a.headers.get('Content-Type')).toBe(OCI_MANIFEST);
    const bytes = new Uint8Array(await a.arrayBuffer());
    expect(await sha256Digest(bytes)).toBe(image.digest);
    expect(a.headers.get('Content-Length')).toBe(String(bytes.byteLength));

    const head = await manifest(`/v2/team/app/manifests/${image.digest}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Length')).toBe(String(bytes.byteLength));
    expect(head.headers.get('Docker-Content-Digest')).toBe(image.digest);
  });

  it('deletes by digest together with every tag, then lists tags as null but keeps the repo in the catalog', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1', 'also-v1'] });
    const del = await get(`/v2/team/app/manifests/${image.digest}`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    expect(await (await get('/v2/team/app/tags/list')).json()).toEqual({ name: 'team/app', tags: null });
    expect((await manifest('/v2/team/app/manifests/v1')).status).toBe(404);
    expect((await (await get('/v2/_catalog')).json()) as unknown).toEqual({ repositories: ['team/app'] });
    const again = await get(`/v2/team/app/manifests/${image.digest}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ errors: [{ code: 'MANIFEST_UNKNOWN' }] });
  });

  it('keeps the other tags when only one digest of several is deleted', async () => {
    const one = await pushImage(fake, 'app', { tags: ['v1'] });
    await pushImage(fake, 'app', { tags: ['v2'] });
    await get(`/v2/app/manifests/${one.digest}`, { method: 'DELETE' });
    expect(await (await get('/v2/app/tags/list')).json()).toEqual({ name: 'app', tags: ['v2'] });
  });

  it('refuses delete by tag with 400 DIGEST_INVALID and deletes with 405 UNSUPPORTED when disabled', async () => {
    await pushImage(fake, 'app', { tags: ['v1'] });
    const byTag = await get('/v2/app/manifests/v1', { method: 'DELETE' });
    expect(byTag.status).toBe(400);
    expect(await byTag.json()).toMatchObject({ errors: [{ code: 'DIGEST_INVALID' }] });

    fake.deleteEnabled = false;
    const digest = fake.getManifest('app', 'v1')?.digest ?? '';
    const disabled = await get(`/v2/app/manifests/${digest}`, { method: 'DELETE' });
    expect(disabled.status).toBe(405);
    expect(await disabled.json()).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it('pages the catalog with a relative Link and no Link on the last page', async () => {
    for (const repo of ['c/one', 'a/b', 'b', 'a/c', 'd']) await fake.putBlob(repo, new Uint8Array([1]));
    const first = await get('/v2/_catalog?n=2');
    expect(await first.json()).toEqual({ repositories: ['a/b', 'a/c'] });
    expect(first.headers.get('Link')).toBe('</v2/_catalog?last=a%2Fc&n=2>; rel="next"');

    const second = await get('/v2/_catalog?last=a%2Fc&n=2');
    expect(await second.json()).toEqual({ repositories: ['b', 'c/one'] });
    const next = /<([^>]+)>/.exec(second.headers.get('Link') ?? '')?.[1] ?? '';
    const last = await get(next);
    expect(await last.json()).toEqual({ repositories: ['d'] });
    expect(last.headers.get('Link')).toBeNull();

    const tooMany = await get('/v2/_catalog?n=1001');
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ errors: [{ code: 'PAGINATION_NUMBER_INVALID' }] });
  });

  it('answers NAME_UNKNOWN for tags of an unknown repo or one that only received blobs', async () => {
    expect((await get('/v2/nope/tags/list')).status).toBe(404);
    await fake.putBlob('blobs-only', new Uint8Array([1, 2]));
    const res = await get('/v2/blobs-only/tags/list');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
  });

  it('hides OCI manifests and indexes from clients that do not accept them, even by digest', async () => {
    const image = await pushImage(fake, 'app', { tags: ['v1'] });
    const index = await pushIndex(fake, 'multi', { tags: ['1.0'], platforms: [{ os: 'linux', architecture: 'amd64' }] });
    for (const accept of [undefined, '*/*', 'application/vnd.docker.distribution.manifest.v2+json']) {
      const headers: Record<string, string> = accept ? { Accept: accept } : {};
      const res = await get(`/v2/app/manifests/${image.digest}`, { headers });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ errors: [{ code: 'MANIFEST_UNKNOWN', message: expect.stringMatching(/OCI manifest/) }] });
    }
    expect((await get('/v2/multi/manifests/1.0', { headers: { Accept: OCI_MANIFEST } })).status).toBe(404);
    const ok = await get('/v2/multi/manifests/1.0', { headers: { Accept: `${OCI_INDEX};q=0.9` } });
    expect(ok.headers.get('Docker-Content-Digest')).toBe(index.digest);
  });

  it('answers a Docker manifest list by tag with its linux/amd64 child when the list type is not accepted', async () => {
    const list = await pushIndex(fake, 'multi', {
      tags: ['1.0'],
      format: 'docker',
      platforms: [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'amd64' }],
    });
    const amd64 = list.children.find((c) => c.platform.architecture === 'amd64');
    const res = await get('/v2/multi/manifests/1.0', { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    expect(res.headers.get('Docker-Content-Digest')).toBe(amd64?.digest);
  });

  it('distinguishes unknown repository and unknown reference', async () => {
    await pushImage(fake, 'app', { tags: ['v1'] });
    expect(await (await manifest('/v2/nope/manifests/v1')).json()).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
    expect(await (await manifest('/v2/app/manifests/v9')).json()).toMatchObject({ errors: [{ code: 'MANIFEST_UNKNOWN' }] });
    const blob = await get(`/v2/app/blobs/sha256:${'0'.repeat(64)}`);
    expect(blob.status).toBe(404);
    expect(await blob.json()).toMatchObject({ errors: [{ code: 'BLOB_UNKNOWN' }] });
  });

  it('answers a malformed digest with 500 UNKNOWN', async () => {
    await pushImage(fake, 'app', { tags: ['v1'] });
    const res = await manifest('/v2/app/manifests/sha256:1234');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'UNKNOWN' }] });
  });

  it('answers invalid names and the referrers API with a plain-text 404', async () => {
    const image = await pushImage(fake, 'app', { tags: ['v1'] });
    for (const path of ['/v2/Bad/manifests/x', '/v2/app/manifests/.tag', `/v2/app/referrers/${image.digest}`, '/v2/app/tags/list/']) {
      const res = await manifest(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('404 page not found\n');
    }
  });

  it('mounts a blob with 201 and silently opens an upload (202) when the source lacks it', async () => {
    const digest = await fake.putBlob('source', new TextEncoder().encode('layer'));
    const mounted = await get(`/v2/target/blobs/uploads/?mount=${digest}&from=source`, { method: 'POST' });
    expect(mounted.status).toBe(201);
    expect(mounted.headers.get('Docker-Content-Digest')).toBe(digest);
    expect(fake.hasBlob('target', digest)).toBe(true);

    const missing = await get(`/v2/target/blobs/uploads/?mount=${digest}&from=elsewhere`, { method: 'POST' });
    expect(missing.status).toBe(202);
    const location = missing.headers.get('Location') ?? '';
    expect(location).toMatch(/\/v2\/target\/blobs\/uploads\//);
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(404);
  });

  it('accepts monolithic and chunked uploads and checks the digest', async () => {
    const bytes = new TextEncoder().encode('hello, layer');
    const digest = await sha256Digest(bytes);

    const start = await get('/v2/up/blobs/uploads/', { method: 'POST' });
    const mono = await fetch(`${start.headers.get('Location')}?digest=${digest}`, { method: 'PUT', body: bytes });
    expect(mono.status).toBe(201);
    expect(mono.headers.get('Docker-Content-Digest')).toBe(digest);

    const session = (await get('/v2/up2/blobs/uploads/', { method: 'POST' })).headers.get('Location') ?? '';
    const patched = await fetch(session, { method: 'PATCH', body: bytes.slice(0, 5) });
    expect(patched.status).toBe(202);
    expect(patched.headers.get('Range')).toBe('0-4');
    const done = await fetch(`${patched.headers.get('Location')}?digest=${digest}`, { method: 'PUT', body: bytes.slice(5) });
    expect(done.status).toBe(201);
    const blob = await get(`/v2/up2/blobs/${digest}`);
    expect(Array.from(new Uint8Array(await blob.arrayBuffer()))).toEqual(Array.from(bytes));

    const wrong = (await get('/v2/up3/blobs/uploads/', { method: 'POST' })).headers.get('Location') ?? '';
    const bad = await fetch(`${wrong}?digest=sha256:${'a'.repeat(64)}`, { method: 'PUT', body: bytes });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ code: 'DIGEST_INVALID' }] });
  });

  it('rejects a manifest whose blobs are not in this repository, one error per blob', async () => {
    const image = await pushImage(fake, 'source', { tags: ['v1'], layers: [2000] });
    const stored = fake.getManifest('source', 'v1');
    const res = await get('/v2/target/manifests/v1', {
      method: 'PUT',
      headers: { 'Content-Type': OCI_MANIFEST },
      body: stored?.bytes,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { code: string; detail: unknown }[] };
    expect(body.errors.map((e) => e.code)).toEqual(['MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN']);
    expect(body.errors.map((e) => e.detail)).toEqual([image.configDigest, image.layers[0]?.digest]);
  });

  it('stores a PUT manifest verbatim and requires a manifest Content-Type', async () => {
    await pushImage(fake, 'app', { tags: ['v1'] });
    const stored = fake.getManifest('app', 'v1');
    const plain = await get('/v2/app/manifests/copy', { method: 'PUT', body: stored?.bytes });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ errors: [{ code: 'MANIFEST_INVALID' }] });

    const put = await get('/v2/app/manifests/copy', { method: 'PUT', headers: { 'Content-Type': OCI_MANIFEST }, body: stored?.bytes });
    expect(put.status).toBe(201);
    expect(put.headers.get('Docker-Content-Digest')).toBe(stored?.digest);
    expect(fake.tagsOf('app', stored?.digest ?? '')).toEqual(['v1', 'copy']);

    const mismatch = await get(`/v2/app/manifests/sha256:${'b'.repeat(64)}`, { method: 'PUT', headers: { 'Content-Type': OCI_MANIFEST }, body: stored?.bytes });
    expect(await mismatch.json()).toMatchObject({ errors: [{ code: 'DIGEST_INVALID' }] });
  });

  it('logs requests so tests can count them', async () => {
    await pushImage(fake, 'app', { tags: ['v1'] });
    await manifest('/v2/app/manifests/v1', { method: 'HEAD' });
    await get('/v2/_catalog?n=5');
    expect(fake.requests).toEqual([
      { method: 'HEAD', path: '/v2/app/manifests/v1', query: '' },
      { method: 'GET', path: '/v2/_catalog', query: '?n=5' },
    ]);
  });
});
