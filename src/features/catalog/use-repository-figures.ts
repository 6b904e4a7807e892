import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RepositoryFigures } from '../../registry/namespace-tree';
import { crawlFiguresQuery } from '../../queries/crawl-figures-query';
import { indexRepositoryListQuery } from '../../queries/index-queries';
import { useRegistry } from '../../queries/registry-context';

/** Where the tree's figures come from, best first; what the line above the tree says. */
export type FiguresSource =
  | { kind: 'index'; asOf: number }
  | { kind: 'fallback'; indexError: Error | null; crawledAt: number | undefined; visited: boolean };

export interface RepositoryFiguresResult {
  figures: ReadonlyMap<string, RepositoryFigures>;
  /** undefined while the index's first answer is on its way. */
  source: FiguresSource | undefined;
}

const NONE: ReadonlyMap<string, RepositoryFigures> = new Map();

/** ['registry', url, 'repo', name, 'tags']: a tag list read while browsing (repository-queries.ts). */
function isTagListKey(key: readonly unknown[], url: string): key is ['registry', string, 'repo', string, 'tags'] {
  return key.length === 5 && key[0] === 'registry' && key[1] === url && key[2] === 'repo' && key[4] === 'tags';
}

function visitedTagCounts(queryClient: QueryClient, url: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['registry', url, 'repo'] })) {
    const data = query.state.data;
    if (isTagListKey(query.queryKey, url) && Array.isArray(data)) counts.set(query.queryKey[3], data.length);
  }
  return counts;
}

/** Tag counts of the repositories opened in this session, kept current as tag lists arrive. */
function useVisitedTagCounts(url: string, enabled: boolean): Map<string, number> {
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    return queryClient.getQueryCache().subscribe((event) => {
      if ((event.type === 'updated' && event.action.type === 'success') || event.type === 'removed') {
        if (isTagListKey(event.query.queryKey, url)) setVersion((v) => v + 1);
      }
    });
  }, [queryClient, url, enabled]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` marks a change in the cache
  return useMemo(() => (enabled ? visitedTagCounts(queryClient, url) : new Map<string, number>()), [queryClient, url, enabled, version]);
}

/**
 * Per-repository tag count, size and last push for the catalog tree: from the registry index
 * (every repository, paged) when config names one and it answers; otherwise from the audit's
 * crawl, and for repositories opened in this session their tag count. Unknown stays unknown.
 * `enabled: false` reads nothing new (what is cached still shows).
 */
export function useRepositoryFigures({ enabled = true }: { enabled?: boolean } = {}): RepositoryFiguresResult {
  const { index, url } = useRegistry();
  const indexList = useQuery({ ...indexRepositoryListQuery(index, url), enabled: enabled && index !== undefined });
  const fallback = index === undefined || indexList.isError;
  const crawl = useQuery(crawlFiguresQuery(url, enabled && fallback));
  const visited = useVisitedTagCounts(url, fallback);

  const fromIndex = useMemo(() => {
    const figures = new Map<string, RepositoryFigures>();
    for (const repository of indexList.data?.repositories ?? []) {
      figures.set(repository.name, { tagCount: repository.tagCount, sizeBytes: repository.sizeBytes, lastPush: repository.lastPush });
    }
    return figures;
  }, [indexList.data]);

  const fromFallback = useMemo(() => {
    if (!fallback) return { figures: NONE, visitedUsed: false };
    const figures = new Map(crawl.data?.figures);
    let visitedUsed = false;
    for (const [name, tagCount] of visited) {
      if (figures.get(name)?.tagCount !== undefined) continue;
      figures.set(name, { ...figures.get(name), tagCount });
      visitedUsed = true;
    }
    return { figures, visitedUsed };
  }, [fallback, crawl.data, visited]);

  if (!fallback) {
    if (!indexList.data) return { figures: NONE, source: undefined };
    return { figures: fromIndex, source: { kind: 'index', asOf: indexList.data.readAt } };
  }
  return {
    figures: fromFallback.figures,
    source: { kind: 'fallback', indexError: indexList.error, crawledAt: crawl.data?.figures.size ? crawl.data.crawledAt : undefined, visited: fromFallback.visitedUsed },
  };
}
