/**
 * What an action will do, decided before anything is sent: which strategy removes a tag on this
 * registry, what a single or bulk action takes with it (every tag on a deleted digest goes too),
 * what it must refuse (index children, tags that moved since the user looked). Pure and tested.
 */
import type { DeleteSupport } from '../registry/uploads';

/** What this registry answered to DELETE by tag so far (remembered per registry). */
export type TagDeleteSupport = 'unknown' | 'supported' | 'unsupported';

export type RemoveStrategy = 'delete-by-tag' | 'throwaway';

/** For a tag that is the last one on its image: the two honest choices. */
export type LastTagChoice = 'keep-image' | 'delete-image';

export type RemoveTagPlan =
  /** Deletes are off: neither a delete by tag nor the safe untag (it deletes the throwaway) can work. */
  | { kind: 'blocked'; reason: string }
  /** The last tag of its image: ask "keep image (untagged)" or "delete image". */
  | { kind: 'choose' }
  | { kind: 'delete-image' }
  /** Remove only the tag, trying `strategies` in order; the image stays. */
  | { kind: 'untag'; strategies: RemoveStrategy[]; imageBecomesUntagged: boolean; keptTags: string[] };

export const DELETES_DISABLED_REASON =
  'This registry refuses deletes (405 UNSUPPORTED): on CNCF distribution, storage.delete.enabled is false. Tags and images cannot be removed here.';

/** The strategies to try, in order. An OCI 1.1 DELETE by tag is tried unless the registry already refused it. */
export function removeStrategies(tagDelete: TagDeleteSupport): RemoveStrategy[] {
  return tagDelete === 'unsupported' ? ['throwaway'] : ['delete-by-tag', 'throwaway'];
}

export interface RemoveTagPlanInput {
  tag: string;
  /** Other tags on the same digest, as known now. */
  siblings: readonly string[];
  tagDelete: TagDeleteSupport;
  deleteSupport: DeleteSupport;
  choice?: LastTagChoice;
}

export function planRemoveTag({ siblings, tagDelete, deleteSupport, choice }: RemoveTagPlanInput): RemoveTagPlan {
  if (deleteSupport === 'disabled') return { kind: 'blocked', reason: DELETES_DISABLED_REASON };
  const last = siblings.length === 0;
  if (last && choice === undefined) return { kind: 'choose' };
  if (last && choice === 'delete-image') return { kind: 'delete-image' };
  return { kind: 'untag', strategies: removeStrategies(tagDelete), imageBecomesUntagged: last, keptTags: [...siblings] };
}

/** After a DELETE by tag: done, or fall through to the next strategy. */
export function afterTagDelete(outcome: 'deleted' | 'not-found' | 'unsupported'): 'done' | 'already-gone' | 'next' {
  return outcome === 'deleted' ? 'done' : outcome === 'not-found' ? 'already-gone' : 'next';
}

// ---------------------------------------------------------------------------------------------
// Impact of single and bulk actions

export type ActionMode = 'remove-tags' | 'delete-images';

export interface SelectedTag {
  tag: string;
  digest: string;
}

/** A tagged index of the repository and the manifests it lists. */
export interface IndexRef {
  digest: string;
  tags: readonly string[];
  children: readonly string[];
}

export interface ImpactInput {
  mode: ActionMode;
  selected: readonly SelectedTag[];
  /** Every tag of the repository per digest (as resolved when the dialog opened). */
  tagsByDigest: ReadonlyMap<string, readonly string[]>;
  /** Tagged indexes of the repository, for the index-child guard. */
  indexes?: readonly IndexRef[];
}

export interface BlockedDigest {
  digest: string;
  reason: string;
}

