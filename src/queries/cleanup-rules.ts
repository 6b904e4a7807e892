/**
 * Cleanup rules in the manner of `acr purge`, evaluated into a dry-run plan. Pure: the same input
 * always gives the same plan, and the Run executes exactly that plan (cleanup-run.ts).
 *
 * Semantics (where acr purge leaves room, the safer reading):
 *   - Both filters are regular expressions matched against the WHOLE name (implicitly ^…$);
 *     an empty filter matches everything.
 *   - Age: a tag's time is ACR's lastUpdateTime when known, else the image's `created` (config;
 *     for an index its newest platform's). "Older than N days" compares it with now − N·24 h. A
 *     tag or manifest whose time is unknown is never removed by an age rule.
 *   - Keep newest N per repository, among the tags matching the tag filter: newest by time; equal
 *     times (and unknown times, which rank oldest) are ordered by tag in natural order, the tag
 *     that sorts LATER counting as newer (v10 is newer than v9). Kept tags are never removed.
 *   - A removed tag whose image keeps other tags is untagged; an image all of whose tags are
 *     removed is deleted (unless locked, or still needed by a kept index or as a referrer: then it
 *     is only untagged).
 *   - Include untagged: manifests already without tags (ACR's list, or the digest ledger) are
 *     deleted when old enough; platform manifests of kept indexes and referrers are not orphans.
 *   - Locked (ACR deleteEnabled or writeEnabled false): never removed or deleted. "Skip locked"
 *     lists them as skipped; without it, any locked match blocks the whole Run.
 */
import { compareNatural } from '../registry/natural-sort';
import { groupTagsByDigest } from './tag-inventory';

export interface CleanupRules {
  repository: string;
  tag: string;
  /** null: no age condition. */
  olderThanDays: number | null;
  keepNewest: number;
  includeUntagged: boolean;
  skipLocked: boolean;
}

export interface CleanupTagInput {
  name: string;
  digest: string;
  /** ISO time used for age and ordering. */
  time?: string;
  locked: boolean;
}

export interface CleanupManifestInput {
  digest: string;
  /** ISO time of an untagged manifest (created, or ACR lastUpdateTime). */
  time?: string;
  locked: boolean;
  /** Bytes of config + layers, shown in the plan. */
  size?: number;
  /** Still needed by something kept (index child, referrer): never deleted. */
  protected: boolean;
}

export interface CleanupRepositoryInput {
  name: string;
  tags: CleanupTagInput[];
  /** Every known manifest of the repository: tagged ones and untagged ones (for includeUntagged). */
  manifests: CleanupManifestInput[];
}

export interface PlannedTag {
  tag: string;
  digest: string;
  time?: string;
}

export interface PlannedImage {
  digest: string;
  /** Tags it had at the dry run (all removed with it). */
  tags: string[];
  reason: 'all-tags-removed' | 'untagged';
  time?: string;
  size?: number;
}

export interface SkippedItem {
  tag?: string;
  digest: string;
  reason: 'locked' | 'protected' | 'age-unknown';
  detail: string;
}

export interface RepositoryPlan {
  repository: string;
  /** Every tag that goes (with its image or on its own). */
  tagsRemoved: PlannedTag[];
  /** Tags removed while their image stays (it keeps other tags, is locked or is still needed). */
  untagOnly: PlannedTag[];
  imagesDeleted: PlannedImage[];
  skipped: SkippedItem[];
  /** Filled by the caller from reclaim.ts (needs the registry-wide view). */
  bytesFreed?: number;
}

export interface CleanupPlan {
  rules: CleanupRules;
  evaluatedAt: string;
  repositories: RepositoryPlan[];
  /** Locked matches while skipLocked is off: the Run is refused. */
  blocked: SkippedItem[];
}

export class RuleError extends Error {
  constructor(
    readonly field: 'repository' | 'tag' | 'olderThanDays' | 'keepNewest',
    message: string,
  ) {
    super(message);
    this.name = 'RuleError';
  }
}

