import { describe, expect, it, vi } from 'vitest';
import type { RegistryClient } from '../registry/client';
import { MULTIPLEXED_CONCURRENCY } from './connection-concurrency';
import { IMMUTABLE_GC_TIME, repositoryQueries, requestQueueFor, REGISTRY_CONCURRENCY, TAG_STALE_TIME } from './registry-queries';
import { createRequestQueue } from './request-queue';

function fakeClient(): RegistryClient {
  return {
    baseUrl: 'http://r.test',
    headManifest: vi.fn(async () => ({ digest: 'sha256:x', mediaType: 'm', size: 1 })),
    listTags: vi.fn(async () => ['v1']),
  } as unknown as RegistryClient;
}

describe('repositoryQueries', () => {
  it('roots keys at the registry and marks digests immutable, tags mutable', () => {
    const q = repositoryQueries(fakeClient(), 'http://r.test');
    expect(q.tags('a/b').queryKey).toEqual(['registry', 'http://r.test', 'repo', 'a/b', 'tags']);
    expect(q.tagHead('a/b', 'v1').queryKey).toEqual(['registry', 'http://r.test', 'repo', 'a/b', 'tag', 'v1', 'head']);
    expect(q.tagHead('a/b', 'v1').staleTime).toBe(TAG_STALE_TIME);
    const manifest = q.manifest('a/b', 'sha256:m');
    expect(manifest.queryKey).toEqual(['registry', 'http://r.test', 'repo', 'a/b', 'manifest', 'sha256:m']);
    expect([manifest.staleTime, manifest.gcTime]).toEqual([Infinity, IMMUTABLE_GC_TIME]);
    expect(Number.isFinite(IMMUTABLE_GC_TIME)).toBe(true);
    const config = q.imageConfig('a/b', 'sha256:c');
    expect(config.queryKey).toEqual(['registry', 'http://r.test', 'repo', 'a/b', 'config', 'sha256:c']);
    expect([config.staleTime, config.gcTime]).toEqual([Infinity, IMMUTABLE_GC_TIME]);
    expect(q.repoKey('a/b')).toEqual(['registry', 'http://r.test', 'repo', 'a/b']);
  });

  it('shares one bounded queue per client', () => {
    const client = fakeClient();
    expect(repositoryQueries(client, 'u').queue).toBe(requestQueueFor(client));
    expect(requestQueueFor(client).concurrency).toBe(REGISTRY_CONCURRENCY);
    expect(requestQueueFor(fakeClient())).not.toBe(requestQueueFor(client));
  });
});

describe('tag resolution through the queries', () => {
  it('resolves by GET once the first tags proved distinct, filling the by-digest entry', async () => {
    const { QueryClient } = await import('@tanstack/react-query');
    const digestOf = (tag: string) => `sha256:${tag.replace(/\D/g, '').padStart(64, '0')}`;
    const client = {
      baseUrl: 'http://r.test',
      headManifest: vi.fn(async (_name: string, tag: string) => ({ digest: digestOf(tag), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 10 })),
      getManifest: vi.fn(async (_name: string, reference: string) => ({
        digest: reference.startsWith('sha256:') ? reference : digestOf(reference),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        bytes: new Uint8Array(10),
        manifest: { kind: 'image', schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'c', digest: 'sha256:c', size: 1 }, layers: [] },
      })),
    } as unknown as RegistryClient;
    const queryClient = new QueryClient();
    const q = repositoryQueries(client, 'http://r.test');
    for (let i = 0; i < 24; i++) {
      const head = await queryClient.fetchQuery(q.tagHead('a/b', `v${i}`));
      await queryClient.fetchQuery(q.manifest('a/b', head!.digest));
    }
    expect(client.headManifest).toHaveBeenCalledTimes(24);
    expect(client.getManifest).toHaveBeenCalledTimes(24);

    const head = await queryClient.fetchQuery(q.tagHead('a/b', 'v99'));
    expect(head?.digest).toBe(digestOf('v99'));
    expect(client.headManifest).toHaveBeenCalledTimes(24);
    expect(client.getManifest).toHaveBeenLastCalledWith('a/b', 'v99', expect.anything());
    expect(queryClient.getQueryData(q.manifest('a/b', digestOf('v99')).queryKey)?.digest).toBe(digestOf('v99'));

    // A re-validation of a tag resolved before uses HEAD again.
    await queryClient.refetchQueries({ queryKey: q.tagHead('a/b', 'v99').queryKey });
    expect(client.headManifest).toHaveBeenCalledTimes(25);
  });
});

describe('tag resolution with 32 requests in flight (HTTP/2)', () => {
  const IMAGE = 'application/vnd.oci.image.manifest.v1+json';

  /** A registry that answers after a moment, so that the queue really has 32 requests out. */
  function slowRegistry(digestOfTag: (tag: string) => string) {
    const counts = { headByTag: 0, getByTag: 0, getByDigest: 0 };
    const later = () => new Promise((resolve) => setTimeout(resolve, 2));
    const client = {
      baseUrl: 'http://r.test',
      headManifest: vi.fn(async (_name: string, tag: string) => {
        counts.headByTag += 1;
        await later();
        return { digest: digestOfTag(tag), mediaType: IMAGE, size: 10 };
      }),
      getManifest: vi.fn(async (_name: string, reference: string) => {
        const byDigest = reference.startsWith('sha256:');
        if (byDigest) counts.getByDigest += 1;
        else counts.getByTag += 1;
        await later();
        return {
          digest: byDigest ? reference : digestOfTag(reference),
          mediaType: IMAGE,
          bytes: new Uint8Array(10),
          manifest: { kind: 'image', schemaVersion: 2, mediaType: IMAGE, config: { mediaType: 'c', digest: 'sha256:c', size: 1 }, layers: [] },
        };
      }),
    } as unknown as RegistryClient;
    return { client, counts };
  }

  /** What the tag table asks for: every tag's digest, then each distinct manifest. */
  async function readTable(client: RegistryClient, tags: string[]) {
    const { QueryClient } = await import('@tanstack/react-query');
    const queryClient = new QueryClient();
    const q = repositoryQueries(client, 'http://r.test', createRequestQueue(MULTIPLEXED_CONCURRENCY));
    const heads = await Promise.all(tags.map((tag) => queryClient.fetchQuery(q.tagHead('big/app', tag))));
    const digests = new Set(heads.map((head) => head!.digest));
    await Promise.all([...digests].map((digest) => queryClient.fetchQuery(q.manifest('big/app', digest))));
    return digests;
  }

  const digestOf = (n: number) => `sha256:${String(n).padStart(64, '0')}`;
  const tags = (count: number) => Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, '0')}`);

  it('sends only the HEADs the decision needs when every tag is its own image', async () => {
    const { client, counts } = slowRegistry((tag) => digestOf(Number(tag.slice(1))));
    const digests = await readTable(client, tags(500));
    expect(digests.size).toBe(500);
    // 24 HEADs decide; their manifests by digest, every other tag by GET: 500 + 24 requests, not 500 + 32 or more.
    expect(counts).toEqual({ headByTag: 24, getByTag: 476, getByDigest: 24 });
  });

  it('keeps aliases on HEADs: each image’s manifest is read once', async () => {
    const { client, counts } = slowRegistry((tag) => digestOf(Number(tag.slice(1)) % 20));
    const digests = await readTable(client, tags(400));
    expect(digests.size).toBe(20);
    expect(counts).toEqual({ headByTag: 400, getByTag: 0, getByDigest: 20 });
  });
});
