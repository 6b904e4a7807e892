/** Scanned inventories → cleanup rule inputs, and the plan's bytes freed per repository. Pure. */
import { evaluateCleanup, type CleanupPlan, type CleanupRepositoryInput, type CleanupRules } from '../../queries/cleanup-rules';
import { knownManifests, type RepositoryInventory } from '../../queries/inventory-scan';
import { reclaimable } from '../../queries/reclaim';

export function cleanupInputs(inventories: readonly RepositoryInventory[]): CleanupRepositoryInput[] {
  return inventories
    // A repository the scan could not read plans nothing (the page names it).
    .filter((inv) => !inv.missing && inv.error === undefined)
    .map((inv) => {
      const untagged = new Set(inv.verdicts.map((v) => v.digest));
      const tagged = new Set(inv.tags.map((t) => t.digest));
      const manifests = [...inv.manifests.values()]
        .filter((m) => tagged.has(m.digest) || untagged.has(m.digest))
        .map((m) => ({
          digest: m.digest,
          // ACR: lastUpdateTime; v2: the image's created.
          time: inv.source === 'acr' ? (m.lastUpdateTime ?? m.created) : m.created,
          locked: m.locked,
          size: m.size,
          // Untagged but still needed (platform of a kept index, referrer of a kept image).
          protected: !tagged.has(m.digest) && inv.kept.has(m.digest),
        }));
      return { name: inv.repository, tags: inv.tags.map((t) => ({ name: t.name, digest: t.digest, time: t.time, locked: t.locked })), manifests };
    });
}

/** The dry run with each repository's bytes freed (shared blobs counted once, over every manifest scanned). */
export function dryRun(rules: CleanupRules, inventories: readonly RepositoryInventory[], now: number): CleanupPlan {
  const plan = evaluateCleanup(rules, cleanupInputs(inventories), now);
  const known = knownManifests(inventories);
  for (const repo of plan.repositories) {
    repo.bytesFreed = reclaimable(
      repo.imagesDeleted.map((image) => ({ repository: repo.repository, digest: image.digest })),
      known,
    ).bytes;
  }
  return plan;
}

export function totalFreed(plan: CleanupPlan, inventories: readonly RepositoryInventory[]): number {
  const known = knownManifests(inventories);
  return reclaimable(
    plan.repositories.flatMap((repo) => repo.imagesDeleted.map((image) => ({ repository: repo.repository, digest: image.digest }))),
    known,
  ).bytes;
}
