/**
 * Query options the manifest inspector adds to `repositoryQueries`: referrers (API, then the tag
 * schema), raw blob bytes for the JSON view, and what the cache already knows about the other
 * manifests of a repository. Keys extend the repository's: ['registry', url, 'repo', name, …].
 */
import { queryOptions, type QueryCache } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import type { ReferrersAnswer } from '../registry/referrers-api';
import type { FetchedManifest, ManifestHead, Manifest } from '../registry/types';
import type { KnownManifests } from './layer-sharing';
import { referrerFromDescriptor, referrerFromManifest, type FallbackTag, type ReferrerEntry } from './referrers';
import { PRIORITY_HIGH, type RequestQueue } from './request-queue';
import { requestQueueFor, TAG_STALE_TIME } from './registry-queries';

export interface TagReferrers {
  entries: ReferrerEntry[];
  /** Fallback tags that could not be read, with why. */
  problems: { tag: string; error: unknown }[];
}

/** The referrers API could not be asked at all (cross-origin plain 404 without CORS looks like this). */
export function referrersApiUnreachable(error: unknown): boolean {
  return isRegistryError(error) && error.status === 0 && error.code === 'NETWORK_ERROR';
}

export function manifestQueries(client: RegistryClient, url: string, queue: RequestQueue = requestQueueFor(client)) {
  const repo = (name: string) => ['registry', url, 'repo', name] as const;

  return {
    /** GET /v2/<name>/referrers/<digest>: new referrers may appear, so it goes stale like a tag. */
    referrersApi: (name: string, digest: string) =>
      queryOptions({
        queryKey: [...repo(name), 'referrers', digest, 'api'] as const,
        queryFn: ({ signal }): Promise<ReferrersAnswer> =>
          queue.run(`GET referrers ${name}@${digest}`, (queueSignal) => client.listReferrers(name, digest, { signal: queueSignal }), { priority: PRIORITY_HIGH, signal }),
        staleTime: TAG_STALE_TIME,
      }),

    /** The tag schema fallback: reads each existing `sha256-<hex>[.sig|.att|.sbom]` tag (one failing tag does not hide the others). */
    referrerTags: (name: string, digest: string, tags: readonly FallbackTag[]) =>
      queryOptions({
        queryKey: [...repo(name), 'referrers', digest, 'tags', tags.map((t) => t.tag)] as const,
        queryFn: async ({ signal }): Promise<TagReferrers> => {
          const results = await Promise.allSettled(
            tags.map((fallback) =>
              queue.run(`GET manifest ${name}:${fallback.tag}`, (queueSignal) => client.getManifest(name, fallback.tag, { signal: queueSignal }), { priority: PRIORITY_HIGH, signal }),
            ),
          );
          const entries: ReferrerEntry[] = [];
          const problems: TagReferrers['problems'] = [];
          results.forEach((result, i) => {
            const fallback = tags[i];
            if (!fallback) return;
            if (result.status === 'rejected') {
              problems.push({ tag: fallback.tag, error: result.reason });
              return;
            }
            const fetched = result.value;
            if (fallback.role === 'index' && fetched.manifest.kind === 'index') {
              for (const descriptor of fetched.manifest.manifests) entries.push(referrerFromDescriptor(descriptor, 'index-tag', fallback.tag));
            } else {
              entries.push(referrerFromManifest(fetched.digest, fetched.bytes.byteLength, fetched.manifest, fallback.tag));
            }
          });
          return { entries, problems };
        },
        staleTime: TAG_STALE_TIME,
      }),

    /** Exact bytes of a blob (config JSON for the raw view): immutable. */
    blob: (name: string, digest: string) =>
      queryOptions({
        queryKey: [...repo(name), 'blob', digest] as const,
        queryFn: ({ signal }) =>
          queue.run(`GET blob ${name}@${digest} bytes`, (queueSignal) => client.getBlob(name, digest, { signal: queueSignal }), { priority: PRIORITY_HIGH, signal }),
        staleTime: Infinity,
      }),
  };
}

export type ManifestQueries = ReturnType<typeof manifestQueries>;

function startsWith(key: readonly unknown[], prefix: readonly unknown[]): boolean {
  return prefix.every((part, i) => key[i] === part);
}

/** True for cache keys that change what `knownManifests` answers: manifests and tag HEADs of the repository. */
export function isKnownManifestKey(key: readonly unknown[], repoKey: readonly unknown[]): boolean {
  if (!startsWith(key, repoKey)) return false;
  const rest = key.slice(repoKey.length);
  return (rest[0] === 'manifest' && rest.length === 2) || (rest[0] === 'tag' && rest[2] === 'head');
}

/** Every manifest and tag HEAD of a repository already in the cache (nothing is fetched for this). */
export function knownManifests(cache: QueryCache, repoKey: readonly unknown[]): KnownManifests {
  const manifests = new Map<string, Manifest>();
  const tagDigests = new Map<string, string>();
  for (const query of cache.findAll({ queryKey: repoKey })) {
    const key = query.queryKey;
    if (!isKnownManifestKey(key, repoKey) || query.state.data === undefined || query.state.data === null) continue;
    const rest = key.slice(repoKey.length);
    if (rest[0] === 'manifest') {
      const fetched = query.state.data as FetchedManifest;
      manifests.set(fetched.digest, fetched.manifest);
    } else if (typeof rest[1] === 'string') {
      tagDigests.set(rest[1], (query.state.data as ManifestHead).digest);
    }
  }
  return { manifests, tagDigests };
}