export interface Impact {
  mode: ActionMode;
  /** Every tag that disappears, selected or not, sorted. */
  tagsRemoved: string[];
  /** Tags that disappear without being selected: they share a deleted digest. */
  alsoRemoved: string[];
  /** Digests deleted (delete-images), indexes first so a child is never deleted before its index. */
  imagesDeleted: string[];
  /** Digests kept but left without any tag (remove-tags). */
  imagesUntagged: string[];
  /** Tags on affected digests that survive. */
  tagsKept: string[];
  /** Digests the action refuses to delete, and why. */
  blocked: BlockedDigest[];
  /** More than one tag goes: the user types the repository name to confirm. */
  needsTypedConfirmation: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Indexes (tagged, and not being deleted themselves) that list `digest` as a child. Deleting such
 * a child by digest answers 202 on distribution and breaks the index for that platform.
 */
export function parentIndexes(digest: string, indexes: readonly IndexRef[], deleting: ReadonlySet<string>): IndexRef[] {
  return indexes.filter((index) => index.tags.length > 0 && !deleting.has(index.digest) && index.children.includes(digest));
}

export function summarizeImpact({ mode, selected, tagsByDigest, indexes = [] }: ImpactInput): Impact {
  const selectedTags = new Set(selected.map((s) => s.tag));
  const digests = [...new Set(selected.map((s) => s.digest))];
  const tagsOf = (digest: string) => tagsByDigest.get(digest) ?? [];

  if (mode === 'remove-tags') {
    const tagsRemoved = [...selectedTags].sort(byText);
    const tagsKept = digests.flatMap((d) => tagsOf(d).filter((t) => !selectedTags.has(t))).sort(byText);
    const imagesUntagged = digests.filter((d) => tagsOf(d).every((t) => selectedTags.has(t)));
    return { mode, tagsRemoved, alsoRemoved: [], imagesDeleted: [], imagesUntagged, tagsKept, blocked: [], needsTypedConfirmation: tagsRemoved.length > 1 };
  }

  const deleting = new Set(digests);
  const blocked: BlockedDigest[] = [];
  for (const digest of digests) {
    const parents = parentIndexes(digest, indexes, deleting);
    if (parents.length > 0) {
      const names = parents.flatMap((p) => p.tags).sort(byText).join(', ');
      blocked.push({ digest, reason: `It is a platform manifest of the index tagged ${names}; deleting it would break that index.` });
    }
  }
  const blockedSet = new Set(blocked.map((b) => b.digest));
  const indexDigests = new Set(indexes.map((i) => i.digest));
  const imagesDeleted = digests.filter((d) => !blockedSet.has(d)).sort((a, b) => Number(indexDigests.has(b)) - Number(indexDigests.has(a)));
  const tagsRemoved = [...new Set(imagesDeleted.flatMap((d) => [...tagsOf(d), ...selected.filter((s) => s.digest === d).map((s) => s.tag)]))].sort(byText);
  const alsoRemoved = tagsRemoved.filter((t) => !selectedTags.has(t));
  const tagsKept = blocked.flatMap((b) => tagsOf(b.digest)).sort(byText);
  return { mode, tagsRemoved, alsoRemoved, imagesDeleted, imagesUntagged: [], tagsKept, blocked, needsTypedConfirmation: tagsRemoved.length > 1 };
}

// ---------------------------------------------------------------------------------------------
// Race safety

export interface Drift {
  tag: string;
  /** What the user confirmed; undefined when the tag was not in the confirmation at all. */
  expected?: string;
  /** What the registry says now. */
  actual: string;
}

/**
 * Compares the tags the user confirmed with what the registry answers right before the change.
 * A confirmed tag now on another digest, or an unconfirmed tag now on a digest about to be
 * deleted, is drift: the action is refused. A confirmed tag that is gone (404) is not drift.
 */
export function findDrift(confirmed: ReadonlyMap<string, string>, current: ReadonlyMap<string, string | null>, deleting: ReadonlySet<string> = new Set()): Drift[] {
  const drift: Drift[] = [];
  for (const [tag, expected] of confirmed) {
    const actual = current.get(tag);
    if (actual && actual !== expected) drift.push({ tag, expected, actual });
  }
  for (const [tag, actual] of current) {
    if (actual && !confirmed.has(tag) && deleting.has(actual)) drift.push({ tag, actual });
  }
  return drift.sort((a, b) => byText(a.tag, b.tag));
}

export function describeDrift(drift: readonly Drift[], short: (digest: string) => string = (d) => d.slice(7, 19)): string {
  const parts = drift.map((d) =>
    d.expected === undefined ? `tag ${d.tag} now also points at ${short(d.actual)}` : `tag ${d.tag} now points at ${short(d.actual)}, not ${short(d.expected)}`,
  );
  return `Refused: the registry changed since you looked (${parts.join('; ')}). Nothing was changed. Review the new state and try again.`;
}

/** Tags of the `sha256-<hex>` tag schema (cosign, ORAS fallback) that refer to `digest`. */
export function tagSchemaReferrers(digest: string, tags: readonly string[]): string[] {
  const prefix = digest.replace(':', '-');
  return tags.filter((tag) => tag === prefix || tag.startsWith(`${prefix}.`)).sort(byText);
}
