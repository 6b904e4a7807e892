import { describe, expect, it, vi } from 'vitest';
import type { RegistryClient } from '../registry/client';
import { repositoryQueries, requestQueueFor, REGISTRY_CONCURRENCY, TAG_STALE_TIME } from './registry-queries';

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
    expect([manifest.staleTime, manifest.gcTime]).toEqual([Infinity, Infinity]);
    const config = q.imageConfig('a/b', 'sha256:c');
    expect(config.queryKey).toEqual(['registry', 'http://r.test', 'repo', 'a/b', 'config', 'sha256:c']);
    expect([config.staleTime, config.gcTime]).toEqual([Infinity, Infinity]);
    expect(q.repoKey('a/b')).toEqual(['registry', 'http://r.test', 'repo', 'a/b']);
  });

  it('shares one bounded queue per client', () => {
    const client = fakeClient();
    expect(repositoryQueries(client, 'u').queue).toBe(requestQueueFor(client));
    expect(requestQueueFor(client).concurrency).toBe(REGISTRY_CONCURRENCY);
    expect(requestQueueFor(fakeClient())).not.toBe(requestQueueFor(client));
  });
});
