// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from './client';
import { uploadTargetUrl, classifyTagDelete } from './uploads';
import { EMPTY_CONFIG_BYTES, EMPTY_CONFIG_DIGEST, throwawayManifest } from './untag-manifest';
import { sha256Digest } from './sha256';
import { blobExists, deleteManifestByTag, mountBlob, probeDeleteSupport, uploadBlob } from './write-operations';
import { pushImage } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';

const { fake, server, baseUrl } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
afterEach(() => {
  fake.reset();
  fake.deleteEnabled = true;
});

describe('pure helpers', () => {
  it('appends digest to an absolute Location with a query, or resolves a relative one', () => {
    expect(uploadTargetUrl('http://r.test/v2/a/blobs/uploads/u?_state=x%3D', 'http://r.test', 'sha256:ab')).toBe('http://r.test/v2/a/blobs/uploads/u?_state=x%3D&digest=sha256%3Aab');
    expect(uploadTargetUrl('/v2/a/blobs/uploads/u', 'http://r.test/prefix', 'sha256:ab')).toBe('http://r.test/v2/a/blobs/uploads/u?digest=sha256%3Aab');
    expect(uploadTargetUrl('/v2/a/blobs/uploads/u', '')).toBe('/v2/a/blobs/uploads/u');
  });
  it('reads delete-by-tag answers', () => {
    expect(classifyTagDelete(202, '')).toBe('deleted');
    expect(classifyTagDelete(404, 'MANIFEST_UNKNOWN')).toBe('not-found');
    expect(classifyTagDelete(400, 'DIGEST_INVALID')).toBe('unsupported');
    expect(classifyTagDelete(405, 'HTTP_405')).toBe('unsupported');
    expect(classifyTagDelete(400, 'UNSUPPORTED')).toBe('unsupported');
    expect(classifyTagDelete(400, 'MANIFEST_INVALID')).toBeNull();
    expect(classifyTagDelete(403, 'DENIED')).toBeNull();
  });
  it('the empty config digest is sha256("{}") and throwaways are unique', async () => {
    expect(await sha256Digest(EMPTY_CONFIG_BYTES)).toBe(EMPTY_CONFIG_DIGEST);
    const a = await sha256Digest(throwawayManifest('v1', 'one').bytes);
    const b = await sha256Digest(throwawayManifest('v1', 'two').bytes);
    expect(a).not.toBe(b);
  });
});

describe('write operations against the fake', () => {
  it('delete by tag on distribution semantics is "unsupported" and changes nothing', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const result = await deleteManifestByTag(client, 'team/app', 'v1');
    expect(result.outcome).toBe('unsupported');
    expect(result.error).toMatchObject({ status: 400, code: 'DIGEST_INVALID' });
    expect(fake.tagsOf('team/app', image.digest)).toEqual(['v1']);
  });

  it('delete by tag on an OCI 1.1 registry answers deleted', async () => {
    server.use(http.delete(`${baseUrl}/v2/team/app/manifests/v1`, () => new HttpResponse(null, { status: 202 })));
    expect((await deleteManifestByTag(client, 'team/app', 'v1')).outcome).toBe('deleted');
  });

  it('probes deletes without changing anything: enabled → 404, disabled → 405', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    expect(await probeDeleteSupport(client, 'team/app')).toBe('enabled');
    fake.deleteEnabled = false;
    expect(await probeDeleteSupport(client, 'team/app')).toBe('disabled');
    server.use(http.delete(`${baseUrl}/v2/team/app/manifests/:ref`, () => new HttpResponse(null, { status: 403 })));
    expect(await probeDeleteSupport(client, 'team/app')).toBe('unknown');
    expect(fake.tagsOf('team/app', fake.getManifest('team/app', 'v1')!.digest)).toEqual(['v1']);
  });

  it('uploads a blob (POST then PUT ?digest=) and sees it with HEAD', async () => {
    expect(await blobExists(client, 'team/app', EMPTY_CONFIG_DIGEST)).toBe(false);
    expect(await uploadBlob(client, 'team/app', EMPTY_CONFIG_BYTES)).toBe(EMPTY_CONFIG_DIGEST);
    expect(await blobExists(client, 'team/app', EMPTY_CONFIG_DIGEST)).toBe(true);
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'));
    expect(put?.query).toContain(`digest=${encodeURIComponent(EMPTY_CONFIG_DIGEST)}`);
  });

  it('uploads through a relative Location with a query', async () => {
    server.use(
      http.post(`${baseUrl}/v2/team/rel/blobs/uploads/`, () => new HttpResponse(null, { status: 202, headers: { Location: '/v2/team/rel/blobs/uploads/abc?_state=s1' } })),
      http.put(`${baseUrl}/v2/team/rel/blobs/uploads/abc`, ({ request }) => {
        const url = new URL(request.url);
        return url.searchParams.get('_state') === 's1' && url.searchParams.get('digest') === EMPTY_CONFIG_DIGEST
          ? new HttpResponse(null, { status: 201, headers: { 'Docker-Content-Digest': EMPTY_CONFIG_DIGEST } })
          : new HttpResponse(null, { status: 400 });
      }),
    );
    expect(await uploadBlob(client, 'team/rel', EMPTY_CONFIG_BYTES)).toBe(EMPTY_CONFIG_DIGEST);
  });

  it('mounts across repositories; a refused mount cancels its upload session', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const layer = image.layers[0]!.digest;
    expect(await mountBlob(client, 'team/app-prod', layer, 'team/app')).toBe('mounted');
    expect(fake.hasBlob('team/app-prod', layer)).toBe(true);
    expect(await mountBlob(client, 'team/other', EMPTY_CONFIG_DIGEST, 'team/app')).toBe('not-mounted');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: expect.stringMatching(/^\/v2\/team\/other\/blobs\/uploads\//) });
  });
});
