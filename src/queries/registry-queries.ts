/**
 * Query options for a repository's tags and what they point at. Keys start at the registry URL so
 * two registries never share a cache entry, and run general → specific so a prefix invalidates a
 * whole repository: ['registry', url, 'repo', name, …].
 *
 * Resolving a tag costs one HEAD (mutable: tags move, so it goes stale after 30 s). Everything
 * after that is fetched by digest — the manifest, an index's children, the config blobs — and a
 * digest names immutable content, so those entries never go stale: 2,000
 * tags on 20 images cost 2,000 HEADs but only 20 manifest GETs and 20 config GETs. Those are also
 * persisted in IndexedDB (immutable-cache.ts) and read from there first: a revisit only re-resolves tags.
 * In memory they are collected IMMUTABLE_GC_TIME after the last page using them is left (a long
 * session through many large repositories must not keep every manifest it ever saw); coming back
 * reads them from IndexedDB, without a request.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import type { FetchedManifest, ManifestHead } from '../registry/types';
import { forgetImmutable, readConfig, readManifest, storeConfig, storeManifest } from './immutable-cache';
import { adaptToConnection } from './connection-concurrency';
import { createRequestQueue, PRIORITY_LOW, type RequestQueue } from './request-queue';
import { createTagResolver, type TagResolver } from './tag-resolution';

/** Requests in flight per registry to start with (browsers allow 6 connections per origin on HTTP/1.1). */
export const REGISTRY_CONCURRENCY = 6;
/** Unused manifests and configs leave the memory cache after this long (IndexedDB keeps them). */
export const IMMUTABLE_GC_TIME = 15 * 60_000;
/** Tags are mutable: a HEAD answer is trusted this long. */
export const TAG_STALE_TIME = 30_000;

const queues = new WeakMap<RegistryClient, RequestQueue>();

/** The one queue every per-tag and per-digest request of this registry client goes through. */
export function requestQueueFor(client: RegistryClient): RequestQueue {
  let queue = queues.get(client);
  if (!queue) {
    queue = createRequestQueue(REGISTRY_CONCURRENCY);
    // More in flight once the registry answers over HTTP/2 or HTTP/3 (connection-concurrency.ts).
    adaptToConnection(queue, client.baseUrl);
    queues.set(client, queue);
  }
  return queue;
}

const resolvers = new WeakMap<RegistryClient, Map<string, TagResolver>>();

/** How this repository's tags are resolved, HEAD or GET by tag, learnt from its answers (per page session). */
export function tagResolverFor(client: RegistryClient, name: string): TagResolver {
  let byName = resolvers.get(client);
  if (!byName) {
    byName = new Map();
    resolvers.set(client, byName);
  }
  let resolver = byName.get(name);
  if (!resolver) {
    resolver = createTagResolver();
    byName.set(name, resolver);
  }
  return resolver;
}

/** Keys of the request queue (not of the cache): the same network request has the same key. */
export const requestKeys = {
  head: (name: string, tag: string) => `HEAD ${name}:${tag}`,
  manifest: (name: string, digest: string) => `GET manifest ${name}@${digest}`,
  config: (name: string, digest: string) => `GET blob ${name}@${digest}`,
};

/**
 * After manifests were deleted: content by digest never changes, but its existence does, so the
 * deleted manifests leave the memory cache and IndexedDB (a manifest page must not show them from
 * cache). Config blobs stay: distribution keeps blobs until garbage collection, and others share them.
 */
export function forgetDeletedManifests(queryClient: QueryClient, url: string, name: string, digests: readonly string[]): void {
  if (digests.length === 0) return;
  for (const digest of digests) queryClient.removeQueries({ queryKey: ['registry', url, 'repo', name, 'manifest', digest], exact: true });
  void forgetImmutable(url, digests);
}

