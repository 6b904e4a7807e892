// What the index keeps of a manifest, parsed from its bytes (and its image config's) in storage.
import { z } from 'zod';

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024; // distribution's own limit
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

const descriptor = z.object({
  mediaType: z.string().optional(),
  digest: z.string(),
  size: z.number().int().nonnegative(),
  platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
});

const manifestJson = z.object({
  schemaVersion: z.number(),
  mediaType: z.string().optional(),
  config: descriptor.optional(),
  layers: z.array(descriptor).optional(),
  manifests: z.array(descriptor).optional(),
  subject: descriptor.optional(),
  artifactType: z.string().optional(),
  fsLayers: z.array(z.object({ blobSum: z.string() })).optional(),
  architecture: z.string().optional(),
});

const configJson = z.object({
  created: z.string().optional(),
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional(),
  config: z.object({ Labels: z.record(z.string(), z.string()).nullish() }).nullish(),
});

export interface BlobRef {
  digest: string;
  size: number;
  kind: 'config' | 'layer';
}

export interface ManifestFacts {
  mediaType: string;
  size: number;
  configDigest: string | null;
  /** config.created, ISO text as the image says it. */
  created: string | null;
  platform: { os: string; architecture: string; variant?: string } | null;
  subject: string | null;
  /** Index children (digests), for manifest lists and OCI indexes. */
  children: string[];
  blobs: BlobRef[];
  labels: Record<string, string>;
}

const SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);

/** The manifest's media type: its own field, else inferred (OCI allows omitting it). */
function mediaTypeOf(manifest: z.infer<typeof manifestJson>): string {
  if (manifest.mediaType) return manifest.mediaType;
  if (manifest.schemaVersion === 1) return SCHEMA1;
  if (manifest.manifests) return 'application/vnd.oci.image.index.v1+json';
  return 'application/vnd.oci.image.manifest.v1+json';
}

/**
 * Parses a manifest's stored bytes. `readConfig` returns the config blob's bytes (or null); it is
 * called only for image configs, so an artifact's config (a Helm chart's) is never parsed as one.
 */
export async function manifestFacts(bytes: Buffer, readConfig: (digest: string) => Promise<Buffer | null>): Promise<ManifestFacts> {
  const manifest = manifestJson.parse(JSON.parse(bytes.toString('utf8')));
  const mediaType = mediaTypeOf(manifest);
  const facts: ManifestFacts = {
    mediaType,
    size: bytes.length,
    configDigest: manifest.config?.digest ?? null,
    created: null,
    platform: null,
    subject: manifest.subject?.digest ?? null,
    children: INDEX_TYPES.has(mediaType) ? (manifest.manifests ?? []).map((m) => m.digest) : [],
    blobs: [],
    labels: {},
  };
  if (manifest.config) facts.blobs.push({ digest: manifest.config.digest, size: manifest.config.size, kind: 'config' });
  for (const layer of manifest.layers ?? []) facts.blobs.push({ digest: layer.digest, size: layer.size, kind: 'layer' });
  // Schema 1 names its layers without sizes: they count as 0 bytes here.
  for (const layer of manifest.fsLayers ?? []) facts.blobs.push({ digest: layer.blobSum, size: 0, kind: 'layer' });
  // One blob can be listed twice (two identical layers): it is stored, and freed, once.
  facts.blobs = facts.blobs.filter((blob, i) => facts.blobs.findIndex((b) => b.digest === blob.digest) === i);

  const configType = manifest.config?.mediaType;
  if (manifest.config && configType && IMAGE_CONFIG_TYPES.has(configType)) {
    const configBytes = await readConfig(manifest.config.digest);
    const parsed = configBytes ? configJson.safeParse(safeJson(configBytes)) : null;
    if (parsed?.success) {
      const config = parsed.data;
      facts.created = config.created ?? null;
      if (config.os && config.architecture) {
        facts.platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
      }
      facts.labels = config.config?.Labels ?? {};
    }
  }
  return facts;
}

function safeJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}
