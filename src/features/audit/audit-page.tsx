import { useMemo } from 'react';
import { useParams, useSearchParams } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { compileRules } from '../../queries/naming-rules';
import { useRegistry } from '../../queries/registry-context';
import { AuditBreadcrumbs } from './audit-breadcrumbs';
import { AuditDefinitions } from './audit-definitions';
import { CrawlControls } from './crawl-controls';
import { StaleDaysInput } from './stale-days-input';
import { useCrawl } from './use-crawl';
import { PageTitle } from '../../components/ui/page-title';
import { isValidRepositoryName } from '../../registry/names';
import { InvalidNamespace } from './invalid-namespace';
import { IndexFailedNotice, IndexSourceNotice } from './index-source-notice';
import { useAuditSource } from './use-audit-source';
import { AuditResults } from './audit-results';
import { useRunningAudit } from './use-running-audit';

export const DEFAULT_STALE_DAYS = 90;

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
  const settings = useMemo(() => ({ now, staleDays, rules }), [now, staleDays, rules]);
  // While a crawl runs, its batches join the figures as they are written (no re-reading the store).
  const view = useRunningAudit(data, settings, namespace, source.kind === 'crawl' ? crawl.feed : undefined);
  const untaggedLabel = source.kind === 'index' ? 'Untagged' : 'Untagged (known)';
  const empty = view !== null && view.root.repositories === 0;

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
      {view && !empty && <AuditResults view={view} namespace={namespace} staleDays={staleDays} untaggedLabel={untaggedLabel} />}
    </div>
  );
}