export function repositoryQueries(client: RegistryClient, url: string, queue: RequestQueue = requestQueueFor(client)) {
  const repo = (name: string) => ['registry', url, 'repo', name] as const;

  return {
    queue,
    /** Prefix of everything cached about one repository (for invalidation after a push or delete). */
    repoKey: repo,
    /** How this repository's tags are resolved this page session (tag-resolution.ts). */
    tagResolver: (name: string) => tagResolverFor(client, name),

    tags: (name: string) =>
      queryOptions({
        queryKey: [...repo(name), 'tags'] as const,
        queryFn: ({ signal }) => client.listTags(name, { signal }),
        staleTime: TAG_STALE_TIME,
      }),

    /**
     * A tag's digest. HEAD: the digest at the price of headers only; or, when this repository's
     * tags prove to be distinct images (tag-resolution.ts), GET by tag, which also fills the
     * manifest's by-digest entry. null: the tag vanished meanwhile.
     */
    tagHead: (name: string, tag: string, priority: number = PRIORITY_LOW) =>
      queryOptions({
        queryKey: [...repo(name), 'tag', tag, 'head'] as const,
        queryFn: async ({ signal, client: queryClient, queryKey }) => {
          const resolver = tagResolverFor(client, name);
          // A tag resolved before this session is re-validated with a HEAD: its manifest is known.
          const firstTime = queryClient.getQueryData(queryKey) === undefined;
          const manifestKey = (digest: string) => [...repo(name), 'manifest', digest] as const;
          /** GET by tag or HEAD, as the resolver says when the request leaves the queue; HEAD answers teach it. */
          const resolve = async (queueSignal: AbortSignal): Promise<ManifestHead | null> => {
            if (firstTime && resolver.mode() === 'get') {
              // GET by tag: the manifest and its digest in one request (see tag-resolution.ts).
              let fetched: FetchedManifest;
              try {
                fetched = await client.getManifest(name, tag, { signal: queueSignal });
              } catch (error) {
                if (isRegistryError(error) && error.status === 404) return null;
                throw error;
              }
              resolver.gotByTag(fetched.digest);
              queryClient.setQueryData<FetchedManifest>(manifestKey(fetched.digest), (known) => known ?? fetched);
              storeManifest(url, fetched);
              return { digest: fetched.digest, mediaType: fetched.mediaType, size: fetched.bytes.byteLength };
            }
            const head = await client.headManifest(name, tag, { signal: queueSignal });
            if (head && resolver.probing()) {
              const known = queryClient.getQueryData(manifestKey(head.digest)) !== undefined || (await readManifest(url, head.digest)) !== undefined;
              resolver.headResolved(head.digest, known);
            } else if (head) {
              resolver.headResolved(head.digest, true);
            }
            return head;
          };
          return queue.run(
            requestKeys.head(name, tag),
            async (queueSignal) => {
              // While the resolver decides, only the HEADs it needs go out: the other tags wait
              // here, in the order the queue picked them, then go in the mode it chose.
              const release = firstTime ? await resolver.turn(queueSignal) : undefined;
              try {
                return await resolve(queueSignal);
              } finally {
                release?.();
              }
            },
            { priority, signal },
          );
        },
        staleTime: TAG_STALE_TIME,
      }),

    /** A manifest (image or index) by digest: immutable. */
    manifest: (name: string, digest: string, priority: number = PRIORITY_LOW) =>
      queryOptions({
        queryKey: [...repo(name), 'manifest', digest] as const,
        queryFn: async ({ signal }) => {
          const stored = await readManifest(url, digest);
          if (stored) return stored;
          const fetched = await queue.run(requestKeys.manifest(name, digest), (queueSignal) => client.getManifest(name, digest, { signal: queueSignal }), { priority, signal });
          storeManifest(url, fetched);
          return fetched;
        },
        staleTime: Infinity,
        gcTime: IMMUTABLE_GC_TIME,
      }),

    /** An image config blob by digest: immutable. */
    imageConfig: (name: string, digest: string, priority: number = PRIORITY_LOW) =>
      queryOptions({
        queryKey: [...repo(name), 'config', digest] as const,
        queryFn: async ({ signal }) => {
          const stored = await readConfig(url, digest);
          if (stored) return stored;
          const config = await queue.run(requestKeys.config(name, digest), (queueSignal) => client.getImageConfig(name, digest, { signal: queueSignal }), { priority, signal });
          storeConfig(url, digest, config);
          return config;
        },
        staleTime: Infinity,
        gcTime: IMMUTABLE_GC_TIME,
      }),
  };
}

export type RepositoryQueries = ReturnType<typeof repositoryQueries>;
