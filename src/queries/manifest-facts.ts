/**
 * What orphan and reclaim arithmetic needs to know about one stored manifest, read from its
 * content: the blobs it references (config + layers), the manifests it lists (an index's
 * children) and the manifest it refers to (`subject`: signatures, SBOMs, attestations).
 */
import type { Manifest } from '../registry/types';

export interface BlobRef {
  digest: string;
  size: number;
}

export interface ManifestFacts {
  digest: string;
  kind: 'image' | 'index';
  /** Config + layers of an image; empty for an index (its children hold the blobs). */
  blobs: BlobRef[];
  /** An index's children; empty for an image. */
  children: string[];
  subject?: string;
}

export function manifestFacts(digest: string, manifest: Manifest): ManifestFacts {
  if (manifest.kind === 'index') {
    return { digest, kind: 'index', blobs: [], children: manifest.manifests.map((d) => d.digest), subject: manifest.subject?.digest };
  }
  if (manifest.kind === 'schema1') {
    // No sizes in a schema 1 manifest: its layers count as 0 bytes, so what deleting it frees is
    // under-stated, never over-stated, and its layers still keep other manifests' bytes in use.
    const layers = [...new Set(manifest.fsLayers.map((layer) => layer.blobSum))];
    return { digest, kind: 'image', blobs: layers.map((layer) => ({ digest: layer, size: 0 })), children: [] };
  }
  const blobs = [manifest.config, ...manifest.layers]
    // Foreign layers (urls) are not stored in the registry: deleting frees nothing for them.
    .filter((descriptor) => !descriptor.urls?.length)
    .map((descriptor) => ({ digest: descriptor.digest, size: descriptor.size }));
  return { digest, kind: 'image', blobs, children: [], subject: manifest.subject?.digest };
}

/** Manifests are per repository; blobs are shared by the whole registry's storage. */
export function manifestKey(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
