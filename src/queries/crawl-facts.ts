/**
 * What the crawl keeps of a manifest: the few facts the audit needs, not the manifest body. A
 * digest names immutable content, so these facts never change and are stored once per registry
 * and digest (crawl-store.ts); a re-crawl that meets the digest again fetches nothing.
 */
import type { ImageConfig, Manifest } from '../registry/types';
import { schema1Facts } from '../registry/schema1';
import { imageConfigDigest } from './image-summary';
import { knownCreated } from '../registry/created-time';

/** [digest, size] — a tuple keeps 10,000 repositories' worth of layers small in IndexedDB. */
export type BlobFact = [digest: string, size: number];

export interface DigestFacts {
  digest: string;
  /** `artifact`: an image manifest whose config is not an image config (Helm chart, signature…). */
  kind: 'image' | 'index' | 'artifact';
  /** Image/artifact: the config blob first, then the layers. Foreign layers (urls) are left out: the registry does not store them. */
  blobs: BlobFact[];
  /** Bytes of foreign layers: part of what a pull transfers, not of what this registry stores. */
  foreignBytes?: number;
  /** Index: its child manifests (every one: each is stored). */
  children?: string[];
  /** Image: the config's `created`; artifact: the `org.opencontainers.image.created` annotation; index: filled from the children by the audit. */
  created?: string;
}

const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** The config digest the crawl must read for `created` (images only), or undefined. */
export function configToFetch(manifest: Manifest): string | undefined {
  return manifest.kind === 'image' ? imageConfigDigest(manifest) : undefined;
}

/** Facts of a manifest, with its image config when one was read. */
export function factsOf(digest: string, manifest: Manifest, config?: ImageConfig): DigestFacts {
  if (manifest.kind === 'index') {
    return { digest, kind: 'index', blobs: [], children: manifest.manifests.map((child) => child.digest), created: manifest.annotations?.[CREATED_ANNOTATION] };
  }
  if (manifest.kind === 'schema1') {
    // A schema 1 manifest names its layers without sizes: they count as 0 bytes here (the totals
    // under-state, never over-state, what the image holds and what deleting it frees).
    const layers = [...new Set(manifest.fsLayers.map((layer) => layer.blobSum))];
    return { digest, kind: 'image', blobs: layers.map((layer): BlobFact => [layer, 0]), created: schema1Facts(manifest).created };
  }
  const blobs: BlobFact[] = [];
  let foreignBytes = 0;
  for (const descriptor of [manifest.config, ...manifest.layers]) {
    if (descriptor.urls?.length) foreignBytes += descriptor.size;
    else blobs.push([descriptor.digest, descriptor.size]);
  }
  const isImage = imageConfigDigest(manifest) !== undefined;
  const facts: DigestFacts = {
    digest,
    kind: isImage ? 'image' : 'artifact',
    blobs,
    created: knownCreated(config?.created) ?? knownCreated(manifest.annotations?.[CREATED_ANNOTATION]),
  };
  if (foreignBytes > 0) facts.foreignBytes = foreignBytes;
  return facts;
}
