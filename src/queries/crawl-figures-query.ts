/**
 * The crawl's per-repository tag counts and sizes as a query, for the catalog tree. Its own
 * module: crawl-queries.ts pulls the IndexedDB stores in, and the catalog page loads them only
 * when it needs them (no registry index).
 */
import { queryOptions } from '@tanstack/react-query';

export function crawlFiguresQuery(registryUrl: string, enabled = true) {
  return queryOptions({
    // Under crawlKeys.snapshot: the crawl's invalidation refreshes it too.
    queryKey: ['registry', registryUrl, 'crawl', 'snapshot', 'figures'] as const,
    queryFn: async () => (await import('./crawl-figures')).readCrawlFigures(registryUrl),
    staleTime: Infinity,
    enabled,
  });
}
