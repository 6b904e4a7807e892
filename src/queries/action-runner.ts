/**
 * The actions themselves, over the registry client (no React). Each one resolves again what it is
 * about to change right before the change (a HEAD per tag) and refuses when the registry moved
 * since the user looked; something already gone counts as done. Running a finished action again
 * changes nothing: every delete is preceded by a check that finds it done.
 */
import type { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import { EMPTY_CONFIG_BYTES, EMPTY_CONFIG_DIGEST, throwawayManifest, untagNonce } from '../registry/untag-manifest';
import { isDeleteDisabledError } from '../registry/uploads';
import { blobExists, deleteManifestByTag, mountBlob, probeDeleteSupport, streamBlob, uploadBlob } from '../registry/write-operations';
import type { FetchedManifest, ManifestHead } from '../registry/types';
import {
  afterTagDelete,
  DELETES_DISABLED_REASON,
  describeDrift,
  findDrift,
  parentIndexes,
  summarizeImpact,
  type Impact,
  type IndexRef,
  type RemoveStrategy,
  type SelectedTag,
  type TagDeleteSupport,
} from './action-plans';
import { createKeyedLock, mapLimit } from './concurrency';

/** Requests in flight while resolving many tags (the browser allows 6 per origin). */
export const RESOLVE_CONCURRENCY = 6;
/** Changes in flight during a bulk action: gentle on the registry, still faster than one by one. */
export const ACTION_CONCURRENCY = 3;

/** Refused before changing anything: the registry moved, a guard applies, or deletes are off. */
export class ActionRefusedError extends Error {
  override readonly name = 'ActionRefusedError';
  constructor(
    message: string,
    readonly reason: 'drift' | 'guarded' | 'deletes-disabled' | 'digest-mismatch' | 'invalid',
  ) {
    super(message);
  }
}

export interface Progress {
  done: number;
  total: number;
  label?: string;
}

export interface ActionContext {
  client: RegistryClient;
  name: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

const short = (digest: string) => digest.slice(7, 19);

function drifted(tag: string, expected: string, actual: string): ActionRefusedError {
  return new ActionRefusedError(describeDrift([{ tag, expected, actual }], short), 'drift');
}

// ---------------------------------------------------------------------------------------------
// Resolving

export interface RepositoryState {
  /** Every tag → its digest (null: listed but gone by the time of the HEAD). */
  heads: Map<string, ManifestHead | null>;
  tagsByDigest: Map<string, string[]>;
}

/** tags/list, then a HEAD per tag (bounded): the repository as it is now. */
export async function resolveRepository({ client, name, signal, onProgress }: ActionContext): Promise<RepositoryState> {
  const tags = await client.listTags(name, { signal });
  const heads = new Map<string, ManifestHead | null>();
  let done = 0;
  onProgress?.({ done, total: tags.length, label: 'Resolving tags' });
  const results = await mapLimit(tags, RESOLVE_CONCURRENCY, async (tag) => {
    const head = await client.headManifest(name, tag, { signal });
    onProgress?.({ done: ++done, total: tags.length, label: 'Resolving tags' });
    return head;
  });
  results.forEach((result, i) => {
    if (!result.ok) throw result.error;
    heads.set(tags[i] as string, result.value);
  });
  const tagsByDigest = new Map<string, string[]>();
  for (const [tag, head] of heads) {
    if (!head) continue;
    const group = tagsByDigest.get(head.digest);
    if (group) group.push(tag);
    else tagsByDigest.set(head.digest, [tag]);
  }
  return { heads, tagsByDigest };
}

const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** The tagged indexes of a repository and their children (one GET per distinct index digest). */
export async function taggedIndexes(ctx: ActionContext, state: RepositoryState, getManifest: ManifestGetter): Promise<IndexRef[]> {
  const digests = [...state.tagsByDigest.keys()].filter((digest) => {
    const tag = state.tagsByDigest.get(digest)?.[0];
    const head = tag === undefined ? undefined : state.heads.get(tag);
    return head !== undefined && head !== null && INDEX_TYPES.has(head.mediaType);
  });
  const results = await mapLimit(digests, RESOLVE_CONCURRENCY, (digest) => getManifest(ctx.name, digest));
  return results.flatMap((result, i) => {
    if (!result.ok) throw result.error;
    const manifest = result.value.manifest;
    if (manifest.kind !== 'index') return [];
    const digest = digests[i] as string;
    return [{ digest, tags: state.tagsByDigest.get(digest) ?? [], children: manifest.manifests.map((m) => m.digest) }];
  });
}

/** Manifests by digest are immutable: the UI passes a cached getter, tests the plain client. */
export type ManifestGetter = (name: string, digest: string) => Promise<FetchedManifest>;

// ---------------------------------------------------------------------------------------------
// Remove tag

export interface RemoveTagResult {
  tag: string;
  outcome: 'removed' | 'already-gone';
  via?: RemoveStrategy;
}

export interface RemoveTagOptions {
  tag: string;
  /** The digest the user saw: the tag must still point at it. */
  expectedDigest: string;
  strategies: readonly RemoveStrategy[];
  /** Told when the registry answers a DELETE by tag, so later removals skip what it refuses. */
  onTagDeleteSupport?: (support: TagDeleteSupport) => void;
}

/** HEAD the tag: null when gone; refuses when it moved. */
async function checkTag(ctx: ActionContext, tag: string, expected: string): Promise<ManifestHead | null> {
  const head = await ctx.client.headManifest(ctx.name, tag, { signal: ctx.signal });
  if (head && head.digest !== expected) throw drifted(tag, expected, head.digest);
  return head;
}

/**
 * Removes one tag and nothing else. First an OCI 1.1 DELETE by tag; where the registry has none
 * (distribution: 400 DIGEST_INVALID), the safe untag: after checking that deletes are on, the
 * empty config blob is made present, a unique throwaway manifest is pushed under the tag (moving
 * it off the image) and deleted by digest. Should that delete fail, the original manifest is put
 * back under the tag, so the tag is never left on the throwaway.
 */
export async function removeTag(ctx: ActionContext, options: RemoveTagOptions): Promise<RemoveTagResult> {
  const { client, name, signal } = ctx;
  const { tag, expectedDigest } = options;
  if (!(await checkTag(ctx, tag, expectedDigest))) return { tag, outcome: 'already-gone' };

  for (const strategy of options.strategies) {
    if (strategy === 'delete-by-tag') {
      const answer = await deleteManifestByTag(client, name, tag, { signal });
      options.onTagDeleteSupport?.(answer.outcome === 'unsupported' ? 'unsupported' : 'supported');
      const next = afterTagDelete(answer.outcome);
      if (next === 'done') return { tag, outcome: 'removed', via: 'delete-by-tag' };
      if (next === 'already-gone') return { tag, outcome: 'already-gone' };
      continue;
    }

    // Without deletes the throwaway could be pushed but not deleted: find out before changing anything.
    if ((await probeDeleteSupport(client, name, { signal })) === 'disabled') throw new ActionRefusedError(DELETES_DISABLED_REASON, 'deletes-disabled');
    const original = await client.getManifest(name, expectedDigest, { signal });
    if (!(await blobExists(client, name, EMPTY_CONFIG_DIGEST, { signal }))) await uploadBlob(client, name, EMPTY_CONFIG_BYTES, { signal });
    const throwaway = throwawayManifest(tag, untagNonce());
    // The last look before the tag moves.
    if (!(await checkTag(ctx, tag, expectedDigest))) return { tag, outcome: 'already-gone' };
    const throwawayDigest = await client.putManifest(name, tag, throwaway.bytes, throwaway.mediaType, { signal });
    try {
      await client.deleteManifest(name, throwawayDigest, { signal });
    } catch (error) {
      await client.putManifest(name, tag, original.bytes, original.mediaType).catch(() => undefined);
      throw error;
    }
    return { tag, outcome: 'removed', via: 'throwaway' };
  }
  throw new ActionRefusedError(`No way to remove tag ${tag} on this registry.`, 'invalid');
}

// ---------------------------------------------------------------------------------------------
// Delete images

export interface DeleteImagesOptions {
  /** Every tag → digest the user confirmed would go (all tags on each digest, as shown). */
  confirmed: ReadonlyMap<string, string>;
  digests: readonly string[];
  getManifest?: ManifestGetter;
}

export interface DeleteImagesResult {
  deleted: string[];
  alreadyGone: string[];
  failed: { digest: string; error: unknown }[];
  impact: Impact;
}

/**
 * Deletes digests (and with them every tag on them). Right before: the repository is resolved
 * again; any confirmed tag that moved, or any tag the user did not see now on a digest to delete,
 * refuses the whole action. Index children referenced by a tagged index are never deleted.
 */
export async function deleteImages(ctx: ActionContext, options: DeleteImagesOptions): Promise<DeleteImagesResult> {
  const { client, name, signal, onProgress } = ctx;
  const getManifest: ManifestGetter = options.getManifest ?? ((n, d) => client.getManifest(n, d, { signal }));
  const deleting = new Set(options.digests);
  const state = await resolveRepository({ client, name, signal });
  const current = new Map([...state.heads].map(([tag, head]) => [tag, head?.digest ?? null] as const));
  const drift = findDrift(options.confirmed, current, deleting);
  if (drift.length > 0) throw new ActionRefusedError(describeDrift(drift, short), 'drift');

  const selected: SelectedTag[] = [...options.confirmed].filter(([, digest]) => deleting.has(digest)).map(([tag, digest]) => ({ tag, digest }));
  const indexes = await taggedIndexes(ctx, state, getManifest);
  const impact = summarizeImpact({ mode: 'delete-images', selected, tagsByDigest: state.tagsByDigest, indexes });
  // A digest asked for without any tag (an untagged image) is deleted too, after the guard.
  for (const digest of options.digests) {
    if (impact.imagesDeleted.includes(digest) || selected.some((s) => s.digest === digest)) continue;
    const parents = parentIndexes(digest, indexes, deleting);
    if (parents.length > 0) impact.blocked.push({ digest, reason: `It is a platform manifest of the index tagged ${parents.flatMap((p) => p.tags).join(', ')}.` });
    else impact.imagesDeleted.push(digest);
  }
  if (impact.blocked.length > 0) throw new ActionRefusedError(`Refused: ${impact.blocked.map((b) => `${short(b.digest)}: ${b.reason}`).join(' ')} Nothing was changed.`, 'guarded');

  const lock = createKeyedLock();
  const result: DeleteImagesResult = { deleted: [], alreadyGone: [], failed: [], impact };
  let done = 0;
  const total = impact.imagesDeleted.length;
  onProgress?.({ done, total, label: 'Deleting images' });
  // Indexes go first: a child selected together with its index is deleted after it.
  const indexSet = new Set(indexes.map((i) => i.digest));
  const phases = [impact.imagesDeleted.filter((d) => indexSet.has(d)), impact.imagesDeleted.filter((d) => !indexSet.has(d))];
  for (const phase of phases) {
    const outcomes = await mapLimit(phase, ACTION_CONCURRENCY, (digest) =>
      lock(digest, async () => {
        try {
          // Gone already (a second run, or someone else): done, and no DELETE is sent.
          if (!(await client.headManifest(name, digest, { signal }))) return 'gone' as const;
          return (await client.deleteManifest(name, digest, { signal })) ? ('deleted' as const) : ('gone' as const);
        } finally {
          onProgress?.({ done: ++done, total, label: 'Deleting images' });
        }
      }),
    );
    outcomes.forEach((outcome, i) => {
      const digest = phase[i] as string;
      if (outcome.ok) (outcome.value === 'deleted' ? result.deleted : result.alreadyGone).push(digest);
      else result.failed.push({ digest, error: outcome.error });
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Remove tags (bulk)

export interface RemoveTagsOptions {
  selected: readonly SelectedTag[];
  strategies: () => readonly RemoveStrategy[];
  onTagDeleteSupport?: (support: TagDeleteSupport) => void;
}

export interface RemoveTagsResult {
  removed: RemoveTagResult[];
  failed: { tag: string; error: unknown }[];
}

/**
 * Removes tags with limited concurrency; tags on the same digest run one after another (each
 * checks its own tag again right before its change), different digests in parallel.
 */
export async function removeTags(ctx: ActionContext, options: RemoveTagsOptions): Promise<RemoveTagsResult> {
  const lock = createKeyedLock();
  let done = 0;
  const total = options.selected.length;
  ctx.onProgress?.({ done, total, label: 'Removing tags' });
  const outcomes = await mapLimit(options.selected, ACTION_CONCURRENCY, (item) =>
    lock(item.digest, async () => {
      try {
        return await removeTag(ctx, {
          tag: item.tag,
          expectedDigest: item.digest,
          strategies: options.strategies(),
          onTagDeleteSupport: options.onTagDeleteSupport,
        });
      } finally {
        ctx.onProgress?.({ done: ++done, total, label: 'Removing tags' });
      }
    }),
  );
  const result: RemoveTagsResult = { removed: [], failed: [] };
  outcomes.forEach((outcome, i) => {
    const tag = (options.selected[i] as SelectedTag).tag;
    if (outcome.ok) result.removed.push(outcome.value);
    else result.failed.push({ tag, error: outcome.error });
  });
  return result;
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

async function checkTarget(client: RegistryClient, name: string, tag: string, expected: string | null, signal?: AbortSignal): Promise<void> {
  const head = await client.headManifest(name, tag, { signal });
  const actual = head?.digest ?? null;
  if (actual !== expected) {
    const now = actual === null ? 'no longer exists' : `now points at ${short(actual)}`;
    const then = expected === null ? 'did not exist' : `pointed at ${short(expected)}`;
    throw new ActionRefusedError(`Refused: ${name}:${tag} ${now}; when you looked it ${then}. Nothing was changed.`, 'drift');
  }
}

async function putExact(client: RegistryClient, name: string, reference: string, manifest: FetchedManifest, signal?: AbortSignal): Promise<void> {
  const stored = await client.putManifest(name, reference, manifest.bytes, manifest.mediaType, { signal });
  if (stored !== manifest.digest) {
    throw new ActionRefusedError(`The registry stored ${name}:${reference} as ${stored}, not ${manifest.digest}: the digest changed.`, 'digest-mismatch');
  }
}

/** Adds a tag to an image: the exact manifest bytes with their media type, the digest checked. */
export async function retag(ctx: ActionContext, options: RetagOptions): Promise<{ digest: string; previous: string | null }> {
  const { client, name, signal } = ctx;
  if (!(await checkTag(ctx, options.sourceTag, options.expectedDigest))) {
    throw new ActionRefusedError(`Refused: ${name}:${options.sourceTag} no longer exists. Nothing was changed.`, 'drift');
  }
  await checkTarget(client, name, options.targetTag, options.expectedTarget, signal);
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
export async function copyImage(ctx: ActionContext, options: CopyOptions): Promise<CopyResult> {
  const { client, name, signal, onProgress } = ctx;
  if (!(await checkTag(ctx, options.sourceTag, options.expectedDigest))) {
    throw new ActionRefusedError(`Refused: ${name}:${options.sourceTag} no longer exists. Nothing was changed.`, 'drift');
  }
  await checkTarget(client, options.target, options.targetTag, options.expectedTarget, signal);

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
  await checkTarget(client, options.target, options.targetTag, options.expectedTarget, signal);
  await putExact(client, options.target, options.targetTag, root, signal);
  result.manifests++;
  step('Done');
  return result;
}

/** Deletes are off on this registry (405 / UNSUPPORTED), whether a refusal or a registry error says so. */
export function isDeletesDisabled(error: unknown): boolean {
  return (error instanceof ActionRefusedError && error.reason === 'deletes-disabled') || isDeleteDisabledError(error);
}

/** Status, code and message of a failure, for dialogs and toasts. */
export function describeError(error: unknown): string {
  if (isRegistryError(error)) return error.status > 0 ? error.message : `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

