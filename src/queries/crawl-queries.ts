/**
 * The crawl's stored results as a query: read from IndexedDB (crawl-store.ts) together with the
 * digest ledger, refreshed by invalidation while a crawl writes. Keyed under the registry like
 * everything else: ['registry', url, 'crawl', 'snapshot'].
 */
import { queryOptions } from '@tanstack/react-query';
import type { RepositoryLedger } from './ledger';
import { readRegistryLedgers } from './ledger-store';
import { readSnapshot, type CrawlSnapshot } from './crawl-store';

export interface AuditSnapshot extends CrawlSnapshot {
  ledgers: Map<string, RepositoryLedger>;
}

export const crawlKeys = {
  all: (registryUrl: string) => ['registry', registryUrl, 'crawl'] as const,
  snapshot: (registryUrl: string) => ['registry', registryUrl, 'crawl', 'snapshot'] as const,
};

export function crawlSnapshotQuery(registryUrl: string) {
  return queryOptions({
    queryKey: crawlKeys.snapshot(registryUrl),
    queryFn: async (): Promise<AuditSnapshot> => {
      const [snapshot, ledgers] = await Promise.all([readSnapshot(registryUrl), readRegistryLedgers(registryUrl)]);
      return { ...snapshot, ledgers: new Map(ledgers.map((ledger) => [ledger.repository, ledger])) };
    },
    // Only a crawl changes it, and the crawl invalidates it.
    staleTime: Infinity,
  });
}
