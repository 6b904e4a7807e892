/**
 * Orphan classification. A candidate is a stored manifest no tag points at (the ACR manifest list
 * says so directly; the digest ledger says so after a HEAD by digest confirmed it is still
 * stored). It is NOT an orphan when something kept still needs it:
 *   - a platform manifest of a tagged index (deleting it breaks the index for that platform),
 *   - a referrer (signature, SBOM: a manifest whose `subject` is) a kept manifest.
 * "Kept" is closed over both relations: the children of a tagged index are kept, a signature of
 * such a child is kept, and so on.
 */
import type { ManifestFacts } from './manifest-facts';

export type CandidateVerdict =
  | { digest: string; verdict: 'orphan'; parent?: string }
  | { digest: string; verdict: 'index-child'; parent: string }
  | { digest: string; verdict: 'referrer'; subject: string };

export interface ClassifyInput {
  /** Digests of this repository no tag points at (confirmed still stored). */
  candidates: readonly string[];
  /** Digests tags point at now. */
  tagged: readonly string[];
  /** Content of the manifests read so far (tagged and candidates), by digest. */
  facts: ReadonlyMap<string, ManifestFacts>;
}

/** The manifests kept by the tags: tagged digests, closed over index children and referrers. */
export function keptClosure(tagged: readonly string[], facts: ReadonlyMap<string, ManifestFacts>): Set<string> {
  const kept = new Set(tagged);
  const referrersOf = new Map<string, string[]>();
  for (const fact of facts.values()) {
    if (!fact.subject) continue;
    const list = referrersOf.get(fact.subject) ?? [];
    list.push(fact.digest);
    referrersOf.set(fact.subject, list);
  }
  const queue = [...kept];
  while (queue.length > 0) {
    const digest = queue.pop() as string;
    const next = [...(facts.get(digest)?.children ?? []), ...(referrersOf.get(digest) ?? [])];
    for (const d of next) {
      if (kept.has(d)) continue;
      kept.add(d);
      queue.push(d);
    }
  }
  return kept;
}

export function classifyCandidates({ candidates, tagged, facts }: ClassifyInput): CandidateVerdict[] {
  const kept = keptClosure(tagged, facts);
  const parentOf = new Map<string, string>();
  for (const fact of facts.values()) for (const child of fact.children) if (!parentOf.has(child) || kept.has(fact.digest)) parentOf.set(child, fact.digest);
  const taggedSet = new Set(tagged);
  return candidates
    .filter((digest) => !taggedSet.has(digest))
    .map((digest): CandidateVerdict => {
      const parent = parentOf.get(digest);
      if (kept.has(digest)) {
        if (parent !== undefined && kept.has(parent)) return { digest, verdict: 'index-child', parent };
        return { digest, verdict: 'referrer', subject: facts.get(digest)?.subject ?? '' };
      }
      // A platform of an orphaned index is an orphan too; it goes with its index.
      return parent !== undefined ? { digest, verdict: 'orphan', parent } : { digest, verdict: 'orphan' };
    });
}
