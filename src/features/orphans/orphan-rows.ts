/** Orphan table rows from scanned inventories, with reclaim figures. Pure. */
import type { AcrChangeableAttributes } from '../../registry/acr';
import type { RepositoryInventory } from '../../queries/inventory-scan';
import { knownManifests } from '../../queries/inventory-scan';
import { manifestKey } from '../../queries/manifest-facts';
import { deletionSet, reclaimable, type ManifestRef, type ReclaimResult } from '../../queries/reclaim';

export interface OrphanRow {
  key: string;
  repository: string;
  digest: string;
  formerTags: string[];
  created?: string;
  lastUpdateTime?: string;
  size?: number;
  /** Bytes freed if only this one (and its orphaned platforms) is deleted. */
  reclaimable: number;
  locked: boolean;
  attributes?: AcrChangeableAttributes;
  /** A platform of an orphaned index: it goes with its index. */
  parent?: string;
  firstSeen?: number;
  lastSeen?: number;
  /** From the index: when its last tag left it. */
  untaggedSince?: string;
}

export function orphanRows(inventories: readonly RepositoryInventory[]): OrphanRow[] {
  const known = knownManifests(inventories);
  const rows: OrphanRow[] = [];
  for (const inventory of inventories) {
    const kept = (ref: ManifestRef) => ref.repository === inventory.repository && inventory.kept.has(ref.digest);
    for (const verdict of inventory.verdicts) {
      if (verdict.verdict !== 'orphan') continue;
      const manifest = inventory.manifests.get(verdict.digest);
      const ref = { repository: inventory.repository, digest: verdict.digest };
      rows.push({
        key: manifestKey(ref.repository, ref.digest),
        repository: inventory.repository,
        digest: verdict.digest,
        formerTags: manifest?.formerTags ?? [],
        created: manifest?.created,
        lastUpdateTime: manifest?.lastUpdateTime,
        size: manifest?.size,
        reclaimable: reclaimable(deletionSet([ref], known, kept), known).bytes,
        locked: manifest?.locked ?? false,
        attributes: manifest?.attributes,
        parent: verdict.parent,
        firstSeen: manifest?.firstSeen,
        lastSeen: manifest?.lastSeen,
        untaggedSince: manifest?.untaggedSince,
      });
    }
  }
  return rows;
}

/** What deleting the selected rows deletes (orphaned platforms of a selected index included) and frees. */
export function selectionImpact(inventories: readonly RepositoryInventory[], selected: readonly OrphanRow[]): { refs: ManifestRef[]; reclaim: ReclaimResult } {
  const known = knownManifests(inventories);
  const keptBy = new Map(inventories.map((inv) => [inv.repository, inv.kept]));
  const refs = deletionSet(
    selected.map((row) => ({ repository: row.repository, digest: row.digest })),
    known,
    (ref) => keptBy.get(ref.repository)?.has(ref.digest) ?? false,
  );
  return { refs, reclaim: reclaimable(refs, known) };
}
