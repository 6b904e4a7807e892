// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from '../registry/client';
import { DELETE_PROBE_DIGEST } from '../registry/write-operations';
import { pushImage, pushIndex, tagExisting } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { deleteImages, removeTags, type ActionContext } from './action-runner';
import { ActionRefusedError } from './operations/decisions';
import { copyImage, removeTag, retag } from './operations/executor';

const { fake, server, baseUrl } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
const ctx = (name = 'team/app'): ActionContext => ({ client, name });
afterEach(() => {
  fake.reset();
  fake.deleteEnabled = true;
});

const deletes = () => fake.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/manifests/'));
const manifestPuts = () => fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/'));

async function twoTags() {
  const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
  await tagExisting(fake, 'team/app', 'also-v1', image.digest);
  return image;
}

describe('removeTag', () => {
  it('safe untag: removes v1, also-v1 still points at the same digest, the image stays', async () => {
    const image = await twoTags();
    const result = await removeTag(ctx(), { tag: 'v1', expectedDigest: image.digest, strategies: ['delete-by-tag', 'throwaway'] });
    expect(result).toMatchObject({ tag: 'v1', outcome: 'removed', via: 'throwaway' });
    expect(fake.listTags('team/app')).toEqual(['also-v1']);
    expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
    expect(fake.getManifest('team/app', image.digest)).toBeDefined();
    // Only the throwaway was deleted by digest (plus the refused tag DELETE and the probe).
    const byDigest = deletes().filter((r) => /sha256:/.test(r.path));
    expect(byDigest.filter((r) => !r.path.endsWith(image.digest)).length).toBe(2);
    expect(byDigest.some((r) => r.path.endsWith(image.digest))).toBe(false);
  });

  it('keeps an image untagged when its last tag is removed', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['solo'] });
    await removeTag(ctx(), { tag: 'solo', expectedDigest: image.digest, strategies: ['throwaway'] });
    expect(fake.listTags('team/app')).toBeNull();
    expect(fake.getManifest('team/app', image.digest)).toBeDefined();
  });

  it('uses an OCI 1.1 DELETE by tag when the registry has it', async () => {
    const image = await twoTags();
    server.use(
      // What an OCI 1.1 registry answers: only the tag goes.
      http.delete(`${baseUrl}/v2/team/app/manifests/v1`, () => new HttpResponse(null, { status: 202 })),
    );
    const learned: string[] = [];
    const result = await removeTag(ctx(), { tag: 'v1', expectedDigest: image.digest, strategies: ['delete-by-tag', 'throwaway'], onTagDeleteSupport: (s) => learned.push(s) });
    expect(result.via).toBe('delete-by-tag');
    expect(learned).toEqual(['supported']);
    expect(manifestPuts()).toEqual([]);
  });

  it('refuses when the tag moved since the user looked, and changes nothing', async () => {
    const image = await twoTags();
    const other = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'other' });
    const before = manifestPuts().length;
    await expect(removeTag(ctx(), { tag: 'v1', expectedDigest: image.digest, strategies: ['delete-by-tag', 'throwaway'] })).rejects.toMatchObject({ reason: 'drift' });
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(other.digest);
    expect(manifestPuts().length).toBe(before);
    expect(deletes()).toEqual([]);
  });

  it('refuses before pushing anything when deletes are disabled (the tag is never left on a throwaway)', async () => {
    const image = await twoTags();
    fake.deleteEnabled = false;
    const before = manifestPuts().length;
    await expect(removeTag(ctx(), { tag: 'v1', expectedDigest: image.digest, strategies: ['delete-by-tag', 'throwaway'] })).rejects.toBeInstanceOf(ActionRefusedError);
    expect(manifestPuts().length).toBe(before);
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(image.digest);
  });

  it('puts the original back if the throwaway cannot be deleted', async () => {
    const image = await twoTags();
    server.use(
      http.delete(`${baseUrl}/v2/team/app/manifests/:ref`, ({ params }) =>
        String(params.ref).startsWith('sha256:') && params.ref !== DELETE_PROBE_DIGEST
          ? HttpResponse.json({ errors: [{ code: 'DENIED', message: 'no' }] }, { status: 403 })
          : undefined,
      ),
    );
    await expect(removeTag(ctx(), { tag: 'v1', expectedDigest: image.digest, strategies: ['throwaway'] })).rejects.toThrow(/Tag v1 was not removed: deleting the throwaway manifest failed \(403 DENIED: no\)\. The tag was put back on its image/);
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(image.digest);
  });

  it('is idempotent: a second run finds the tag gone and sends no DELETE', async () => {
    const image = await twoTags();
    await removeTags(ctx(), { selected: [{ tag: 'v1', digest: image.digest }], strategies: () => ['throwaway'] });
    const after = deletes().length;
    const again = await removeTags(ctx(), { selected: [{ tag: 'v1', digest: image.digest }], strategies: () => ['throwaway'] });
    expect(again.removed).toMatchObject([{ tag: 'v1', outcome: 'already-gone' }]);
    expect(deletes().length).toBe(after);
    expect(fake.listTags('team/app')).toEqual(['also-v1']);
  });

  it('bulk: several tags of one image one after another, the image and the unselected tag survive', async () => {
    const image = await twoTags();
    await tagExisting(fake, 'team/app', 'latest', image.digest);
    const result = await removeTags(ctx(), {
      selected: [
        { tag: 'v1', digest: image.digest },
        { tag: 'also-v1', digest: image.digest },
      ],
      strategies: () => ['throwaway'],
    });
    expect(result.failed).toEqual([]);
    expect(fake.listTags('team/app')).toEqual(['latest']);
    expect(fake.getManifest('team/app', 'latest')?.digest).toBe(image.digest);
  });
});

