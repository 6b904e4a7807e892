/**
 * Reclaimable space: the bytes freed if the selected manifests are deleted = the sizes of the
 * blobs (config + layers) that no REMAINING known manifest references. Storage is shared by the
 * whole registry (distribution keeps one copy of a blob however many repositories link it), so a
 * layer counts once, and not at all while any remaining manifest — in any repository — uses it.
 * The manifests' own JSON is not counted (a few hundred bytes each). The figure is disk freed by
 * the registry's garbage collection, which runs separately (offline on distribution).
 */
import { manifestKey, type BlobRef, type ManifestFacts } from './manifest-facts';

export interface ManifestRef {
  repository: string;
  digest: string;
}

export interface ReclaimResult {
  bytes: number;
  /** The freed blobs, each once. */
  blobs: BlobRef[];
  /** Remaining manifests whose content is unknown: they might use a counted blob. */
  unknownRemaining: number;
}

/**
 * `known`: every manifest of the scanned scope by manifestKey(repository, digest); a value of
 * null is a manifest known to exist whose content could not be read.
 */
export function reclaimable(selected: readonly ManifestRef[], known: ReadonlyMap<string, ManifestFacts | null>): ReclaimResult {
  const deleting = new Set(selected.map((ref) => manifestKey(ref.repository, ref.digest)));
  const used = new Set<string>();
  let unknownRemaining = 0;
  for (const [key, facts] of known) {
    if (deleting.has(key)) continue;
    if (facts === null) unknownRemaining += 1;
    else for (const blob of facts.blobs) used.add(blob.digest);
  }
  const freed = new Map<string, BlobRef>();
  for (const key of deleting) {
    const facts = known.get(key);
    if (!facts) continue;
    for (const blob of facts.blobs) if (!used.has(blob.digest) && !freed.has(blob.digest)) freed.set(blob.digest, blob);
  }
  const blobs = [...freed.values()];
  return { bytes: blobs.reduce((sum, blob) => sum + blob.size, 0), blobs, unknownRemaining };
}

/**
 * Deleting an index leaves its platform manifests stored (untagged). The set actually deleted
 * for a selection: the selected manifests plus the children of selected indexes that nothing kept
 * lists (`kept`: manifests that stay, e.g. the kept closure of the tags). Indexes come first, so
 * a child is never deleted while an index still lists it.
 */
export function deletionSet(selected: readonly ManifestRef[], known: ReadonlyMap<string, ManifestFacts | null>, kept: (ref: ManifestRef) => boolean): ManifestRef[] {
  const out = new Map<string, ManifestRef>();
  const indexes: ManifestRef[] = [];
  const images: ManifestRef[] = [];
  const visit = (ref: ManifestRef) => {
    const key = manifestKey(ref.repository, ref.digest);
    if (out.has(key)) return;
    out.set(key, ref);
    const facts = known.get(key);
    if (facts?.kind === 'index') {
      indexes.push(ref);
      for (const child of facts.children) {
        const childRef = { repository: ref.repository, digest: child };
        if (!kept(childRef) && known.has(manifestKey(ref.repository, child))) visit(childRef);
      }
    } else {
      images.push(ref);
    }
  };
  selected.forEach(visit);
  return [...indexes, ...images];
}
