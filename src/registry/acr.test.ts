import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { pushImage } from '../testing/fake-images';
import { setupAcrTestRegistry } from '../testing/test-server';
import { RegistryError } from './errors';

const { fake, acr, server, baseUrl, client, api } = setupAcrTestRegistry('http://myregistry.test');

async function seed() {
  const v1 = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one' });
  const v2 = await pushImage(fake, 'team/app', { tags: ['v2', 'latest'], seed: 'two' });
  // Re-push v1 with other content: the first v1 is left untagged.
  const v1b = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one-again' });
  const loose = await pushImage(fake, 'team/app', { tags: [], seed: 'by-digest' });
  const extra = await pushImage(fake, 'team/app', { tags: ['v3'], seed: 'three' });
  return { v1, v2, v1b, loose, extra };
}

describe('ACR metadata API client (against the ACR-shaped fake)', () => {
  it('detects the API by probing, and not on a plain v2 registry', async () => {
    expect(await api.probe()).toBe(true);
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => new HttpResponse('<!doctype html><title>SPA</title>', { headers: { 'Content-Type': 'text/html' } })));
    expect(await api.probe()).toBe(false);
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => new HttpResponse('404 page not found\n', { status: 404 })));
    expect(await api.probe()).toBe(false);
  });

  it('lists every manifest page by page (n/last + Link), untagged ones included', async () => {
    const { v1, v2, v1b, loose, extra } = await seed();
    const pages: string[][] = [];
    for await (const page of api.manifestPages('team/app', { pageSize: 2 })) pages.push(page.map((m) => m.digest));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual([v1.digest, v2.digest, v1b.digest, loose.digest, extra.digest].sort());
    const listed = await api.listManifests('team/app', { pageSize: 2 });
    const byDigest = new Map(listed.map((m) => [m.digest, m]));
    expect(byDigest.get(v2.digest)).toMatchObject({ tags: ['latest', 'v2'], imageSize: v2.size, mediaType: v2.mediaType, architecture: 'amd64', os: 'linux' });
    expect(byDigest.get(v2.digest)?.changeableAttributes).toEqual({ deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true });
    // Untagged: no tags field at all, like ACR.
    expect(byDigest.get(v1.digest)?.tags).toBeUndefined();
    expect(byDigest.get(loose.digest)?.tags).toBeUndefined();
    const requests = fake.requests.filter((r) => r.path === '/acr/v1/team/app/_manifests');
    expect(requests.map((r) => r.query)).toEqual([]); // the v2 fake never saw them: ACR handlers answered
  });

  it('lists tags with digests, times and locks', async () => {
    const { v1b } = await seed();
    acr.setTagTimes('team/app', 'v1', { lastUpdateTime: '2026-02-01T00:00:00Z' });
    const tags = await api.listTags('team/app', { pageSize: 1 });
    expect(tags.map((t) => t.name)).toEqual(['latest', 'v1', 'v2', 'v3']);
    expect(tags.find((t) => t.name === 'v1')).toMatchObject({ digest: v1b.digest, lastUpdateTime: '2026-02-01T00:00:00Z' });
  });

  it('locks: PATCH sets them, the registry refuses deletes, deleteTag says why', async () => {
    const { v2, loose } = await seed();
    const updated = await api.updateManifestAttributes('team/app', loose.digest, { deleteEnabled: false, writeEnabled: false });
    expect(updated.changeableAttributes).toMatchObject({ deleteEnabled: false, writeEnabled: false });
    await expect(client.deleteManifest('team/app', loose.digest)).rejects.toMatchObject({ status: 405, code: 'REGISTRY_DISALLOWED_OPERATION' });

    const tag = await api.updateTagAttributes('team/app', 'v2', { deleteEnabled: false, writeEnabled: false });
    expect(tag.changeableAttributes?.deleteEnabled).toBe(false);
    const refused = await api.deleteTag('team/app', 'v2').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryError);
    expect((refused as RegistryError).code).toBe('REGISTRY_DISALLOWED_OPERATION');
    // A manifest with a locked tag is not deleted either.
    await expect(client.deleteManifest('team/app', v2.digest)).rejects.toMatchObject({ status: 405 });

    expect(await api.deleteTag('team/app', 'latest')).toBe(true);
    expect(fake.tagsOf('team/app', v2.digest)).toEqual(['v2']);
    expect(await api.deleteTag('team/app', 'latest')).toBe(false);
  });
});