describe('deleteImages', () => {
  it('deletes the digest and every tag on it, and is idempotent', async () => {
    const image = await twoTags();
    const keep = await pushImage(fake, 'team/app', { tags: ['v2'] });
    const confirmed = new Map([
      ['v1', image.digest],
      ['also-v1', image.digest],
    ]);
    const first = await deleteImages(ctx(), { digests: [image.digest], confirmed });
    expect(first.deleted).toEqual([image.digest]);
    expect(fake.listTags('team/app')).toEqual(['v2']);
    expect(fake.getManifest('team/app', keep.digest)).toBeDefined();
    const count = deletes().length;
    const second = await deleteImages(ctx(), { digests: [image.digest], confirmed });
    expect(second).toMatchObject({ deleted: [], alreadyGone: [image.digest] });
    expect(deletes().length).toBe(count);
  });

  it('refuses when a tag the user did not confirm now points at the digest', async () => {
    const image = await twoTags();
    await tagExisting(fake, 'team/app', 'sneaky', image.digest);
    await expect(deleteImages(ctx(), { digests: [image.digest], confirmed: new Map([['v1', image.digest], ['also-v1', image.digest]]) })).rejects.toMatchObject({ reason: 'drift' });
    expect(deletes()).toEqual([]);
  });

  it('refuses when a confirmed tag moved', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'moved' });
    await expect(deleteImages(ctx(), { digests: [image.digest], confirmed: new Map([['v1', image.digest]]) })).rejects.toMatchObject({ reason: 'drift' });
    expect(fake.getManifest('team/app', image.digest)).toBeDefined();
  });

  it('never deletes a child of a tagged index', async () => {
    const index = await pushIndex(fake, 'team/app', { tags: ['multi'], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    const child = index.children[0]!.digest;
    await tagExisting(fake, 'team/app', 'amd-only', child);
    await expect(deleteImages(ctx(), { digests: [child], confirmed: new Map([['amd-only', child]]) })).rejects.toMatchObject({ reason: 'guarded' });
    expect(fake.getManifest('team/app', child)).toBeDefined();
    expect(deletes()).toEqual([]);
  });

  it('deletes no digest twice even when it is asked for twice', async () => {
    const image = await twoTags();
    await deleteImages(ctx(), { digests: [image.digest, image.digest], confirmed: new Map([['v1', image.digest], ['also-v1', image.digest]]) });
    expect(deletes().filter((r) => r.path.endsWith(image.digest)).length).toBe(1);
  });
});

describe('retag and copy', () => {
  it('re-tag writes the exact bytes: identical digest', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'], format: 'docker' });
    const result = await retag(ctx(), { sourceTag: 'v1', expectedDigest: image.digest, targetTag: 'stable', expectedTarget: null });
    expect(result.digest).toBe(image.digest);
    expect(fake.getManifest('team/app', 'stable')?.digest).toBe(image.digest);
  });

  it('re-tag refuses when the target tag changed since the user looked', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const other = await pushImage(fake, 'team/app', { tags: ['stable'], seed: 'x' });
    await expect(retag(ctx(), { sourceTag: 'v1', expectedDigest: image.digest, targetTag: 'stable', expectedTarget: null })).rejects.toMatchObject({ reason: 'drift' });
    expect(fake.getManifest('team/app', 'stable')?.digest).toBe(other.digest);
  });

  it('copies an index to a new repository: blobs mounted, children first, digests identical', async () => {
    const index = await pushIndex(fake, 'team/app', { tags: ['rc1'], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    const progress: number[] = [];
    const result = await copyImage(
      { client, name: 'team/app', onProgress: (p) => progress.push(p.done) },
      { sourceTag: 'rc1', expectedDigest: index.digest, target: 'team/app-prod', targetTag: '1.0', expectedTarget: null },
    );
    expect(result).toMatchObject({ digest: index.digest, uploaded: 0, manifests: 3 });
    expect(result.mounted).toBeGreaterThan(0);
    expect(fake.getManifest('team/app-prod', '1.0')?.digest).toBe(index.digest);
    for (const child of index.children) expect(fake.getManifest('team/app-prod', child.digest)).toBeDefined();
    expect(fake.catalog()).toContain('team/app-prod');
    expect(progress.at(-1)).toBe(progress.length - 1);
  });

  it('falls back to download + upload when the registry refuses the mount', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['rc1'] });
    server.use(
      http.post(`${baseUrl}/v2/team/app-prod/blobs/uploads/`, ({ request }) =>
        new URL(request.url).searchParams.has('mount') ? new HttpResponse(null, { status: 202, headers: { Location: `${baseUrl}/v2/team/app-prod/blobs/uploads/refused` } }) : undefined,
      ),
      http.delete(`${baseUrl}/v2/team/app-prod/blobs/uploads/refused`, () => new HttpResponse(null, { status: 204 })),
    );
    const result = await copyImage(ctx(), { sourceTag: 'rc1', expectedDigest: image.digest, target: 'team/app-prod', targetTag: 'rc1', expectedTarget: null });
    expect(result).toMatchObject({ mounted: 0, uploaded: 1 + image.layers.length, digest: image.digest });
    expect(fake.getManifest('team/app-prod', 'rc1')?.digest).toBe(image.digest);
  });
});
