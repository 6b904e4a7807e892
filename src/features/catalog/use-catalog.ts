import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { catalogQueryOptions, type CatalogData } from '../../queries/catalog-queries';
import { useRegistry } from '../../queries/registry-context';
import { rememberedCatalogQuery } from '../../queries/revisit-queries';

const NO_NAMES: string[] = [];
/** Lists already handed to the revisit cache (the page and the sidebar share one). */
const saved = new WeakSet<CatalogData>();

/**
 * The catalog query plus what the page needs to say about it. On a revisit the list the last visit
 * read in full shows at once (`cachedAt`) until the registry's own list is whole again; a failed
 * read shows what the registry gave, not the cache.
 */
export function useCatalog({ enabled = true }: { enabled?: boolean } = {}) {
  const registry = useRegistry();
  // Disabled: what is cached shows, nothing is read (the sidebar waits for the page's own reads).
  const query = useQuery({ ...catalogQueryOptions(registry), enabled });
  const remembered = useQuery(rememberedCatalogQuery(registry.url));
  const data = query.data;
  const fromCache = data?.complete !== true && !query.isError && remembered.data ? remembered.data : undefined;
  const names = fromCache?.names ?? data?.names ?? NO_NAMES;
  const complete = fromCache !== undefined || data?.complete === true;

  const { url } = registry;
  const at = query.dataUpdatedAt;
  useEffect(() => {
    if (!data?.complete || saved.has(data)) return;
    saved.add(data);
    void import('../../queries/revisit-cache').then((cache) => cache.rememberCatalog(url, { savedAt: at, names: data.names }));
  }, [data, url, at]);

  return {
    names,
    complete,
    /** Pages are still arriving (first load, or a retry streaming again). */
    streaming: query.isFetching && !complete,
    /** A finished list (or the remembered one) being fetched again in the background. */
    refreshing: query.isFetching && complete,
    /** The list shown is the one remembered from the last visit, saved at this time. */
    cachedAt: fromCache?.savedAt,
    /** Not read yet: waiting to be enabled, with nothing cached or remembered to show. */
    waiting: !enabled && data === undefined && !fromCache,
    error: query.error,
    refetch: query.refetch,
  };
}
