import { queryOptions } from '@tanstack/react-query';
import type { RegistryContextValue } from './registry-context';

/** The catalog as far as it has been read: `complete` is false while pages are still arriving. */
export interface CatalogData {
  names: string[];
  complete: boolean;
}

export const catalogKeys = {
  all: (registryUrl: string) => ['registry', registryUrl, 'catalog'] as const,
};

/**
 * The first page of a catalog read while nothing is on screen yet: distribution walks its storage
 * up to the page's last name before it answers, so 100 names arrive several times sooner than
 * 1,000. The pages after it end where full pages would (see pageSizeAt).
 */
export const FIRST_CATALOG_PAGE_SIZE = 100;

type CatalogRegistry = Pick<RegistryContextValue, 'url' | 'client' | 'catalogPageSize'>;

/**
 * `_catalog` pages can only be read one after another (each page names the next in its Link
 * header), and a large registry has many: the query writes every arriving page to the cache so
 * the list renders while the rest loads, and resolves with `complete: true` at the end.
 */
export function catalogQueryOptions(registry: CatalogRegistry) {
  return queryOptions({
    queryKey: catalogKeys.all(registry.url),
    queryFn: async ({ signal, client: queryClient, queryKey }): Promise<CatalogData> => {
      // A refetch of a finished list keeps showing that list until the new one is whole, rather
      // than shrinking to the first page; a first load or a retry after a failure streams.
      const stream = !queryClient.getQueryData<CatalogData>(queryKey)?.complete;
      let names: string[] = [];
      const firstPageSize = stream ? FIRST_CATALOG_PAGE_SIZE : undefined;
      for await (const page of registry.client.catalogPages({ pageSize: registry.catalogPageSize, firstPageSize, signal })) {
        names = names.length === 0 ? page.slice() : names.concat(page);
        if (stream && !signal.aborted) queryClient.setQueryData<CatalogData>(queryKey, { names, complete: false });
      }
      return { names, complete: true };
    },
    staleTime: 60_000,
  });
}
