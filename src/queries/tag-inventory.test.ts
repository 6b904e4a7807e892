// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from '../registry/client';
import { pushImage, tagExisting } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { repositoryQueries, requestKeys } from './registry-queries';
import { createRequestQueue } from './request-queue';
import { currentDigests, groupTagsByDigest, readTagInventory } from './tag-inventory';

const { fake, server, baseUrl } = setupTestRegistry();
const newClient = () => createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
afterEach(() => fake.reset());

const d = (c: string) => `sha256:${c.repeat(64)}`;
const heads = (name: string) => fake.requests.filter((r) => r.method === 'HEAD' && r.path.startsWith(`/v2/${name}/manifests/`));

describe('groupTagsByDigest', () => {
  it('groups tags per digest in the order given, skipping unresolved and gone ones', () => {
    const groups = groupTagsByDigest([
      ['latest', d('a')],
      ['v1', d('a')],
      ['v2', d('b')],
      ['pending', undefined],
      ['gone', null],
    ]);
    expect([...groups]).toEqual([
      [d('a'), ['latest', 'v1']],
      [d('b'), ['v2']],
    ]);
  });
});

describe('readTagInventory', () => {
  it('lists, resolves every tag and groups them; the answers land in the tag table cache', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    await tagExisting(fake, 'team/app', 'latest', image.digest);
    const other = await pushImage(fake, 'team/app', { tags: ['v2'], seed: 'other' });
    const client = newClient();
    const queryClient = new QueryClient();
    const progress: number[] = [];

    const inventory = await readTagInventory({ client, url: baseUrl, queryClient }, 'team/app', { onTagSettled: (done) => progress.push(done) });

    expect(inventory.missing).toBe(false);
    expect([...inventory.tags].sort()).toEqual(['latest', 'v1', 'v2']);
    expect(inventory.tagsByDigest.get(image.digest)?.sort()).toEqual(['latest', 'v1']);
    expect(inventory.tagsByDigest.get(other.digest)).toEqual(['v2']);
    expect(Object.fromEntries(currentDigests(inventory))).toEqual({ v1: image.digest, latest: image.digest, v2: other.digest });
    expect(progress).toEqual([1, 2, 3]);
    const queries = repositoryQueries(client, baseUrl);
    expect(queryClient.getQueryData(queries.tags('team/app').queryKey)).toEqual(inventory.tags);
    expect(queryClient.getQueryData<{ digest: string }>(queries.tagHead('team/app', 'v2').queryKey)?.digest).toBe(other.digest);
  });

  it("'recent' reuses a HEAD answered seconds ago; 'fresh' asks every tag again", async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1', 'v2'] });
    const client = newClient();
    const queryClient = new QueryClient();
    const env = { client, url: baseUrl, queryClient };
    await readTagInventory(env, 'team/app');
    expect(heads('team/app')).toHaveLength(2);

    const recent = await readTagInventory(env, 'team/app', { freshness: 'recent' });
    expect(heads('team/app')).toHaveLength(2);
    expect(recent.tagsByDigest.get(image.digest)?.sort()).toEqual(['v1', 'v2']);

    // An invalidated answer (after a change) is asked again even when it is recent.
    await queryClient.invalidateQueries({ queryKey: repositoryQueries(client, baseUrl).tagHead('team/app', 'v1').queryKey });
    await readTagInventory(env, 'team/app', { freshness: 'recent' });
    expect(heads('team/app')).toHaveLength(3);

    await readTagInventory(env, 'team/app', { freshness: 'fresh' });
    expect(heads('team/app')).toHaveLength(5);
  });

  it('says a repository without tags/list is missing instead of failing', async () => {
    const inventory = await readTagInventory({ client: newClient(), url: baseUrl }, 'nobody/here');
    expect(inventory).toMatchObject({ missing: true, tags: [] });
    expect(inventory.heads.size).toBe(0);
  });

  it('a tag deleted between the listing and its HEAD is resolved as gone (null), not as a failure', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1', 'v2'] });
    server.use(http.head(`${baseUrl}/v2/team/app/manifests/v2`, () => new HttpResponse(null, { status: 404 })));
    const inventory = await readTagInventory({ client: newClient(), url: baseUrl }, 'team/app');
    expect(inventory.heads.get('v2')).toBeNull();
    expect(inventory.tagsByDigest.get(image.digest)).toEqual(['v1']);
  });

  it('fails on a tag that cannot be resolved, unless failures are collected (crawls)', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1', 'v2'] });
    server.use(http.head(`${baseUrl}/v2/team/app/manifests/v2`, () => new HttpResponse(null, { status: 500 })));
    await expect(readTagInventory({ client: newClient(), url: baseUrl }, 'team/app')).rejects.toMatchObject({ status: 500 });

    const tolerant = await readTagInventory({ client: newClient(), url: baseUrl }, 'team/app', { tolerateTagErrors: true });
    expect([...tolerant.failed.keys()]).toEqual(['v2']);
    expect(tolerant.heads.has('v1')).toBe(true);
  });

  it('joins a HEAD the tag table already has in flight instead of sending it twice', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    const client = newClient();
    const queue = createRequestQueue(1);
    let release!: () => void;
    const blocker = queue.run('blocker', () => new Promise<void>((resolve) => (release = resolve)));
    // The table queued the same request (same key) before the inventory asked.
    const table = queue.run(requestKeys.head('team/app', 'v1'), (s) => client.headManifest('team/app', 'v1', { signal: s }));
    const inventory = readTagInventory({ client, url: baseUrl, queue }, 'team/app');
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await blocker;
    await Promise.all([table, inventory]);
    expect(heads('team/app')).toHaveLength(1);
  });

  it('stops at the signal: queued HEADs are dropped, nothing more is sent', async () => {
    await pushImage(fake, 'team/app', { tags: ['a', 'b', 'c', 'd'] });
    const controller = new AbortController();
    let settled = 0;
    const reading = readTagInventory({ client: newClient(), url: baseUrl, queue: createRequestQueue(1) }, 'team/app', {
      signal: controller.signal,
      onTagSettled: () => {
        settled += 1;
        if (settled === 1) controller.abort();
      },
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(heads('team/app').length).toBeLessThan(4);
  });
});
