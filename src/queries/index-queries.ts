/**
 * Query options of regatta-index's answers. Repository-scoped keys sit under the repository's
 * prefix (['registry', url, 'repo', name, 'index', …]) so a change Regatta makes refreshes them
 * with everything else; they are never retried at length: when the index fails, the pages fall
 * back to the v2 API and say so.
 */
import { queryOptions } from '@tanstack/react-query';
import type { IndexClient, SearchParams } from '../registry/index-client';

/** The index follows the registry within seconds (notifications); its answers are fresh this long. */
export const INDEX_STALE_TIME = 5_000;

/** Whether the registry's index answers (disabled without one): the orphans source depends on it. */
export function indexStatusQuery(index: IndexClient | undefined, url: string) {
  return queryOptions({
    queryKey: ['registry', url, 'index-status'] as const,
    queryFn: ({ signal }) => {
      if (!index) throw new Error('No registry index is configured');
      return index.status({ signal });
    },
    enabled: index !== undefined,
    staleTime: 30_000,
    retry: false,
  });
}

/** A repository's tags from the index (disabled without one): the tag table's bulk source. */
export function indexTagsQuery(index: IndexClient | undefined, url: string, name: string) {
  return queryOptions({
    queryKey: ['registry', url, 'repo', name, 'index', 'tags'] as const,
    queryFn: ({ signal }) => {
      if (!index) throw new Error('No registry index is configured');
      return index.tags(name, { signal });
    },
    enabled: index !== undefined,
    staleTime: INDEX_STALE_TIME,
    retry: false,
  });
}

export function indexQueries(index: IndexClient, url: string) {
  const repo = (name: string) => ['registry', url, 'repo', name, 'index'] as const;
  return {
    manifests: (name: string) =>
      queryOptions({
        queryKey: [...repo(name), 'manifests'] as const,
        queryFn: ({ signal }) => index.manifests(name, { signal }),
        staleTime: INDEX_STALE_TIME,
        retry: false,
      }),
    tags: (name: string) => indexTagsQuery(index, url, name),
    history: (name: string, tag: string) =>
      queryOptions({
        queryKey: [...repo(name), 'history', tag] as const,
        queryFn: ({ signal }) => index.history(name, tag, { signal }),
        staleTime: INDEX_STALE_TIME,
        retry: false,
      }),
    search: (params: SearchParams) =>
      queryOptions({
        queryKey: ['registry', url, 'index-search', params] as const,
        queryFn: ({ signal }) => index.search(params, { signal }),
        staleTime: INDEX_STALE_TIME,
        retry: false,
      }),
  };
}

/**
 * What a search box query asks the index: a digest (sha256:… or 4+ hex digits), a label
 * (key=value), a layer (a full digest also matches layers), else repository and tag names.
 */
export function searchParamsFor(query: string): SearchParams[] {
  const q = query.trim();
  if (q === '') return [];
  if (/^sha256:[a-f0-9]{64}$/.test(q)) return [{ digest: q }, { layer: q }];
  if (/^(sha256:)?[a-f0-9]{4,64}$/.test(q)) return [{ digest: q }];
  if (/^[^=\s]+=.*$/.test(q)) return [{ label: q }];
  return [{ repository: q }, { tag: q }];
}
