/**
 * The one operation executor: every change Regatta makes to a registry goes through here — the
 * dialogs, bulk actions, orphan deletion and cleanup runs. Each operation checks again what it is
 * about to change right before the change (a HEAD) and refuses when the registry moved since the
 * user looked; something already gone counts as done. The decisions are in decisions.ts.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../../registry/client';
import { sha256Digest } from '../../registry/sha256';
import { isRegistryError } from '../../registry/errors';
import type { FetchedManifest, ManifestHead } from '../../registry/types';
import { EMPTY_CONFIG_BYTES, EMPTY_CONFIG_DIGEST, throwawayManifest, untagNonce } from '../../registry/untag-manifest';
import { isDeleteDisabledError, type DeleteSupport } from '../../registry/uploads';
import { blobExists, deleteManifestByTag, mountBlob, probeDeleteSupport, streamBlob, uploadBlob } from '../../registry/write-operations';
import { afterTagDelete, type RemoveStrategy, type TagDeleteSupport } from '../action-plans';
import { mapLimit } from '../concurrency';
import { ActionRefusedError, deletesDisabledError, driftError, recheck, short, untagFailure, type StepReport, type UntagJournalEntry } from './decisions';

/** Changes in flight during a bulk action: gentle on the registry, still faster than one by one. */
export const ACTION_CONCURRENCY = 3;

export interface Progress {
  done: number;
  total: number;
  label?: string;
}

