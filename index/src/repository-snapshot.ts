// Reading one repository from storage: its revisions, its tags and the facts of manifests the
// index does not hold yet. Async and read-only; applying it to the database is apply-snapshot.ts.
import { manifestFacts, MAX_CONFIG_BYTES, MAX_MANIFEST_BYTES, type ManifestFacts } from './manifest-facts.ts';
import type { Link, StorageReader, StoredTag } from './storage-reader.ts';

export interface RepositorySnapshot {
  repository: string;
  /** null: the repository is gone from storage. */
  stamp: string | null;
  revisions: Link[];
  tags: StoredTag[];
  /** Facts of the revisions `known` did not hold; unreadable manifests are left out (and logged). */
  newFacts: Map<string, ManifestFacts>;
}

export async function readSnapshot(
  reader: StorageReader,
  repository: string,
  known: (digest: string) => boolean,
  warn: (message: string) => void = () => {},
  /** The stamp when the caller already read it; it must be read before the links, never after. */
  knownStamp?: string | null,
): Promise<RepositorySnapshot> {
  const stamp = knownStamp === undefined ? await reader.repositoryStamp(repository) : knownStamp;
  const snapshot: RepositorySnapshot = { repository, stamp, revisions: [], tags: [], newFacts: new Map() };
  if (stamp === null) return snapshot;
  for await (const link of reader.revisions(repository)) snapshot.revisions.push(link);
  for await (const tag of reader.tags(repository)) snapshot.tags.push(tag);
  for (const { digest } of snapshot.revisions) {
    if (known(digest)) continue;
    try {
      const bytes = await reader.readBlob(digest, MAX_MANIFEST_BYTES);
      if (!bytes) {
        warn(`${repository}@${digest}: revision link without a blob`);
        continue;
      }
      snapshot.newFacts.set(digest, await manifestFacts(bytes, (config) => reader.readBlob(config, MAX_CONFIG_BYTES)));
    } catch (error) {
      warn(`${repository}@${digest}: ${(error as Error).message}`);
    }
  }
  return snapshot;
}
