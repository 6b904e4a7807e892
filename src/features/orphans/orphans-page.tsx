import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from '../../components/routing';
import { buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { CancellableProgress, ProgressBar, RetriedNote } from '../../components/ui/progress-bar';
import { orphansPath, repositoryNameFromSplat, repositoryPath } from '../../config/route-paths';
import { acrClientFor } from '../../queries/acr-queries';
import type { OperationResult } from '../../queries/cleanup-run';
import { operationMutations } from '../../queries/operations/operation-queries';
import { useRegistry } from '../../queries/registry-context';
import { useInventoryScan, type ScanTarget } from '../../queries/use-inventory-scan';
import { DeleteOrphansDialog } from './delete-orphans-dialog';
import { orphanRows, selectionImpact, type OrphanRow } from './orphan-rows';
import { OrphansTable } from './orphans-table';
import { ReclaimNote } from './reclaim-note';
import { SourceNotice } from './source-notice';
import { PageTitle } from '../../components/ui/page-title';
import { UnscannedRepositories, type UnscannedRepository } from '../../components/ui/unscanned-repositories';
import type { RepositoryInventory } from '../../queries/inventory-scan';

/** /orphans: the whole registry, filterable by namespace (?ns=team/app). */
export function OrphansPage() {
  const [params, setParams] = useSearchParams();
  const namespace = (params.get('ns') ?? '').replace(/\/+$/, '');
  return (
    <>
      <PageTitle>{namespace ? `Orphans in ${namespace}/` : 'Orphans'}</PageTitle>
      <Orphans
        title="Orphans"
        namespace={namespace}
        onNamespace={(ns) => setParams(ns ? { ns } : {}, { replace: true })}
        targets={[
          ...(namespace ? [{ label: `Scan namespace ${namespace}/`, target: { kind: 'namespace', prefix: namespace } as ScanTarget }] : []),
          { label: 'Scan registry', target: { kind: 'registry' } },
        ]}
      />
    </>
  );
}

/** /r/<name>/-/orphans: one repository. */
export function RepositoryOrphansPage() {
  const name = repositoryNameFromSplat(useParams()['*']);
  return (
    <Orphans
      key={name}
      title={`Orphans of ${name}`}
      repository={name}
      targets={[{ label: 'Scan repository', target: { kind: 'repositories', names: [name], label: `repository ${name}` } }]}
    />
  );
}

interface OrphansProps {
  title: string;
  repository?: string;
  namespace?: string;
  onNamespace?: (namespace: string) => void;
  targets: { label: string; target: ScanTarget }[];
}

function Orphans({ title, repository, namespace, onNamespace, targets }: OrphansProps) {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  const scan = useInventoryScan({ repository });
  const runMutation = useMutation(useMemo(() => operationMutations({ client: registry.client, url: registry.url, queryClient }).run, [registry.client, registry.url, queryClient]));
  const { state } = scan;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<OrphanRow[] | null>(null);
  const [deleting, setDeleting] = useState<{ done: number; total: number; controller: AbortController } | null>(null);
  const [results, setResults] = useState<OperationResult[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);

  const rows = useMemo(() => {
    const all = orphanRows(state.inventories);
    return namespace ? all.filter((r) => r.repository.startsWith(`${namespace}/`) || r.repository === namespace) : all;
  }, [state.inventories, namespace]);
  const selectedRows = rows.filter((r) => selected.has(r.key));
  const selection = useMemo(() => selectionImpact(state.inventories, selectedRows), [state.inventories, selectedRows]);
  const confirmImpact = useMemo(() => (confirming ? selectionImpact(state.inventories, confirming) : null), [state.inventories, confirming]);
  const allImpact = useMemo(() => selectionImpact(state.inventories, rows), [state.inventories, rows]);
  const running = state.status === 'running';

  async function remove(chosen: OrphanRow[]) {
    const impact = selectionImpact(state.inventories, chosen);
    setConfirming(null);
    const controller = new AbortController();
    setDeleting({ done: 0, total: impact.refs.length, controller });
    setActionError(null);
    try {
      const outcome = await runMutation.mutateAsync({
        operations: impact.refs.map((ref) => ({ repository: ref.repository, kind: 'delete', digest: ref.digest, tags: [] })),
        acr: scan.source === 'acr' ? acrClientFor(registry.client) : null,
        signal: controller.signal,
        onProgress: (p) => setDeleting((d) => (d ? { ...d, done: p.done } : d)),
      });
      setResults(outcome);
      const gone = new Set(outcome.filter((r) => r.status === 'done' || r.status === 'already-gone').map((r) => `${r.repository}@${r.digest}`));
      scan.replaceInventories((inventories) =>
        inventories.map((inv) => ({ ...inv, verdicts: inv.verdicts.filter((v) => !gone.has(`${inv.repository}@${v.digest}`)), facts: new Map([...inv.facts].filter(([d]) => !gone.has(`${inv.repository}@${d}`))) })),
      );
      setSelected(new Set());
    } catch (error) {
      setActionError(error);
    } finally {
      setDeleting(null);
    }
  }

  async function setLock(row: OrphanRow, lock: boolean) {
    setActionError(null);
    try {
      const updated = await acrClientFor(registry.client).updateManifestAttributes(row.repository, row.digest, { deleteEnabled: !lock, writeEnabled: !lock });
      scan.replaceInventories((inventories) =>
        inventories.map((inv) => {
          if (inv.repository !== row.repository) return inv;
          const manifests = new Map(inv.manifests);
          const entry = manifests.get(row.digest);
          if (entry) manifests.set(row.digest, { ...entry, locked: lock, attributes: updated.changeableAttributes });
          return { ...inv, manifests };
        }),
      );
    } catch (error) {
      setActionError(error);
    }
  }

  const progress = state.progress;
  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">{title}</h1>
        {repository && (
          <Link to={repositoryPath(repository)} className="text-sm text-sky-700 hover:underline">
            Back to tags
          </Link>
        )}
      </header>
      <SourceNotice
        source={scan.source}
        detection={scan.detection}
        error={scan.detectionError}
        onRetry={() => void scan.retryDetection()}
        indexError={scan.indexError}
        fallbacks={scan.state.inventories.flatMap((inventory) => (inventory.indexFailure ? [inventory.indexFailure] : []))}
      />

      <div className="flex flex-wrap items-end gap-2">
        {onNamespace && (
          <label className="flex flex-col text-sm">
            <span>Namespace</span>
            <input
              defaultValue={namespace}
              placeholder="e.g. team/app"
              className="rounded border border-slate-300 px-2 py-1"
              onKeyDown={(e) => e.key === 'Enter' && onNamespace(e.currentTarget.value.trim())}
              onBlur={(e) => onNamespace(e.currentTarget.value.trim())}
            />
          </label>
        )}
        {targets.map(({ label, target }) => (
          <button key={label} type="button" className={buttonClass.primary} disabled={running || deleting !== null} onClick={() => void scan.start(target)}>
            {label}
          </button>
        ))}
        {running && (
          <button type="button" className={buttonClass.secondary} onClick={scan.cancel}>
            Cancel scan
          </button>
        )}
      </div>

      {running && progress && (
        <div aria-live="polite" className="flex flex-col gap-2">
          <ProgressBar label={`Scanning ${state.scope ?? ''}: repositories`} value={progress.repositoriesDone} max={progress.repositoriesTotal} />
          <ProgressBar label="Requests" value={progress.requestsDone} max={progress.requestsTotal} />
          {progress.current && <p className="text-xs text-slate-600">Now: {progress.current}</p>}
          <RetriedNote retried={progress.retried} />
        </div>
      )}
      {state.status === 'cancelled' && <p role="status">Scan cancelled: nothing is shown from a partial scan.</p>}
      {state.status === 'error' && <ErrorPanel error={state.error} title="The scan failed" />}
      {actionError !== null && <ErrorPanel error={actionError} title="The action failed" />}

      {state.status === 'done' && <UnscannedRepositories failures={unscanned(state.inventories)} consequence="their orphans are not listed." />}
      {state.status === 'done' && (
        <section aria-label="Scan result" className="flex flex-col gap-3">
          <p role="status">
            Scanned {state.scope}: {rows.length === 0 ? 'no orphans found.' : `${rows.length} untagged manifest${rows.length === 1 ? '' : 's'} found.`}
          </p>
          {rows.length > 0 && (
            <>
              <ReclaimNote label={selectedRows.length > 0 ? `Reclaimable if the ${selectedRows.length} selected are deleted` : 'Reclaimable if all of them are deleted'} result={selectedRows.length > 0 ? selection.reclaim : allImpact.reclaim} scope={state.scope ?? ''} />
              <div className="flex gap-2">
                <button type="button" className={buttonClass.danger} disabled={selectedRows.length === 0 || deleting !== null || registry.readOnly} onClick={() => setConfirming(selectedRows)}>
                  Delete selected ({selectedRows.length})
                </button>
              </div>
              <OrphansTable
                rows={rows}
                selected={selected}
                busy={deleting !== null || registry.readOnly}
                onToggle={(key) => setSelected((s) => toggle(s, key))}
                onToggleAll={(keys) => setSelected(new Set(keys))}
                onDelete={(row) => setConfirming([row])}
                onLock={scan.source === 'acr' ? (row, lock) => void setLock(row, lock) : undefined}
              />
            </>
          )}
        </section>
      )}

      {deleting && (
        <CancellableProgress onCancel={() => deleting.controller.abort()}>
          <ProgressBar label="Deleting" value={deleting.done} max={deleting.total} />
        </CancellableProgress>
      )}
      {results.length > 0 && (
        <section aria-label="Deletion report" className="text-sm">
          <h2 className="font-semibold">Deletion report</h2>
          <ul>
            {results.map((r) => (
              <li key={`${r.repository}@${r.digest}`}>
                <span className="font-mono text-xs">
                  {r.repository}@{r.digest}
                </span>
                : {r.status}
                {r.message ? ` — ${r.message}` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {confirming && confirmImpact && (
        <DeleteOrphansDialog open onOpenChange={(open) => !open && setConfirming(null)} refs={confirmImpact.refs} reclaim={confirmImpact.reclaim} onConfirm={() => void remove(confirming)} />
      )}
      {!repository && (
        <p className="text-xs text-slate-500">
          Per repository: open a repository and go to <code>{orphansPath('<name>')}</code>.
        </p>
      )}
    </div>
  );
}

function unscanned(inventories: readonly RepositoryInventory[]): UnscannedRepository[] {
  return inventories.flatMap((inventory) => (inventory.error === undefined ? [] : [{ repository: inventory.repository, error: inventory.error }]));
}

function toggle(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
