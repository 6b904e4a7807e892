/**
 * Where the audit's figures come from: regatta-index when the registry has one that answers
 * (complete, in a few bulk requests), else what the browser crawl stored (with why, when the
 * index failed). The digest ledger's moved tags join either way (local, no request).
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AuditInput } from '../../queries/audit';
import { crawlSnapshotQuery } from '../../queries/crawl-queries';
import type { CrawlSession } from '../../queries/crawl-store';
import { auditInputFromIndex } from '../../queries/index-audit';
import { indexAuditQuery, indexStatusQuery } from '../../queries/index-queries';
import { useRegistry } from '../../queries/registry-context';

type AuditData = Pick<AuditInput, 'repositories' | 'facts' | 'ledgers' | 'untagged'>;

export type AuditSource =
  | { kind: 'index-pending' }
  | { kind: 'index'; data: AuditData; readAt: number; lastScan: string | null; reload: () => void; reloading: boolean }
  | { kind: 'crawl'; data: AuditData | undefined; readAt: number; session?: CrawlSession; indexError?: unknown; snapshotError?: unknown; retry: () => void };

export function useAuditSource(): AuditSource {
  const registry = useRegistry();
  const status = useQuery(indexStatusQuery(registry.index, registry.url));
  const fromIndex = useQuery({ ...indexAuditQuery(registry.index, registry.url), enabled: registry.index !== undefined && status.isSuccess });
  const snapshot = useQuery(crawlSnapshotQuery(registry.url));
  const ledgers = snapshot.data?.ledgers;
  // One object per answer: the audit is built again only when its data changes, not per render.
  const indexData = useMemo(
    () => (fromIndex.data ? { ...auditInputFromIndex(fromIndex.data, fromIndex.dataUpdatedAt), ledgers } : undefined),
    [fromIndex.data, fromIndex.dataUpdatedAt, ledgers],
  );

  if (registry.index) {
    const indexError = status.error ?? fromIndex.error;
    if (!indexError) {
      if (!indexData) return { kind: 'index-pending' };
      return {
        kind: 'index',
        data: indexData,
        readAt: fromIndex.dataUpdatedAt,
        lastScan: status.data?.lastScan?.at ?? null,
        reload: () => void fromIndex.refetch(),
        reloading: fromIndex.isFetching,
      };
    }
    return { kind: 'crawl', data: snapshot.data, readAt: snapshot.dataUpdatedAt, session: snapshot.data?.session, indexError, snapshotError: snapshot.error ?? undefined, retry: () => void snapshot.refetch() };
  }
  return { kind: 'crawl', data: snapshot.data, readAt: snapshot.dataUpdatedAt, session: snapshot.data?.session, snapshotError: snapshot.error ?? undefined, retry: () => void snapshot.refetch() };
}