/** Where a multi-step operation writes each step before sending it (IndexedDB in the app). */
export interface OperationJournal {
  write(entry: UntagJournalEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface ExecutorContext {
  client: RegistryClient;
  name: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Whether deletes are on. The app passes its per-registry cached probe; by default one probe per context. */
  deleteSupport?: () => Promise<DeleteSupport>;
  /** Told when the registry proves deletes are off (a 405 / UNSUPPORTED), so the app remembers it. */
  onDeletesDisabled?: () => void;
  journal?: OperationJournal;
  /** The registry's URL, recorded in journal entries and the root of the cache keys. */
  registry?: string;
  /** The app's cache: what the executor resolves lands in the tag table's entries. */
  queryClient?: QueryClient;
}

const probed = new WeakMap<ExecutorContext, Promise<DeleteSupport>>();

function deleteSupportOf(ctx: ExecutorContext): Promise<DeleteSupport> {
  if (ctx.deleteSupport) return ctx.deleteSupport();
  let answer = probed.get(ctx);
  if (!answer) {
    answer = probeDeleteSupport(ctx.client, ctx.name, { signal: ctx.signal });
    probed.set(ctx, answer);
  }
  return answer;
}

function noticeDisabled(ctx: ExecutorContext, error: unknown): void {
  if (isDeleteDisabledError(error)) ctx.onDeletesDisabled?.();
}

// ---------------------------------------------------------------------------------------------
// Re-check

/** HEAD the tag right before a change: null when gone (already done); refuses when it moved. */
export async function recheckTag(ctx: ExecutorContext, tag: string, expected: string): Promise<ManifestHead | null> {
  const head = await ctx.client.headManifest(ctx.name, tag, { signal: ctx.signal });
  const decision = recheck(expected, head?.digest ?? null);
  if (decision === 'refuse') throw driftError(tag, expected, head?.digest ?? '');
  return decision === 'already-done' ? null : head;
}

/** What the target tag points at must still be what the user saw (null: did not exist). */
export async function recheckTarget(ctx: ExecutorContext, name: string, tag: string, expected: string | null): Promise<void> {
  const head = await ctx.client.headManifest(name, tag, { signal: ctx.signal });
  const actual = head?.digest ?? null;
  if (actual !== expected) {
    const now = actual === null ? 'no longer exists' : `now points at ${short(actual)}`;
    const then = expected === null ? 'did not exist' : `pointed at ${short(expected)}`;
    throw new ActionRefusedError(`Refused: ${name}:${tag} ${now}; when you looked it ${then}. Nothing was changed.`, 'drift');
  }
}

// ---------------------------------------------------------------------------------------------
// Remove tag

export interface RemoveTagResult {
  tag: string;
  outcome: 'removed' | 'already-gone';
  via?: RemoveStrategy;
  steps: StepReport[];
}

export interface RemoveTagOptions {
  tag: string;
  /** The digest the user saw: the tag must still point at it. */
  expectedDigest: string;
  strategies: readonly RemoveStrategy[];
  /** Told when the registry answers a DELETE by tag, so later removals skip what it refuses. */
  onTagDeleteSupport?: (support: TagDeleteSupport) => void;
}

/**
 * Removes one tag and nothing else. First an OCI 1.1 DELETE by tag; where the registry has none
 * (distribution: 400 DIGEST_INVALID), the safe untag: after checking that deletes are on, the
 * empty config blob is made present, a unique throwaway manifest is pushed under the tag (moving
 * it off the image) and deleted by digest. Should that delete fail, the original manifest is put
 * back under the tag, so the tag is never left on the throwaway. Each request is journalled first.
 */
export async function removeTag(ctx: ExecutorContext, options: RemoveTagOptions): Promise<RemoveTagResult> {
  const { client, name, signal } = ctx;
  const { tag, expectedDigest } = options;
  const steps: StepReport[] = [];
  if (!(await recheckTag(ctx, tag, expectedDigest))) return { tag, outcome: 'already-gone', steps: [{ step: 'recheck', status: 'done', reason: 'already gone (404)' }] };
  steps.push({ step: 'recheck', status: 'done' });

  for (const strategy of options.strategies) {
    if (strategy === 'delete-by-tag') {
      const answer = await deleteManifestByTag(client, name, tag, { signal });
      options.onTagDeleteSupport?.(answer.outcome === 'unsupported' ? 'unsupported' : 'supported');
      // A 405 here may only mean "no delete by tag" on some registries: the probe below decides.
      const next = afterTagDelete(answer.outcome);
      if (next === 'done') return { tag, outcome: 'removed', via: 'delete-by-tag', steps: [...steps, { step: 'delete-by-tag', status: 'done' }] };
      if (next === 'already-gone') return { tag, outcome: 'already-gone', steps: [...steps, { step: 'delete-by-tag', status: 'done', reason: 'already gone (404)' }] };
      steps.push({ step: 'delete-by-tag', status: 'skipped', reason: 'the registry has no delete by tag' });
      continue;
    }
    return { ...(await safeUntag(ctx, tag, expectedDigest, steps)), steps };
  }
  throw new ActionRefusedError(`No way to remove tag ${tag} on this registry.`, 'invalid');
}

async function safeUntag(ctx: ExecutorContext, tag: string, expectedDigest: string, steps: StepReport[]): Promise<Omit<RemoveTagResult, 'steps'>> {
  const { client, name, signal, journal } = ctx;
  // Without deletes the throwaway could be pushed but not deleted: find out before changing anything.
  if ((await deleteSupportOf(ctx)) === 'disabled') {
    steps.push({ step: 'probe', status: 'refused', reason: 'deletes are off' });
    throw deletesDisabledError();
  }
  const original = await client.getManifest(name, expectedDigest, { signal });
  if (!(await blobExists(client, name, EMPTY_CONFIG_DIGEST, { signal }))) await uploadBlob(client, name, EMPTY_CONFIG_BYTES, { signal });
  const throwaway = throwawayManifest(tag, untagNonce());
  const entry: UntagJournalEntry = {
    id: '',
    registry: ctx.registry ?? client.baseUrl,
    repository: name,
    tag,
    original: original.digest,
    originalMediaType: original.mediaType,
    throwaway: await sha256Digest(throwaway.bytes),
    step: 'put-throwaway',
    at: Date.now(),
  };
  entry.id = `${entry.registry} ${name} ${entry.throwaway}`;
  // The last look before the tag moves.
  if (!(await recheckTag(ctx, tag, expectedDigest))) return { tag, outcome: 'already-gone' };
  await journal?.write(entry);
  let throwawayDigest: string;
  try {
    throwawayDigest = await client.putManifest(name, tag, throwaway.bytes, throwaway.mediaType, { signal });
  } catch (error) {
    // The registry answered: the tag did not move, nothing is left to recover.
    if (isRegistryError(error) && error.status > 0) await journal?.remove(entry.id);
    throw error;
  }
  steps.push({ step: 'put-throwaway', status: 'done' });
  // Once the tag is on the throwaway the untag is finished even if the user cancels meanwhile.
  await journal?.write({ ...entry, throwaway: throwawayDigest, step: 'delete-throwaway' });
  try {
    await client.deleteManifest(name, throwawayDigest);
  } catch (deleteError) {
    noticeDisabled(ctx, deleteError);
    steps.push({ step: 'delete-throwaway', status: 'failed', reason: String(deleteError) });
    await journal?.write({ ...entry, throwaway: throwawayDigest, step: 'restore' });
    const restoreError = await restoreOriginal(client, name, tag, original);
    steps.push(restoreError === null ? { step: 'restore', status: 'done', reason: `${tag} is back on ${short(original.digest)}` } : { step: 'restore', status: 'failed', reason: String(restoreError) });
    if (restoreError === null) await journal?.remove(entry.id);
    throw untagFailure(tag, deleteError, restoreError === null, restoreError);
  }
  steps.push({ step: 'delete-throwaway', status: 'done' });
  await journal?.remove(entry.id);
  return { tag, outcome: 'removed', via: 'throwaway' };
}

/** PUT the original bytes back under the tag (no signal: a cancel must not leave the tag on the throwaway). Null when done. */
export async function restoreOriginal(client: RegistryClient, name: string, tag: string, original: Pick<FetchedManifest, 'bytes' | 'mediaType' | 'digest'>): Promise<unknown> {
  try {
    const stored = await client.putManifest(name, tag, original.bytes, original.mediaType);
    return stored === original.digest ? null : new Error(`The registry stored ${stored}, not ${original.digest}.`);
  } catch (error) {
    return error;
  }
}

/**
 * "Finish the untag": the tag is on Regatta's throwaway (a tab closed mid-untag, or the restore
 * failed). The tag is HEADed again (still on that throwaway, or refuse), then the throwaway is
 * deleted by digest: the tag goes, nothing else was ever on the throwaway.
 */
export async function finishUntag(ctx: ExecutorContext, tag: string, throwawayDigest: string): Promise<RemoveTagResult> {
  if (!(await recheckTag(ctx, tag, throwawayDigest))) return { tag, outcome: 'already-gone', steps: [{ step: 'recheck', status: 'done', reason: 'already gone (404)' }] };
  const outcome = await deleteDigest(ctx, throwawayDigest);
  return { tag, outcome: outcome === 'deleted' ? 'removed' : 'already-gone', via: 'throwaway', steps: [{ step: 'recheck', status: 'done' }, { step: 'delete-throwaway', status: 'done' }] };
}

// ---------------------------------------------------------------------------------------------
// Delete by digest

/**
 * Deletes a manifest by digest (every tag on it goes with it). HEAD first: gone already (a second
 * run, or someone else) is done and no DELETE is sent. The caller has checked the tags.
 */
export async function deleteDigest(ctx: ExecutorContext, digest: string): Promise<'deleted' | 'already-gone'> {
  const { client, name, signal } = ctx;
  if (!(await client.headManifest(name, digest, { signal }))) return 'already-gone';
  try {
    return (await client.deleteManifest(name, digest, { signal })) ? 'deleted' : 'already-gone';
  } catch (error) {
    // ACR answers 405 REGISTRY_DISALLOWED_OPERATION for a locked manifest: only UNSUPPORTED means deletes are off.
    if (!isRegistryError(error) || error.code !== 'UNSUPPORTED') throw error;
    ctx.onDeletesDisabled?.();
    throw deletesDisabledError();
  }
}

// ---------------------------------------------------------------------------------------------
// Re-tag and copy

export interface RetagOptions {
  sourceTag: string;
  expectedDigest: string;
  targetTag: string;
  /** What the target tag pointed at when the user looked (null: did not exist). */
  expectedTarget: string | null;
}

export interface RestoreOptions {
  tag: string;
  /** The earlier digest the tag goes back to. */
  digest: string;
  /** What the tag points at now, as the user saw it (null: the tag is gone). */
  expectedCurrent: string | null;
}

/**
 * Points a tag back at an earlier digest (tag history's restore) while that manifest still exists
 * in the repository: the tag is checked again first, the manifest is put back byte for byte.
 */
export async function restoreTag(ctx: ExecutorContext, options: RestoreOptions): Promise<{ digest: string; previous: string | null }> {
  const { client, name, signal } = ctx;
  await recheckTarget(ctx, name, options.tag, options.expectedCurrent);
  let manifest: FetchedManifest;
  try {
    manifest = await client.getManifest(name, options.digest, { signal });
  } catch (error) {
    if (isRegistryError(error) && error.status === 404) {
      throw new ActionRefusedError(`Refused: ${short(options.digest)} no longer exists in ${name} (deleted or garbage-collected). Nothing was changed.`, 'drift');
    }
    throw error;
  }
  await putExact(client, name, options.tag, manifest, signal);
  return { digest: manifest.digest, previous: options.expectedCurrent };
}

async function putExact(client: RegistryClient, name: string, reference: string, manifest: FetchedManifest, signal?: AbortSignal): Promise<void> {
  const stored = await client.putManifest(name, reference, manifest.bytes, manifest.mediaType, { signal });
  if (stored !== manifest.digest) {
    throw new ActionRefusedError(`The registry stored ${name}:${reference} as ${stored}, not ${manifest.digest}: the digest changed.`, 'digest-mismatch');
  }
}

async function recheckSource(ctx: ExecutorContext, tag: string, expected: string): Promise<void> {
  if (!(await recheckTag(ctx, tag, expected))) throw new ActionRefusedError(`Refused: ${ctx.name}:${tag} no longer exists. Nothing was changed.`, 'drift');
}

/** Adds a tag to an image: the exact manifest bytes with their media type, the digest checked. */
export async function retag(ctx: ExecutorContext, options: RetagOptions): Promise<{ digest: string; previous: string | null }> {
  const { client, name, signal } = ctx;
  await recheckSource(ctx, options.sourceTag, options.expectedDigest);
  await recheckTarget(ctx, name, options.targetTag, options.expectedTarget);
  const manifest = await client.getManifest(name, options.expectedDigest, { signal });
  await putExact(client, name, options.targetTag, manifest, signal);
  return { digest: manifest.digest, previous: options.expectedTarget };
}

export interface CopyOptions {
  sourceTag: string;
  expectedDigest: string;
  target: string;
  targetTag: string;
  expectedTarget: string | null;
}

export interface CopyResult {
  digest: string;
  mounted: number;
  uploaded: number;
  present: number;
  manifests: number;
}

interface CopyPlan {
  blobs: string[];
  /** Children before parents; the last one is the root. */
  manifests: FetchedManifest[];
}

async function planCopy(client: RegistryClient, name: string, digest: string, signal: AbortSignal | undefined, plan: CopyPlan, seen: Set<string>): Promise<FetchedManifest> {
  const fetched = await client.getManifest(name, digest, { signal });
  const manifest = fetched.manifest;
  if (manifest.kind === 'index') {
    for (const child of manifest.manifests) {
      if (seen.has(child.digest)) continue;
      seen.add(child.digest);
      plan.manifests.push(await planCopy(client, name, child.digest, signal, plan, seen));
    }
  } else if (manifest.kind === 'schema1') {
    // Docker schema 1: no config blob; the layers are fsLayers' blob sums.
    for (const layer of manifest.fsLayers) if (!plan.blobs.includes(layer.blobSum)) plan.blobs.push(layer.blobSum);
  } else {
    // Foreign layers (with `urls`) are not stored by the registry and need no copy.
    for (const blob of [manifest.config, ...manifest.layers.filter((layer) => !layer.urls?.length)]) {
      if (!plan.blobs.includes(blob.digest)) plan.blobs.push(blob.digest);
    }
  }
  return fetched;
}

/**
 * Copies an image (or a whole index) to another repository of the same registry: each blob is
 * mounted across repositories, downloaded and uploaded when the mount is refused; then the child
 * manifests by digest, then the root under the target tag — exact bytes, every digest checked.
 */
export async function copyImage(ctx: ExecutorContext, options: CopyOptions): Promise<CopyResult> {
  const { client, name, signal, onProgress } = ctx;
  await recheckSource(ctx, options.sourceTag, options.expectedDigest);
  await recheckTarget(ctx, options.target, options.targetTag, options.expectedTarget);

  const plan: CopyPlan = { blobs: [], manifests: [] };
  const root = await planCopy(client, name, options.expectedDigest, signal, plan, new Set([options.expectedDigest]));
  const total = plan.blobs.length + plan.manifests.length + 1;
  let done = 0;
  const step = (label: string) => onProgress?.({ done: ++done, total, label });
  onProgress?.({ done, total, label: 'Copying blobs' });
  const result: CopyResult = { digest: root.digest, mounted: 0, uploaded: 0, present: 0, manifests: 0 };

  const outcomes = await mapLimit(plan.blobs, ACTION_CONCURRENCY, async (digest) => {
    if (await blobExists(client, options.target, digest, { signal })) {
      result.present++;
    } else if ((await mountBlob(client, options.target, digest, name, { signal })) === 'mounted') {
      result.mounted++;
    } else {
      // Streamed in chunks (never a whole layer in memory); the registry verifies the digest at PUT.
      await streamBlob(client, name, options.target, digest, { signal });
      result.uploaded++;
    }
    step('Copying blobs');
  });
  const failure = outcomes.find((outcome) => !outcome.ok);
  if (failure && !failure.ok) throw failure.error;

  for (const child of plan.manifests) {
    await putExact(client, options.target, child.digest, child, signal);
    result.manifests++;
    step('Copying manifests');
  }
  // The last look at the target tag before it is written.
  await recheckTarget(ctx, options.target, options.targetTag, options.expectedTarget);
  await putExact(client, options.target, options.targetTag, root, signal);
  result.manifests++;
  step('Done');
  return result;
}
