/**
 * The actions themselves, over the registry client (no React). Each one resolves again what it is
 * about to change right before the change (a HEAD per tag) and refuses when the registry moved
 * since the user looked; something already gone counts as done. Running a finished action again
 * changes nothing: every delete is preceded by a check that finds it done.
 */
import type { FetchedManifest } from '../registry/types';
import {
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
import { ActionRefusedError, short } from './operations/decisions';
import { currentDigests, readTagInventory, type InventoryOptions, type TagInventory } from './tag-inventory';
import { ACTION_CONCURRENCY, deleteDigest, removeTag, type ExecutorContext, type RemoveTagResult } from './operations/executor';

/** The executor's context: client, repository, signal, progress, delete capability, journal. */
export type ActionContext = ExecutorContext;

// ---------------------------------------------------------------------------------------------
// Resolving

/** The repository as the action sees it: the tag inventory. */
export type RepositoryState = TagInventory;

/** The repository as it is now: every tag asked again (the default), or as `freshness` and `askAgain` say. */
export function resolveRepository({ client, name, signal, onProgress, registry = '', queryClient }: ActionContext, reuse: Pick<InventoryOptions, 'freshness' | 'askAgain'> = {}): Promise<RepositoryState> {
  return readTagInventory({ client, url: registry, queryClient }, name, {
    ...reuse,
    signal,
    onListed: (tags) => onProgress?.({ done: 0, total: tags.length, label: 'Resolving tags' }),
    onTagSettled: (done, total) => onProgress?.({ done, total, label: 'Resolving tags' }),
  });
}

/** Index manifests read at once (in the app these reads go through the request queue anyway). */
const INDEX_READS = 6;
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

/** The tagged indexes of a repository and their children (one GET per distinct index digest). */
export async function taggedIndexes(ctx: ActionContext, state: RepositoryState, getManifest: ManifestGetter): Promise<IndexRef[]> {
  const digests = [...state.tagsByDigest.keys()].filter((digest) => {
    const tag = state.tagsByDigest.get(digest)?.[0];
    const head = tag === undefined ? undefined : state.heads.get(tag);
    return head !== undefined && head !== null && INDEX_TYPES.has(head.mediaType);
  });
  const results = await mapLimit(digests, INDEX_READS, (digest) => getManifest(ctx.name, digest));
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
 *
 * What "resolved again" costs. A delete by digest removes every tag on that digest, and the v2 API
 * cannot say which tags those are: only a HEAD per tag can. So, right before the delete:
 * - the tag listing is read again (a tag created since the preview is seen, and asked);
 * - the confirmed tags, those known to point at a digest being deleted, are asked again now;
 * - every other tag's answer is reused while it is under TAG_STALE_TIME old (with the app's cache:
 *   the preview's own answers, seconds old), else asked again.
 * Any tag now on a digest being deleted that the user did not confirm refuses everything. What
 * remains is a tag moved onto the digest by someone else within the last TAG_STALE_TIME: asking
 * every tag again would not close that either (the HEADs of a large repository take seconds, and
 * the DELETE comes after the last one; the API has no "delete unless other tags point here"), it
 * only narrows it. Without a cache (scripts, tests of the runner) every tag is asked again.
 */
export async function deleteImages(ctx: ActionContext, options: DeleteImagesOptions): Promise<DeleteImagesResult> {
  const { client, signal, onProgress } = ctx;
  const getManifest: ManifestGetter = options.getManifest ?? ((n, d) => client.getManifest(n, d, { signal }));
  const deleting = new Set(options.digests);
  const state = await resolveRepository({ ...ctx, onProgress: undefined }, { freshness: 'recent', askAgain: new Set(options.confirmed.keys()) });
  const current = currentDigests(state);
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
          return await deleteDigest(ctx, digest);
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
 * Removes tags one after another (each checks its own tag again right before its change). Not in
 * parallel: distribution's DELETE by digest reads every tag of the repository, and a safe untag's
 * PUT under another tag at the same moment made it fail with 500 UNKNOWN (seen in
 * e2e/faults.spec.ts); the restore kept the tag, but the user's removal did not happen.
 */
export async function removeTags(ctx: ActionContext, options: RemoveTagsOptions): Promise<RemoveTagsResult> {
  let done = 0;
  const total = options.selected.length;
  ctx.onProgress?.({ done, total, label: 'Removing tags' });
  const outcomes = await mapLimit(options.selected, 1, async (item) => {
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
  });
  const result: RemoveTagsResult = { removed: [], failed: [] };
  outcomes.forEach((outcome, i) => {
    const tag = (options.selected[i] as SelectedTag).tag;
    if (outcome.ok) result.removed.push(outcome.value);
    else result.failed.push({ tag, error: outcome.error });
  });
  return result;
}

