import { memo, useMemo } from 'react';
import type { NamespaceStats, RepositoryStats, SharedBlob } from '../../queries/audit';
import type { AuditView } from '../../queries/running-audit';
import { namespaceColumns, repositoryColumns, sharedColumns, staleColumns, violationColumns, type AuditTableDef } from './audit-columns';
import { AuditTable } from './audit-table';
import { LargestRepositoriesChart } from './bar-chart';
import { Treemap } from './treemap';
import { SHARED_LIMIT } from './use-running-audit';

interface AuditResultsProps {
  view: AuditView;
  namespace: string;
  staleDays: number;
  untaggedLabel: string;
}

/** The namespace itself, above its children. */
const isScopeRow = (node: NamespaceStats) => node.depth === 0;

/**
 * The audit's tables and charts for one view. Memoized: the crawl's progress (ten times a second)
 * re-renders the page around it, not these; a new view (at most once a second) does.
 */
export const AuditResults = memo(function AuditResults({ view, namespace, staleDays, untaggedLabel }: AuditResultsProps) {
  const fileStem = `regatta-audit-${(namespace || 'registry').replace(/[^a-z0-9._-]+/gi, '_')}`;
  const tables = useMemo(
    () => ({
      namespaces: {
        id: 'namespaces',
        title: 'Namespaces',
        columns: namespaceColumns(staleDays, untaggedLabel),
        rows: [view.root, ...view.root.children],
        rowKey: (n) => n.path || '(all)',
      } satisfies AuditTableDef<NamespaceStats>,
      repositories: { id: 'repositories', title: 'Repositories', columns: repositoryColumns(untaggedLabel), rows: view.byStored, rowKey: (r) => r.name } satisfies AuditTableDef<RepositoryStats>,
      stale: { id: 'stale', title: 'Stale repositories', columns: staleColumns(), rows: view.stale, rowKey: (r) => r.name } satisfies AuditTableDef<RepositoryStats>,
      violations: {
        id: 'violations',
        title: 'Naming violations',
        columns: violationColumns(),
        rows: view.violations,
        rowKey: (v) => `${v.repository}:${v.tag ?? ''}:${v.rule}`,
      } satisfies AuditTableDef<AuditView['violations'][number]>,
      shared: { id: 'shared-layers', title: 'Shared layers', columns: sharedColumns(), rows: view.shared, rowKey: (b) => b.digest } satisfies AuditTableDef<SharedBlob>,
    }),
    [view, staleDays, untaggedLabel],
  );
  const largest = useMemo(() => view.byStored.slice(0, 10), [view.byStored]);

  return (
    <>
      <AuditTable table={tables.namespaces} fileStem={fileStem} empty="No namespaces." emphasize={isScopeRow} caption="The namespace itself first, then each namespace or repository right below it." />
      <section aria-labelledby="audit-treemap-heading" className="flex flex-col gap-2">
        <h2 id="audit-treemap-heading" className="text-lg font-semibold">
          Stored size by namespace
        </h2>
        <Treemap node={view.root} selfBytes={view.own?.storedBytes} />
      </section>
      <section aria-labelledby="audit-largest-heading" className="flex flex-col gap-2">
        <h2 id="audit-largest-heading" className="text-lg font-semibold">
          Largest repositories
        </h2>
        <LargestRepositoriesChart repositories={largest} />
      </section>
      <AuditTable table={tables.repositories} fileStem={fileStem} empty="No repositories." caption="Largest stored size first." />
      <AuditTable table={tables.stale} fileStem={fileStem} empty={`No repository is older than ${staleDays} days.`} caption={`No image created in the last ${staleDays} days.`} />
      <AuditTable
        table={tables.violations}
        fileStem={fileStem}
        empty="No naming violations."
        caption="ACR naming rules (lowercase letters, digits, . - _ / in the distribution grammar; tags [A-Za-z0-9_][A-Za-z0-9._-]{0,127}) plus the team rules from config."
      />
      <AuditTable
        table={tables.shared}
        fileStem={fileStem}
        empty="No blob is used by more than one image."
        caption={`The ${SHARED_LIMIT} blobs saving the most bytes through sharing (of ${view.sharedCount} shared).`}
      />
    </>
  );
});
