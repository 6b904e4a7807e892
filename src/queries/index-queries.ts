/**
 * Query options of regatta-index's answers. Repository-scoped keys sit under the repository's
 * prefix (['registry', url, 'repo', name, 'index', …]) so a change Regatta makes refreshes them
 * with everything else; they are never retried at length: when the index fails, the pages fall
 * back to the v2 API and say so.
 */
import { queryOptions } from '@tanstack/react-query';
import type { IndexClient, IndexRepositories, IndexTagListRow, SearchParams } from '../registry/index-client';
import type { IndexAuditData } from './index-audit';

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

/** The index's largest page: 10,000 repositories with 2 tags each are 10 + 20 requests. */
export const INDEX_PAGE = 1000;

/** Every page of the repositories the caller may read (`next` fed back as `last`). */
export async function readIndexRepositories(index: IndexClient, { signal, namespace }: { signal?: AbortSignal; namespace?: string } = {}): Promise<IndexRepositories['repositories']> {
  const repositories: IndexRepositories['repositories'] = [];
  let last: string | undefined;
  for (;;) {
    const page = await index.repositories({ n: INDEX_PAGE, last, namespace }, { signal });
    repositories.push(...page.repositories);
    // A `next` that does not move on would loop forever.
    if (page.next === null || page.next === last || page.repositories.length === 0) return repositories;
    last = page.next;
  }
}

/** Every page of the repositories and of the tags the caller may read: the audit's data in about n/1000 requests. */
export async function readIndexAudit(index: IndexClient, { signal, namespace }: { signal?: AbortSignal; namespace?: string } = {}): Promise<IndexAuditData> {
  const readTags = async () => {
    const tags: IndexTagListRow[] = [];
    let last: string | undefined;
    for (;;) {
      const page = await index.tagList({ n: INDEX_PAGE, last, namespace }, { signal });
      tags.push(...page.tags);
      if (page.next === null || page.next === last || page.tags.length === 0) return tags;
      last = page.next;
    }
  };
  const [repositories, tags] = await Promise.all([readIndexRepositories(index, { signal, namespace }), readTags()]);
  return { repositories, tags };
}

/** The whole registry's audit data from the index (zooming into a namespace filters it, asks nothing). */
export function indexAuditQuery(index: IndexClient | undefined, url: string) {
  return queryOptions({
    queryKey: ['registry', url, 'index-audit'] as const,
    queryFn: ({ signal }) => {
      if (!index) throw new Error('No registry index is configured');
      return readIndexAudit(index, { signal });
    },
    enabled: index !== undefined,
    staleTime: INDEX_STALE_TIME,
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

export interface IndexRepositoryList {
  repositories: IndexRepositories['repositories'];
  /** Epoch ms when the last page was read: what "as of" says. */
  readAt: number;
}

/**
 * Every repository's counts, size and last push from the index. Kept under the catalog's key so
 * whatever refreshes the catalog (a push, a delete, the index's change stream) refreshes these too.
 */
export function indexRepositoryListQuery(index: IndexClient | undefined, url: string) {
  return queryOptions({
    queryKey: ['registry', url, 'catalog', 'index-repositories'] as const,
    queryFn: async ({ signal }): Promise<IndexRepositoryList> => {
      if (!index) throw new Error('No registry index is configured');
      return { repositories: await readIndexRepositories(index, { signal }), readAt: Date.now() };
    },
    enabled: index !== undefined,
    // Up to 10 requests: not repeated on every visit to the catalog. Changes arrive through the
    // change stream's invalidation of the catalog key anyway.
    staleTime: 60_000,
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
