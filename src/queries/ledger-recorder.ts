/**
 * Feeds the digest ledger from the query cache, so no feature has to know the ledger exists: every
 * successful tag HEAD (['registry', url, 'repo', name, 'tag', tag, 'head']) is an observation, and
 * every complete tags/list (['registry', url, 'repo', name, 'tags']) says which tags are gone.
 */
import type { QueryCacheNotifyEvent, QueryClient } from '@tanstack/react-query';
import { recordObservations, recordTagListing } from './ledger-store';
import type { ManifestHead } from '../registry/types';

export interface LedgerEvent {
  kind: 'head' | 'tags';
  registryUrl: string;
  repository: string;
  tag?: string;
  data: unknown;
}

/** Which cache updates are observations (pure, for tests). */
export function ledgerEventOf(queryKey: readonly unknown[], data: unknown): LedgerEvent | null {
  const [root, registryUrl, repoMarker, repository, ...rest] = queryKey;
  if (root !== 'registry' || typeof registryUrl !== 'string' || repoMarker !== 'repo' || typeof repository !== 'string') return null;
  if (rest.length === 3 && rest[0] === 'tag' && typeof rest[1] === 'string' && rest[2] === 'head') {
    return { kind: 'head', registryUrl, repository, tag: rest[1], data };
  }
  if (rest.length === 1 && rest[0] === 'tags' && Array.isArray(data)) return { kind: 'tags', registryUrl, repository, data };
  return null;
}

function isHead(data: unknown): data is ManifestHead {
  return typeof data === 'object' && data !== null && typeof (data as ManifestHead).digest === 'string';
}

function record(queryKey: readonly unknown[], data: unknown): void {
  const found = ledgerEventOf(queryKey, data);
  if (!found) return;
  if (found.kind === 'tags') {
    void recordTagListing(found.registryUrl, found.repository, found.data as string[]);
  } else if (found.tag !== undefined && (found.data === null || isHead(found.data))) {
    void recordObservations(found.registryUrl, found.repository, [{ tag: found.tag, digest: found.data === null ? null : found.data.digest }]);
  }
}

/**
 * Subscribes to the cache; returns the unsubscribe. `since` (ms since the epoch): answers already
 * in the cache that arrived at or after it are recorded first, so a recorder loaded after the first
 * paint misses none of the page's first answers (older ones were recorded by an earlier recorder).
 */
export function startLedgerRecorder(queryClient: QueryClient, { since }: { since?: number } = {}): () => void {
  const cache = queryClient.getQueryCache();
  if (since !== undefined) {
    for (const query of cache.getAll()) {
      if (query.state.status === 'success' && query.state.dataUpdatedAt >= since) record(query.queryKey, query.state.data);
    }
  }
  return cache.subscribe((event: QueryCacheNotifyEvent) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    record(event.query.queryKey, event.query.state.data);
  });
}
