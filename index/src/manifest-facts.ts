// What the index keeps of a manifest, parsed from its bytes (and its image config's) in storage.
// The shapes are checked by hand, not with zod: a backfill parses two documents per manifest and
// zod's object parsing was a visible share of its CPU time. A manifest that fails a check throws
// (the caller logs it and leaves the manifest out); a config that fails one is ignored.

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024; // distribution's own limit
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
}

interface ManifestJson {
  schemaVersion: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
  fsLayers?: { blobSum: string }[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(object: Json, key: string, where: string): string | undefined {
  const value = object[key];
  if (value === undefined || typeof value === 'string') return value;
  throw new Error(`${where}${key}: expected a string`);
}

function descriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new Error(`${where}: expected an object`);
  const { digest, size } = value;
  if (typeof digest !== 'string') throw new Error(`${where}.digest: expected a string`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new Error(`${where}.size: expected a non-negative integer`);
  const mediaType = optionalString(value, 'mediaType', `${where}.`);
  return mediaType === undefined ? { digest, size } : { mediaType, digest, size };
}

function optionalList<T>(object: Json, key: string, item: (value: unknown, where: string) => T): T[] | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Error(`${key}: expected an array`);
  return value.map((entry, i) => item(entry, `${key}[${i}]`));
}

/** The fields the index reads, checked; other fields are ignored. */
function parseManifest(value: unknown): ManifestJson {
  if (!isObject(value)) throw new Error('the manifest is not a JSON object');
  if (typeof value.schemaVersion !== 'number') throw new Error('schemaVersion: expected a number');
  return {
    schemaVersion: value.schemaVersion,
    mediaType: optionalString(value, 'mediaType', ''),
    config: value.config === undefined ? undefined : descriptor(value.config, 'config'),
    layers: optionalList(value, 'layers', descriptor),
    manifests: optionalList(value, 'manifests', descriptor),
    subject: value.subject === undefined ? undefined : descriptor(value.subject, 'subject'),
    fsLayers: optionalList(value, 'fsLayers', (entry, where) => {
      if (!isObject(entry) || typeof entry.blobSum !== 'string') throw new Error(`${where}.blobSum: expected a string`);
      return { blobSum: entry.blobSum };
    }),
  };
}

interface ConfigJson {
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  labels: Record<string, string>;
}

/** An image config's fields the index keeps; null when they are not of the expected types. */
function parseConfig(value: unknown): ConfigJson | null {
  if (!isObject(value)) return null;
  const strings = ['created', 'os', 'architecture', 'variant'] as const;
  if (strings.some((key) => value[key] !== undefined && typeof value[key] !== 'string')) return null;
  const inner = value.config;
  if (inner !== undefined && inner !== null && !isObject(inner)) return null;
  const labels = inner?.Labels;
  if (labels !== undefined && labels !== null && !(isObject(labels) && Object.values(labels).every((v) => typeof v === 'string'))) return null;
  const text = (key: (typeof strings)[number]) => value[key] as string | undefined;
  return { created: text('created'), os: text('os'), architecture: text('architecture'), variant: text('variant'), labels: (labels ?? {}) as Record<string, string> };
}

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
function mediaTypeOf(manifest: ManifestJson): string {
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
  const manifest = parseManifest(JSON.parse(bytes.toString('utf8')));
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
    const config = configBytes ? parseConfig(safeJson(configBytes)) : null;
    if (config) {
      facts.created = config.created ?? null;
      if (config.os && config.architecture) {
        facts.platform = { os: config.os, architecture: config.architecture, ...(config.variant ? { variant: config.variant } : {}) };
      }
      facts.labels = config.labels;
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
