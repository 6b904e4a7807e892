/**
 * Executes a dry-run plan (cleanup rules) or an orphan deletion with the safe semantics of the
 * actions: never more than the plan showed.
 *   - A digest is deleted only if the plan lists it; a tag is removed only if the plan lists it.
 *   - Right before a repository's operations its tags are re-resolved (tags/list + a HEAD per tag,
 *     or ACR's tag list); right before each operation the plan's tags are HEADed again. A tag now
 *     on another digest, or a new tag on a digest about to be deleted, skips that operation and
 *     is reported ("changed since the dry run"); nothing else is touched.
 *   - 404 on delete = already done. A locked item (ACR 405 REGISTRY_DISALLOWED_OPERATION) is
 *     reported as locked.
 *   - Removing one tag keeps the image: ACR `DELETE /acr/v1/<name>/_tags/<tag>`; on v2 the
 *     executor's removeTag (OCI 1.1 DELETE by tag, else the safe untag with its probe and restore).
 *   - Deletes are off (405 UNSUPPORTED): every operation is reported refused, with why.
 * Cancel stops between operations; what is left is reported as cancelled.
 */
import type { AcrClient } from '../registry/acr';
import type { RegistryClient } from '../registry/client';
import { isAbortError, isRegistryError } from '../registry/errors';
import { removeStrategies } from './action-plans';
import { toCsv, type ExportColumn } from './csv';
import { currentDigests, readTagInventory } from './tag-inventory';
import type { CleanupPlan } from './cleanup-rules';
import { recordDigestsGone, recordObservations } from './ledger-store';
import { requestQueueFor } from './registry-queries';
import { PRIORITY_HIGH } from './request-queue';
import { ActionRefusedError, describeError, isDeletesDisabled, type StepReport } from './operations/decisions';
import { deleteDigest, recheckTag, removeTag, type ExecutorContext } from './operations/executor';

export interface CleanupOperation {
  repository: string;
  kind: 'untag' | 'delete';
  /** untag: the tag removed. */
  tag?: string;
  digest: string;
  /** delete: the tags the plan showed on it (all go with it). */
  tags: string[];
}

export type OperationStatus = 'done' | 'already-gone' | 'skipped-changed' | 'skipped-locked' | 'refused' | 'failed' | 'cancelled';

export interface OperationResult extends CleanupOperation {
  status: OperationStatus;
  message?: string;
  /** What the executor did, request by request (the safe untag: probe, push, delete, restore). */
  steps?: StepReport[];
}

export interface RunProgress {
  done: number;
  total: number;
  last?: OperationResult;
}

export interface RunContext {
  client?: RegistryClient;
  url: string;
  acr: AcrClient | null;
  /** The executor's context for a repository (the app's: cached probe, journal); default: the plain client. */
  executor?: (name: string) => ExecutorContext;
}

/** The operations of a plan: per repository, untags first, then deletes in plan order. */
export function operationsOf(plan: CleanupPlan): CleanupOperation[] {
  const ops: CleanupOperation[] = [];
  for (const repo of plan.repositories) {
    for (const t of repo.untagOnly) ops.push({ repository: repo.repository, kind: 'untag', tag: t.tag, digest: t.digest, tags: [t.tag] });
    for (const image of repo.imagesDeleted) ops.push({ repository: repo.repository, kind: 'delete', digest: image.digest, tags: image.tags });
  }
  return ops;
}


function isLockRefusal(error: unknown): boolean {
  return isRegistryError(error) && (error.code === 'REGISTRY_DISALLOWED_OPERATION' || (error.status === 405 && error.code !== 'UNSUPPORTED'));
}

