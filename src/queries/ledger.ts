/**
 * The digest ledger: what Regatta has seen of a repository's tags over time. The plain v2 API has
 * no call that lists manifests, so an image whose tag was re-pushed is invisible — unless we saw
 * the tag point at it before. Every tag → digest observation (browsing, scans, our own actions) is
 * recorded per registry and repository with first/last seen times and the tags a digest had.
 * Pure update rules here; persistence in ledger-store.ts.
 */

export interface LedgerManifest {
  digest: string;
  /** Every tag this digest was seen under, in the order first seen. */
  tags: string[];
  /** Epoch ms of the first and the latest observation of a tag pointing at it. */
  firstSeen: number;
  lastSeen: number;
}

export interface RepositoryLedger {
  registryUrl: string;
  repository: string;
  /** The latest observation per tag: where it pointed when last seen. */
  current: Record<string, string>;
  manifests: Record<string, LedgerManifest>;
  updatedAt: number;
}

/** A tag HEAD answer: the digest, or null when the tag is gone (404). */
export interface TagObservation {
  tag: string;
  digest: string | null;
}

export function emptyLedger(registryUrl: string, repository: string): RepositoryLedger {
  return { registryUrl, repository, current: {}, manifests: {}, updatedAt: 0 };
}

/**
 * Rules: a digest seen under a tag is created (firstSeen) or refreshed (lastSeen) and keeps the
 * tag in its history; the tag's current digest becomes this one (the previous digest keeps the
 * tag in its history: "the tags it used to have"); a tag seen gone no longer points anywhere.
 * Returns a new ledger; the input is not modified.
 */
export function applyObservations(ledger: RepositoryLedger, observations: readonly TagObservation[], now: number): RepositoryLedger {
  if (observations.length === 0) return ledger;
  const current = { ...ledger.current };
  const manifests = { ...ledger.manifests };
  for (const { tag, digest } of observations) {
    if (digest === null) {
      delete current[tag];
      continue;
    }
    current[tag] = digest;
    const known = manifests[digest];
    manifests[digest] = known
      ? { ...known, lastSeen: Math.max(known.lastSeen, now), tags: known.tags.includes(tag) ? known.tags : [...known.tags, tag] }
      : { digest, tags: [tag], firstSeen: now, lastSeen: now };
  }
  return { ...ledger, current, manifests, updatedAt: now };
}

/** A complete tags/list: tags not in it are gone (their digests stay recorded as candidates). */
export function applyTagListing(ledger: RepositoryLedger, tags: readonly string[], now: number): RepositoryLedger {
  const listed = new Set(tags);
  const gone = Object.keys(ledger.current).filter((tag) => !listed.has(tag));
  if (gone.length === 0) return ledger;
  return applyObservations(ledger, gone.map((tag) => ({ tag, digest: null })), now);
}

/** The digest is no longer stored (HEAD by digest 404, or we deleted it): forget it and any tag on it. */
export function forgetDigests(ledger: RepositoryLedger, digests: readonly string[], now: number): RepositoryLedger {
  const drop = new Set(digests.filter((d) => d in ledger.manifests || Object.values(ledger.current).includes(d)));
  if (drop.size === 0) return ledger;
  const manifests = Object.fromEntries(Object.entries(ledger.manifests).filter(([digest]) => !drop.has(digest)));
  const current = Object.fromEntries(Object.entries(ledger.current).filter(([, digest]) => !drop.has(digest)));
  return { ...ledger, manifests, current, updatedAt: now };
}

/** Recorded digests no current tag points at: orphan candidates, to confirm with HEAD by digest. */
export function orphanCandidates(ledger: RepositoryLedger): LedgerManifest[] {
  const tagged = new Set(Object.values(ledger.current));
  return Object.values(ledger.manifests).filter((manifest) => !tagged.has(manifest.digest));
}
