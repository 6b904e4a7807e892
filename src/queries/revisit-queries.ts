/**
 * Reads of the revisit cache (revisit-cache.ts, loaded on demand: it stays out of the initial JS).
 * Keys sit beside, not under, the repository's own keys: invalidating a repository after an
 * action must not re-read what a previous session last saw. Read once per mount (gcTime 0): the
 * next visit in this session reads what this one saved.
 */
import { queryOptions } from '@tanstack/react-query';

export const revisitKeys = {
  tags: (registryUrl: string, name: string) => ['registry', registryUrl, 'revisit', 'tags', name] as const,
  catalog: (registryUrl: string) => ['registry', registryUrl, 'revisit', 'catalog'] as const,
};

const readOnce = { staleTime: Infinity, gcTime: 0, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false } as const;

/** What the last visit saw of this repository's tags (null: nothing remembered). */
export function rememberedTagsQuery(registryUrl: string, name: string) {
  return queryOptions({
    queryKey: revisitKeys.tags(registryUrl, name),
    queryFn: async () => (await (await import('./revisit-cache')).readRememberedTags(registryUrl, name)) ?? null,
    ...readOnce,
  });
}

/** The catalog as last read in full from this registry (null: nothing remembered). */
export function rememberedCatalogQuery(registryUrl: string) {
  return queryOptions({
    queryKey: revisitKeys.catalog(registryUrl),
    queryFn: async () => (await (await import('./revisit-cache')).readRememberedCatalog(registryUrl)) ?? null,
    ...readOnce,
  });
}