export async function runOperations(ctx: RunContext, operations: readonly CleanupOperation[], options: { signal?: AbortSignal; onProgress?: (p: RunProgress) => void } = {}): Promise<OperationResult[]> {
  const { acr, url } = ctx;
  const signal = options.signal;
  const executorFor = (name: string): ExecutorContext => {
    if (ctx.executor) return ctx.executor(name);
    if (!ctx.client) throw new Error('runOperations needs a client or an executor');
    return { client: ctx.client, name, signal, registry: url };
  };
  const client = executorFor('').client;
  const results: OperationResult[] = [];

  async function snapshot(name: string): Promise<Map<string, string>> {
    if (acr) {
      const tags = await requestQueueFor(client).run(`ACR tags ${name}`, (s) => acr.listTags(name, { signal: s }), { priority: PRIORITY_HIGH, signal });
      return new Map(tags.map((t) => [t.name, t.digest]));
    }
    return currentDigests(await readTagInventory({ client, url, queryClient: executorFor(name).queryClient }, name, { signal }));
  }

  async function execute(op: CleanupOperation, current: Map<string, string>): Promise<OperationResult> {
    const name = op.repository;
    if (op.kind === 'untag') {
      const tag = op.tag as string;
      const now = current.get(tag);
      if (now === undefined) return { ...op, status: 'already-gone', message: 'The tag was already gone.' };
      if (now !== op.digest) return { ...op, status: 'skipped-changed', message: `Tag ${tag} now points at ${now}, not ${op.digest} as in the dry run.` };
      if (acr) {
        const status = (await acr.deleteTag(name, tag, { signal })) ? 'done' : 'already-gone';
        await recordObservations(url, name, [{ tag, digest: null }]);
        return { ...op, status };
      }
      // The executor HEADs the tag again right before it moves it.
      const removed = await removeTag(executorFor(name), { tag, expectedDigest: op.digest, strategies: removeStrategies('unknown') });
      await recordObservations(url, name, [{ tag, digest: null }]);
      return removed.outcome === 'already-gone'
        ? { ...op, status: 'already-gone', message: 'The tag was already gone.', steps: removed.steps }
        : { ...op, status: 'done', steps: removed.steps };
    }
    const planned = new Set(op.tags);
    const extra = [...current].filter(([tag, digest]) => digest === op.digest && !planned.has(tag)).map(([tag]) => tag);
    if (extra.length > 0) return { ...op, status: 'skipped-changed', message: `Since the dry run, ${extra.join(', ')} also point${extra.length === 1 ? 's' : ''} at it; not deleted.` };
    // Each tag the plan showed on it is asked again right before: one that moved refuses (skipped-changed).
    for (const tag of op.tags) await recheckTag(executorFor(name), tag, op.digest);
    const outcome = await deleteDigest(executorFor(name), op.digest);
    await recordDigestsGone(url, name, [op.digest]);
    return outcome === 'deleted' ? { ...op, status: 'done' } : { ...op, status: 'already-gone', message: 'It was already deleted (404).' };
  }

  const byRepository = new Map<string, CleanupOperation[]>();
  for (const op of operations) byRepository.set(op.repository, [...(byRepository.get(op.repository) ?? []), op]);
  let done = 0;
  const push = (result: OperationResult) => {
    results.push(result);
    done += 1;
    options.onProgress?.({ done, total: operations.length, last: result });
  };

  for (const [name, ops] of byRepository) {
    let current: Map<string, string> | null = null;
    for (const op of ops) {
      if (signal?.aborted) {
        push({ ...op, status: 'cancelled', message: 'Cancelled before it ran.' });
        continue;
      }
      try {
        current ??= await snapshot(name);
        push(await execute(op, current));
      } catch (error) {
        if (isAbortError(error) || signal?.aborted) push({ ...op, status: 'cancelled', message: 'Cancelled while it ran; re-scan to see its state.' });
        else if (isLockRefusal(error)) push({ ...op, status: 'skipped-locked', message: `Locked: the registry refused (${describeError(error)}).` });
        else if (isDeletesDisabled(error)) push({ ...op, status: 'refused', message: describeError(error) });
        else if (error instanceof ActionRefusedError && error.reason === 'drift') push({ ...op, status: 'skipped-changed', message: error.message });
        else push({ ...op, status: 'failed', message: describeError(error) });
      }
    }
  }
  return results;
}

const REPORT_COLUMNS: ExportColumn<OperationResult>[] = [
  { header: 'repository', value: (r) => r.repository },
  { header: 'kind', value: (r) => r.kind },
  { header: 'tag', value: (r) => r.tag ?? '' },
  { header: 'digest', value: (r) => r.digest },
  { header: 'tags', value: (r) => r.tags.join(' ') },
  { header: 'status', value: (r) => r.status },
  { header: 'message', value: (r) => r.message ?? '' },
];

export function reportCsv(results: readonly OperationResult[]): string {
  return toCsv(REPORT_COLUMNS, results);
}

export function reportJson(plan: CleanupPlan | null, results: readonly OperationResult[]): string {
  return JSON.stringify({ rules: plan?.rules, evaluatedAt: plan?.evaluatedAt, results }, null, 2) + '\n';
}
