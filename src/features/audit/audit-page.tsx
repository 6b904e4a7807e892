import { useMemo } from 'react';
import { useParams, useSearchParams } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { computeAudit, type NamespaceStats, type RepositoryStats } from '../../queries/audit';
import { compileRules } from '../../queries/naming-rules';
import { useRegistry } from '../../queries/registry-context';
import { namespaceColumns, repositoryColumns, sharedColumns, staleColumns, violationColumns, type AuditTableDef } from './audit-columns';
import { AuditBreadcrumbs } from './audit-breadcrumbs';
import { AuditDefinitions } from './audit-definitions';
import { AuditTable } from './audit-table';
import { LargestRepositoriesChart } from './bar-chart';
import { CrawlControls } from './crawl-controls';
import { StaleDaysInput } from './stale-days-input';
import { Treemap } from './treemap';
import { useCrawl } from './use-crawl';
import { PageTitle } from '../../components/ui/page-title';
import { isValidRepositoryName } from '../../registry/names';
import { InvalidNamespace } from './invalid-namespace';
import { IndexFailedNotice, IndexSourceNotice } from './index-source-notice';
import { useAuditSource } from './use-audit-source';

export const DEFAULT_STALE_DAYS = 90;
const SHARED_LIMIT = 25;

function parseStaleDays(raw: string | null): number {
  const value = Number(raw);
  return raw !== null && Number.isInteger(value) && value >= 0 ? value : DEFAULT_STALE_DAYS;
}

/**
 * /audit and /audit/<namespace>. The crawl belongs to the page, not to the namespace on screen:
 * zooming in or out while it runs keeps it running (leaving the audit cancels it; it resumes).
 */
export function AuditPage() {
  const namespace = (useParams()['*'] ?? '').replace(/^\/+|\/+$/g, '');
  const crawl = useCrawl();
  // A namespace is a repository name's leading components: the same grammar, checked the same way
  // as /r/<name>, so an address no repository can match sends nothing (and crawls nothing).
  if (namespace !== '' && !isValidRepositoryName(namespace)) return <InvalidNamespace namespace={namespace} />;
  return <Audit key={namespace} namespace={namespace} crawl={crawl} />;
}

function Audit({ namespace, crawl }: { namespace: string; crawl: ReturnType<typeof useCrawl> }) {
  const registry = useRegistry();
  const [params, setParams] = useSearchParams();
  const staleDays = parseStaleDays(params.get('stale'));
  const source = useAuditSource();
  const data = source.kind === 'index-pending' ? undefined : source.data;
  const rules = useMemo(() => {
    try {
      return compileRules(registry.namingRules);
    } catch {
      return compileRules();
    }
  }, [registry.namingRules]);
  // "Now" is when the snapshot (or the index) was read: the same figures for the same data.
  const now = source.kind === 'index-pending' ? 0 : source.readAt;
  const audit = useMemo(() => (data ? computeAudit({ ...data, now, staleDays, rules, scope: namespace }) : null), [data, now, staleDays, rules, namespace]);
  const untaggedLabel = source.kind === 'index' ? 'Untagged' : 'Untagged (known)';

  const fileStem = `regatta-audit-${(namespace || 'registry').replace(/[^a-z0-9._-]+/gi, '_')}`;
  const tables = useMemo(() => {
    if (!audit) return null;
    const nodes: NamespaceStats[] = [audit.root, ...audit.root.children];
    const byStored = [...audit.repositories].sort((a, b) => b.storedBytes - a.storedBytes || (a.name < b.name ? -1 : 1));
    return {
      namespaces: { id: 'namespaces', title: 'Namespaces', columns: namespaceColumns(staleDays, untaggedLabel), rows: nodes, rowKey: (n) => n.path || '(all)' } satisfies AuditTableDef<NamespaceStats>,
      repositories: { id: 'repositories', title: 'Repositories', columns: repositoryColumns(untaggedLabel), rows: byStored, rowKey: (r) => r.name } satisfies AuditTableDef<RepositoryStats>,
      stale: { id: 'stale', title: 'Stale repositories', columns: staleColumns(), rows: audit.repositories.filter((r) => r.stale), rowKey: (r) => r.name } satisfies AuditTableDef<RepositoryStats>,
      violations: {
        id: 'violations',
        title: 'Naming violations',
        columns: violationColumns(),
        rows: audit.violations,
        rowKey: (v) => `${v.repository}:${v.tag ?? ''}:${v.rule}`,
      } satisfies AuditTableDef<(typeof audit.violations)[number]>,
      shared: { id: 'shared-layers', title: 'Shared layers', columns: sharedColumns(), rows: audit.shared.slice(0, SHARED_LIMIT), rowKey: (b) => b.digest } satisfies AuditTableDef<(typeof audit.shared)[number]>,
    };
  }, [audit, staleDays, untaggedLabel]);

  const selfBytes = audit?.repositories.find((r) => r.name === namespace)?.storedBytes;
  const empty = audit !== null && audit.root.repositories === 0;

  return (
    <div className="flex flex-col gap-5">
      <header className="flex flex-col gap-1">
        <PageTitle>{namespace ? `Audit of ${namespace}/` : 'Audit'}</PageTitle>
        <h1 className="text-xl font-semibold">Audit{namespace ? ` of ${namespace}/` : ''}</h1>
        <AuditBreadcrumbs namespace={namespace} />
      </header>
      {source.kind === 'index-pending' && <p role="status">Reading the registry index…</p>}
      {source.kind === 'index' && <IndexSourceNotice readAt={source.readAt} lastScan={source.lastScan} reload={source.reload} reloading={source.reloading} />}
      {source.kind === 'crawl' && (
        <>
          {source.indexError !== undefined && <IndexFailedNotice error={source.indexError} />}
          <CrawlControls crawl={crawl} namespace={namespace} session={source.session} />
          {source.snapshotError !== undefined && <ErrorPanel error={source.snapshotError} title="The stored crawl results could not be read" onRetry={source.retry} />}
        </>
      )}
      <AuditDefinitions />
      <StaleDaysInput
        value={staleDays}
        onChange={(days) =>
          setParams(
            (p) => {
              const next = new URLSearchParams(p);
              if (days === DEFAULT_STALE_DAYS) next.delete('stale');
              else next.set('stale', String(days));
              return next;
            },
            { replace: true },
          )
        }
      />
      {empty &&
        (source.kind === 'index' ? (
          <p className="text-sm text-slate-600">The index lists no repository {namespace ? `under ${namespace}/` : ''} that you may read.</p>
        ) : (
          <p className="text-sm text-slate-600">No crawled repositories {namespace ? `under ${namespace}/` : 'yet'}. Start a crawl above.</p>
        ))}
      {audit && tables && !empty && (
        <>
          <AuditTable table={tables.namespaces} fileStem={fileStem} empty="No namespaces." emphasize={(n) => n.path === audit.root.path} caption="The namespace itself first, then each namespace or repository right below it." />
          <section aria-labelledby="audit-treemap-heading" className="flex flex-col gap-2">
            <h2 id="audit-treemap-heading" className="text-lg font-semibold">
              Stored size by namespace
            </h2>
            <Treemap node={audit.root} selfBytes={selfBytes} />
          </section>
          <section aria-labelledby="audit-largest-heading" className="flex flex-col gap-2">
            <h2 id="audit-largest-heading" className="text-lg font-semibold">
              Largest repositories
            </h2>
            <LargestRepositoriesChart repositories={audit.repositories} />
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
            caption={`The ${SHARED_LIMIT} blobs saving the most bytes through sharing (of ${audit.shared.length} shared).`}
          />
        </>
      )}
    </div>
  );
}
