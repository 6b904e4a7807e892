import { useQuery } from '@tanstack/react-query';
import { catalogQueryOptions } from '../../queries/catalog-queries';
import { useRegistry } from '../../queries/registry-context';

const NO_NAMES: string[] = [];

/** The catalog query plus what the page needs to say about it. */
export function useCatalog() {
  const registry = useRegistry();
  const query = useQuery(catalogQueryOptions(registry));
  const names = query.data?.names ?? NO_NAMES;
  const complete = query.data?.complete === true;
  return {
    names,
    complete,
    /** Pages are still arriving (first load, or a retry streaming again). */
    streaming: query.isFetching && !complete,
    /** A finished list being fetched again in the background. */
    refreshing: query.isFetching && complete,
    error: query.error,
    refetch: query.refetch,
  };
}
