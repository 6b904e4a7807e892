// The synthetic registry storage of the index benchmarks (scripts/bench-index.ts, the index rows of
// `npm run bench`): written straight to disk in distribution's filesystem layout.
import { StorageLayout, type PushedImage } from '../index/src/testing/storage-layout.ts';

export const BIG_REPOSITORY = 'big/many-tags';

export interface BenchStorage {
  /** `team-<i % 10>/app-<i>`, each with 2 manifests (one untagged) and 2 tags. */
  names: string[];
  /** A layer digest shared by 1/20 of the images. */
  sharedLayer: string;
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** The `_layers` links a push leaves: each blob the images use, once. */
async function linkBlobs(layout: StorageLayout, repository: string, images: PushedImage[]): Promise<void> {
  const digests = new Set(images.flatMap((image) => [image.config.digest, ...image.layers.map((layer) => layer.digest)]));
  for (const digest of digests) await layout.layerLink(repository, digest);
}

/** `repositories` repositories of 2 manifests and 2 tags each, plus BIG_REPOSITORY with `tagsInBig` tags on one image. */
export async function writeBenchStorage(root: string, { repositories, tagsInBig }: { repositories: number; tagsInBig: number }): Promise<BenchStorage> {
  const layout = new StorageLayout(root);
  // Ten namespaces; every image has its own config and app layer, and shares one of 20 base layers.
  const names = Array.from({ length: repositories }, (_, i) => `team-${i % 10}/app-${i}`);
  let sharedLayer = '';
  await inBatches(names, 32, async (name) => {
    const i = Number(name.slice(name.lastIndexOf('-') + 1));
    const old = await layout.image({ created: '2025-01-01T00:00:00Z', layers: [`base-${i % 20}`, `old-${name}`], labels: { app: name, version: '1' } });
    const current = await layout.image({ created: '2025-02-01T00:00:00Z', layers: [`base-${i % 20}`, `new-${name}`], labels: { app: name, version: '2' } });
    await layout.revision(name, old.digest, new Date('2025-01-01T00:00:00Z'));
    await layout.revision(name, current.digest, new Date('2025-02-01T00:00:00Z'));
    await layout.tag(name, 'latest', old.digest, new Date('2025-01-01T00:00:00Z'));
    await layout.tag(name, 'latest', current.digest, new Date('2025-02-01T00:00:00Z'), new Date('2025-02-01T00:00:00Z'));
    await layout.tag(name, 'v2', current.digest);
    // distribution's _catalog counts a folder as a repository only if it holds _layers.
    await linkBlobs(layout, name, [old, current]);
    sharedLayer = current.layers[0]?.digest ?? '';
  });
  const bigImage = await layout.image({ created: '2025-03-01T00:00:00Z', layers: ['big'] });
  await layout.revision(BIG_REPOSITORY, bigImage.digest);
  await linkBlobs(layout, BIG_REPOSITORY, [bigImage]);
  await inBatches(
    Array.from({ length: tagsInBig }, (_, i) => `v${i}`),
    64,
    (tag) => layout.tag(BIG_REPOSITORY, tag, bigImage.digest),
  );
  return { names, sharedLayer };
}
