import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buttonClass, Dialog } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { formatBytes } from '../../components/ui/format';
import { CancellableProgress, ProgressBar, RetriedNote } from '../../components/ui/progress-bar';
import { acrClientFor } from '../../queries/acr-queries';
import { compileFilter, type CleanupPlan, type CleanupRules } from '../../queries/cleanup-rules';
import { operationsOf, reportCsv, reportJson, type OperationResult } from '../../queries/cleanup-run';
import { operationMutations } from '../../queries/operations/operation-queries';
import { useRegistry } from '../../queries/registry-context';
import { useInventoryScan } from '../../queries/use-inventory-scan';
import { detectionWhy } from '../../registry/acr';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { CleanupForm, DEFAULT_RULES } from './cleanup-form';
import { dryRun, totalFreed } from './cleanup-inputs';
import { PlanTable } from './plan-table';
import { DryRunSource } from './dry-run-source';
import { describeError } from '../../queries/operations/decisions';
import { PageTitle } from '../../components/ui/page-title';
import { UnscannedRepositories } from '../../components/ui/unscanned-repositories';

/** /cleanup: rules → dry run → run (exactly the dry run, re-validated) → report. */
export function CleanupPage() {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  const scan = useInventoryScan();
  const runMutation = useMutation(useMemo(() => operationMutations({ client: registry.client, url: registry.url, queryClient }).run, [registry.client, registry.url, queryClient]));
  const [rules, setRules] = useState<CleanupRules>(DEFAULT_RULES);
  const [plan, setPlan] = useState<CleanupPlan | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [run, setRun] = useState<{ done: number; total: number; controller: AbortController } | null>(null);
  const [results, setResults] = useState<OperationResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const operations = useMemo(() => (plan ? operationsOf(plan) : []), [plan]);
  // Asked only once the user means to run: the confirmation dialog is open.
  const deletes = useDeleteSupport(operations[0]?.repository, { probe: confirming });
  const freed = useMemo(() => (plan ? totalFreed(plan, scan.state.inventories) : 0), [plan, scan.state.inventories]);

  async function startDryRun(next: CleanupRules) {
    setRules(next);
    setPlan(null);
    setResults(null);
    setError(null);
    const filter = compileFilter(next.repository, 'repository');
    const inventories = await scan.start({ kind: 'registry' }, (name) => filter.test(name));
    if (inventories) setPlan(dryRun(next, inventories, Date.now()));
  }

  async function execute() {
    if (!plan) return;
    setConfirming(false);
    const controller = new AbortController();
    setRun({ done: 0, total: operations.length, controller });
    try {
      const outcome = await runMutation.mutateAsync({
        operations,
        acr: scan.source === 'acr' ? acrClientFor(registry.client) : null,
        signal: controller.signal,
        onProgress: (p) => setRun((r) => (r ? { ...r, done: p.done } : r)),
      });
      setResults(outcome);
    } catch (e) {
      setError(e);
    } finally {
      setRun(null);
    }
  }

  const scanning = scan.state.status === 'running';
  const progress = scan.state.progress;
  const counts = plan && {
    tags: plan.repositories.reduce((n, r) => n + r.tagsRemoved.length, 0),
    images: plan.repositories.reduce((n, r) => n + r.imagesDeleted.length, 0),
  };

  return (
    <div className="flex flex-col gap-4">
      <PageTitle>Cleanup</PageTitle>
      <h1 className="text-xl font-semibold">Cleanup</h1>
      <p className="text-sm text-slate-600">
        Rules like <code>acr purge</code>. The dry run lists exactly what the run will do; the run re-checks every tag right before changing anything and skips what
        changed since. Source:{' '}
        {scan.source === undefined
          ? scan.detectionError
            ? 'detection failed, retried on the next dry run'
            : 'detecting…'
          : scan.source === 'acr'
            ? 'ACR manifest API'
            : scan.source === 'index'
              ? 'the registry index (every stored manifest, tagged or not)'
              : 'tags + digest ledger (untagged manifests Regatta has seen)'}
        . {detectionWhy(scan.detection)}
      </p>
      {registry.index && scan.indexError && (
        <p role="alert" className="text-sm text-amber-900">
          The registry index does not answer ({describeError(scan.indexError)}): the dry run reads the registry&apos;s tags and the digest ledger instead.
        </p>
      )}
      <CleanupForm initial={rules} disabled={scanning || run !== null} onDryRun={(r) => void startDryRun(r)} />

      {scanning && progress && (
        <CancellableProgress onCancel={scan.cancel}>
          <ProgressBar label="Dry run: repositories scanned" value={progress.repositoriesDone} max={progress.repositoriesTotal} />
          <ProgressBar label="Requests" value={progress.requestsDone} max={progress.requestsTotal} />
          <RetriedNote retried={progress.retried} />
        </CancellableProgress>
      )}
      {scan.state.status === 'cancelled' && <p role="status">Dry run cancelled.</p>}
      {scan.state.status === 'error' && <ErrorPanel error={scan.state.error} title="The dry run failed" />}
      {error !== null && <ErrorPanel error={error} title="The run failed" />}

      {plan && counts && !results && (
        <section aria-label="Dry run" className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Dry run</h2>
          <p role="status">
            {counts.tags} tag{counts.tags === 1 ? '' : 's'} removed, {counts.images} image{counts.images === 1 ? '' : 's'} deleted in {plan.repositories.length} repositor
            {plan.repositories.length === 1 ? 'y' : 'ies'}; {formatBytes(freed)} freed after garbage collection (blobs no remaining scanned manifest uses, each counted once).
          </p>
          {plan.blocked.length > 0 && (
            <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              {plan.blocked.length} locked match{plan.blocked.length === 1 ? '' : 'es'} and &quot;Skip locked&quot; is off: the run is refused. Unlock them or enable
              &quot;Skip locked&quot;.
            </div>
          )}
          <DryRunSource inventories={scan.state.inventories} evaluatedAt={plan.evaluatedAt} />
          <UnscannedRepositories
            failures={scan.state.inventories.flatMap((inventory) => (inventory.error === undefined ? [] : [{ repository: inventory.repository, error: inventory.error }]))}
            consequence="the plan leaves them alone."
          />
          <PlanTable plan={plan} />
          <div>
            <button type="button" className={buttonClass.danger} disabled={operations.length === 0 || plan.blocked.length > 0 || run !== null || registry.readOnly} onClick={() => setConfirming(true)}>
              Run ({operations.length} operation{operations.length === 1 ? '' : 's'})
            </button>
          </div>
        </section>
      )}

      {run && (
        <CancellableProgress onCancel={() => run.controller.abort()}>
          <ProgressBar label="Cleanup" value={run.done} max={run.total} />
        </CancellableProgress>
      )}

      {results && <RunReport plan={plan} results={results} />}

      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Run the cleanup"
        description={`${counts?.tags ?? 0} tags removed and ${counts?.images ?? 0} images deleted, exactly as in the dry run. This cannot be undone.`}
      >
        {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
        {deletes.reason && <p role="alert">{deletes.reason} Nothing was changed.</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.secondary} onClick={() => setConfirming(false)}>
            {deletes.reason ? 'Close' : 'Cancel'}
          </button>
          {!deletes.reason && (
            <button type="button" className={buttonClass.danger} disabled={deletes.checking} onClick={() => void execute()}>
              Run cleanup
            </button>
          )}
        </div>
      </Dialog>
    </div>
  );
}

function RunReport({ plan, results }: { plan: CleanupPlan | null; results: OperationResult[] }) {
  const counts = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  const csvHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(reportCsv(results))}`, [results]);
  const jsonHref = useMemo(() => `data:application/json;charset=utf-8,${encodeURIComponent(reportJson(plan, results))}`, [plan, results]);
  return (
    <section aria-label="Run report" className="flex flex-col gap-2 text-sm">
      <h2 className="text-lg font-semibold">Report</h2>
      <p role="status">
        {Object.entries(counts)
          .map(([status, n]) => `${n} ${status}`)
          .join(', ')}
      </p>
      <div className="flex gap-2">
        <a className={buttonClass.secondary} href={csvHref} download="regatta-cleanup-report.csv">
          Download CSV
        </a>
        <a className={buttonClass.secondary} href={jsonHref} download="regatta-cleanup-report.json">
          Download JSON
        </a>
      </div>
      <table className="w-full border-collapse">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
            <th className="p-1">Repository</th>
            <th className="p-1">Operation</th>
            <th className="p-1">Digest</th>
            <th className="p-1">Status</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={`${r.repository} ${r.kind} ${r.tag ?? ''} ${r.digest}`} className="border-b border-slate-100">
              <td className="p-1">{r.repository}</td>
              <td className="p-1">{r.kind === 'untag' ? `remove tag ${r.tag}` : `delete ${r.tags.length > 0 ? `(${r.tags.join(', ')})` : 'untagged'}`}</td>
              <td className="p-1 font-mono text-xs">{r.digest}</td>
              <td className="p-1">
                {r.status}
                {r.message ? ` — ${r.message}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