/** Compiles a whole-name filter; throws RuleError naming the field when it is not a valid regex. */
export function compileFilter(pattern: string, field: 'repository' | 'tag'): RegExp {
  const source = pattern.trim() === '' ? '.*' : pattern.trim();
  try {
    return new RegExp(`^(?:${source})$`);
  } catch (error) {
    throw new RuleError(field, `The ${field} filter is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function validateRules(rules: CleanupRules): void {
  compileFilter(rules.repository, 'repository');
  compileFilter(rules.tag, 'tag');
  if (rules.olderThanDays !== null && (!Number.isFinite(rules.olderThanDays) || rules.olderThanDays < 0)) {
    throw new RuleError('olderThanDays', 'Older than: a number of days, 0 or more.');
  }
  if (!Number.isInteger(rules.keepNewest) || rules.keepNewest < 0) throw new RuleError('keepNewest', 'Keep newest: a whole number, 0 or more.');
}

const DAY_MS = 24 * 60 * 60 * 1000;

function timeOf(iso: string | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso);
}

/** Newest first; ties (and unknown times, ranked oldest) by natural tag order, later = newer. */
export function compareNewestFirst(a: { name: string; time?: string }, b: { name: string; time?: string }): number {
  const ta = timeOf(a.time);
  const tb = timeOf(b.time);
  const va = Number.isNaN(ta) ? -Infinity : ta;
  const vb = Number.isNaN(tb) ? -Infinity : tb;
  if (va !== vb) return vb - va;
  return compareNatural(b.name, a.name);
}

type AgeVerdict = 'old' | 'young' | 'unknown';

function age(iso: string | undefined, rules: CleanupRules, now: number): AgeVerdict {
  if (rules.olderThanDays === null) return 'old';
  const t = timeOf(iso);
  if (Number.isNaN(t)) return 'unknown';
  return t < now - rules.olderThanDays * DAY_MS ? 'old' : 'young';
}

export function repositoryMatches(rules: CleanupRules, name: string): boolean {
  return compileFilter(rules.repository, 'repository').test(name);
}

export function evaluateRepository(rules: CleanupRules, repo: CleanupRepositoryInput, now: number): { plan: RepositoryPlan; blocked: SkippedItem[] } {
  const tagFilter = compileFilter(rules.tag, 'tag');
  const manifests = new Map(repo.manifests.map((m) => [m.digest, m]));
  const skipped: SkippedItem[] = [];
  const blocked: SkippedItem[] = [];
  const lockedHit = (item: SkippedItem) => (rules.skipLocked ? skipped : blocked).push(item);

  const matching = repo.tags.filter((t) => tagFilter.test(t.name)).sort(compareNewestFirst);
  const candidates = matching.slice(rules.keepNewest);
  const removed: PlannedTag[] = [];
  for (const tag of candidates) {
    const verdict = age(tag.time, rules, now);
    if (verdict === 'young') continue;
    if (verdict === 'unknown') {
      skipped.push({ tag: tag.name, digest: tag.digest, reason: 'age-unknown', detail: 'Its time is unknown, so an age rule cannot apply.' });
      continue;
    }
    if (tag.locked) {
      lockedHit({ tag: tag.name, digest: tag.digest, reason: 'locked', detail: 'The tag is locked (deleteEnabled or writeEnabled is false).' });
      continue;
    }
    removed.push({ tag: tag.name, digest: tag.digest, time: tag.time });
  }

  const removedNames = new Set(removed.map((t) => t.tag));
  const tagsByDigest = groupTagsByDigest(repo.tags.map((t) => [t.name, t.digest] as const));

  const imagesDeleted: PlannedImage[] = [];
  const untagOnly: PlannedTag[] = [];
  const removedByDigest = new Map<string, PlannedTag[]>();
  for (const t of removed) removedByDigest.set(t.digest, [...(removedByDigest.get(t.digest) ?? []), t]);
  for (const [digest, tags] of removedByDigest) {
    const all = tagsByDigest.get(digest) ?? [];
    const manifest = manifests.get(digest);
    const everyTagGoes = all.every((name) => removedNames.has(name));
    if (everyTagGoes && manifest?.locked) {
      lockedHit({ digest, reason: 'locked', detail: 'The image is locked: its tags are removed, the image stays.' });
    } else if (everyTagGoes && manifest?.protected) {
      skipped.push({ digest, reason: 'protected', detail: 'A kept index lists it, or it refers to a kept image: its tags are removed, the image stays.' });
    }
    if (everyTagGoes && manifest && !manifest.locked && !manifest.protected) {
      const newest = [...tags].sort((a, b) => compareNewestFirst({ name: a.tag, time: a.time }, { name: b.tag, time: b.time }))[0];
      imagesDeleted.push({ digest, tags: all.slice().sort(compareNatural), reason: 'all-tags-removed', time: newest?.time, size: manifest.size });
    } else {
      untagOnly.push(...tags);
    }
  }

  if (rules.includeUntagged) {
    const tagged = new Set(repo.tags.map((t) => t.digest));
    for (const m of repo.manifests) {
      if (tagged.has(m.digest) || m.protected) continue;
      const verdict = age(m.time, rules, now);
      if (verdict === 'young') continue;
      if (verdict === 'unknown') {
        skipped.push({ digest: m.digest, reason: 'age-unknown', detail: 'Untagged, but its time is unknown, so an age rule cannot apply.' });
        continue;
      }
      if (m.locked) {
        lockedHit({ digest: m.digest, reason: 'locked', detail: 'The untagged manifest is locked (deleteEnabled or writeEnabled is false).' });
        continue;
      }
      imagesDeleted.push({ digest: m.digest, tags: [], reason: 'untagged', time: m.time, size: m.size });
    }
  }

  const byTag = (a: PlannedTag, b: PlannedTag) => compareNatural(a.tag, b.tag);
  return {
    plan: { repository: repo.name, tagsRemoved: removed.sort(byTag), untagOnly: untagOnly.sort(byTag), imagesDeleted, skipped },
    blocked,
  };
}

/** The dry run: repositories not matching the filter are left out. */
export function evaluateCleanup(rules: CleanupRules, repositories: readonly CleanupRepositoryInput[], now: number): CleanupPlan {
  validateRules(rules);
  const repoFilter = compileFilter(rules.repository, 'repository');
  const plans: RepositoryPlan[] = [];
  const blocked: SkippedItem[] = [];
  for (const repo of [...repositories].sort((a, b) => compareNatural(a.name, b.name))) {
    if (!repoFilter.test(repo.name)) continue;
    const result = evaluateRepository(rules, repo, now);
    plans.push(result.plan);
    blocked.push(...result.blocked);
  }
  return { rules, evaluatedAt: new Date(now).toISOString(), repositories: plans, blocked };
}
