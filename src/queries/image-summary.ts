/**
 * What the tag table shows about one manifest — pull size, creation time, platforms — computed
 * from the manifest and whatever configs / child manifests have arrived so far. Pure, so partial
 * data gives a partial summary (`complete: false`) and the table fills in progressively.
 */
import { imagePullSize } from '../registry/image-size';
import { DOCKER_IMAGE_CONFIG, normalizeMediaType, OCI_IMAGE_CONFIG } from '../registry/manifests';
import { schema1Facts } from '../registry/schema1';
import type { Descriptor, ImageConfig, ImageManifest, IndexManifest, Manifest, Schema1Manifest } from '../registry/types';
import { knownCreated } from '../registry/created-time';

export interface PlatformSummary {
  os?: string;
  architecture?: string;
  variant?: string;
  /** The platform's own image manifest (for a plain image: the image's digest). */
  digest: string;
  /** Bytes a pull of this platform transfers (config + layers); undefined until known. */
  size?: number;
  created?: string;
}

export interface ImageSummary {
  /** `artifact`: an image manifest whose config is not an image config (Helm chart, signature…). */
  kind: 'image' | 'index' | 'artifact';
  /**
   * The number to sort by. Image/artifact: config + layers. Index: the largest platform, i.e. the
   * most a single `docker pull` of this tag transfers; set once every platform's size is known.
   */
  size?: number;
  /** Set when the size cannot be known from the manifest (Docker schema 1 records no sizes): why. */
  sizeUnknown?: string;
  /** Index only, over the platforms known so far. */
  minSize?: number;
  maxSize?: number;
  /** Index only: every platform together (what mirroring all of them transfers). */
  totalSize?: number;
  /** Image: its config's `created`; index: the newest platform's. */
  created?: string;
  platforms: PlatformSummary[];
  artifactType?: string;
  /** Every config and child manifest this summary needs has been taken into account. */
  complete: boolean;
}

/** Where the summary looks up data fetched separately (by digest). Undefined: not there (yet). */
export interface SummaryLookup {
  manifest(digest: string): Manifest | undefined;
  config(digest: string): ImageConfig | undefined;
}

const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** The config digest worth fetching: only real image configs hold `created`, os and architecture. */
export function imageConfigDigest(manifest: ImageManifest): string | undefined {
  const type = normalizeMediaType(manifest.config.mediaType);
  return type === OCI_IMAGE_CONFIG || type === DOCKER_IMAGE_CONFIG ? manifest.config.digest : undefined;
}

/**
 * The children of an index that are platforms. buildx adds attestation manifests with platform
 * `unknown/unknown` (annotated `vnd.docker.reference.type: attestation-manifest`): they are no
 * platform anyone pulls, so they are neither listed nor fetched.
 */
export function platformDescriptors(index: IndexManifest): Descriptor[] {
  return index.manifests.filter((child) => {
    if (child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false;
    return !(child.platform?.os === 'unknown' && child.platform.architecture === 'unknown');
  });
}

/** linux/arm64/v8; "unknown" when nothing is known. */
export function platformLabel(platform: Pick<PlatformSummary, 'os' | 'architecture' | 'variant'>): string {
  const parts = [platform.os, platform.architecture, platform.variant].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('/') : 'unknown';
}

function time(iso: string | undefined): number {
  if (!iso) return Number.NaN;
  return Date.parse(iso);
}

/** The later of two ISO timestamps; an unparsable one loses. */
export function newest(a: string | undefined, b: string | undefined): string | undefined {
  const ta = time(a);
  const tb = time(b);
  if (Number.isNaN(ta)) return Number.isNaN(tb) ? (a ?? b) : b;
  if (Number.isNaN(tb)) return a;
  return tb > ta ? b : a;
}

/**
 * The one rule for "created", shared by the tag table and the inspector. An image: its config's
 * `created`, else the `org.opencontainers.image.created` annotation. An index: the newest
 * `created` among its platforms' configs (what `docker pull` of the tag may give you at the
 * latest), else the index's own annotation. An artifact: its annotation. Over what `lookup` holds
 * so far, so it can move forward while platforms arrive.
 */
export function manifestCreated(manifest: Manifest, lookup: Pick<SummaryLookup, 'manifest' | 'config'>): string | undefined {
  if (manifest.kind === 'schema1') return knownCreated(schema1Facts(manifest).created);
  if (manifest.kind === 'image') {
    const configDigest = imageConfigDigest(manifest);
    return knownCreated(configDigest ? lookup.config(configDigest)?.created : undefined) ?? knownCreated(manifest.annotations?.[CREATED_ANNOTATION]);
  }
  let created: string | undefined;
  for (const descriptor of platformDescriptors(manifest)) {
    const child = lookup.manifest(descriptor.digest);
    // A nested index is listed but not descended into.
    if (child?.kind !== 'image') continue;
    const configDigest = imageConfigDigest(child);
    if (configDigest) created = newest(created, knownCreated(lookup.config(configDigest)?.created));
  }
  return created ?? knownCreated(manifest.annotations?.[CREATED_ANNOTATION]);
}

function summarizeImage(manifest: ImageManifest, digest: string, lookup: SummaryLookup): ImageSummary {
  const size = imagePullSize(manifest);
  const configDigest = imageConfigDigest(manifest);
  const annotated = knownCreated(manifest.annotations?.[CREATED_ANNOTATION]);
  if (!configDigest) {
    return {
      kind: 'artifact',
      size,
      created: annotated,
      platforms: [],
      artifactType: manifest.artifactType ?? normalizeMediaType(manifest.config.mediaType),
      complete: true,
    };
  }
  const config = lookup.config(configDigest);
  const created = manifestCreated(manifest, lookup);
  return {
    kind: 'image',
    size,
    created,
    platforms: [{ os: config?.os, architecture: config?.architecture, variant: config?.variant, digest, size, created }],
    complete: config !== undefined,
  };
}

function summarizeIndex(index: IndexManifest, lookup: SummaryLookup): ImageSummary {
  let complete = true;
  const platforms = platformDescriptors(index).map((descriptor): PlatformSummary => {
    const platform: PlatformSummary = {
      os: descriptor.platform?.os,
      architecture: descriptor.platform?.architecture,
      variant: descriptor.platform?.variant,
      digest: descriptor.digest,
    };
    const child = lookup.manifest(descriptor.digest);
    if (!child) {
      complete = false;
      return platform;
    }
    // A nested index has no single size; it is listed but not descended into.
    if (child.kind !== 'image') return platform;
    platform.size = imagePullSize(child);
    const configDigest = imageConfigDigest(child);
    if (configDigest) {
      const config = lookup.config(configDigest);
      if (config) {
        platform.created = knownCreated(config.created);
        platform.os ??= config.os;
        platform.architecture ??= config.architecture;
        platform.variant ??= config.variant;
      } else {
        complete = false;
      }
    }
    return platform;
  });

  const sizes = platforms.map((p) => p.size).filter((size): size is number => size !== undefined);
  const summary: ImageSummary = {
    kind: 'index',
    created: manifestCreated(index, lookup),
    platforms,
    complete,
  };
  if (sizes.length > 0) {
    summary.minSize = Math.min(...sizes);
    summary.maxSize = Math.max(...sizes);
    summary.totalSize = sizes.reduce((sum, size) => sum + size, 0);
    if (sizes.length === platforms.length) summary.size = summary.maxSize;
  }
  return summary;
}

/** Docker schema 1: created and platform from history[0]; the pull size is unknown (no sizes in the manifest). */
function summarizeSchema1(manifest: Schema1Manifest, digest: string): ImageSummary {
  const facts = schema1Facts(manifest);
  const created = knownCreated(facts.created);
  return {
    kind: 'image',
    sizeUnknown: 'Docker schema 1 (deprecated): the manifest records no layer sizes',
    created,
    platforms: [{ os: facts.os, architecture: facts.architecture, digest, created }],
    complete: true,
  };
}

export function summarizeManifest(manifest: Manifest, digest: string, lookup: SummaryLookup): ImageSummary {
  if (manifest.kind === 'schema1') return summarizeSchema1(manifest, digest);
  return manifest.kind === 'index' ? summarizeIndex(manifest, lookup) : summarizeImage(manifest, digest, lookup);
}

/**
 * Digests to fetch next to complete a summary: configs of an image, child manifests of an index
 * and, once those arrived, the children's configs. Each appears once however many tags share it.
 */
export function dependenciesOf(manifest: Manifest, lookup: Pick<SummaryLookup, 'manifest'>): { manifests: string[]; configs: string[] } {
  if (manifest.kind === 'image') {
    const config = imageConfigDigest(manifest);
    return { manifests: [], configs: config ? [config] : [] };
  }
  if (manifest.kind === 'schema1') return { manifests: [], configs: [] };
  const manifests: string[] = [];
  const configs: string[] = [];
  for (const descriptor of platformDescriptors(manifest)) {
    manifests.push(descriptor.digest);
    const child = lookup.manifest(descriptor.digest);
    if (child?.kind === 'image') {
      const config = imageConfigDigest(child);
      if (config) configs.push(config);
    }
  }
  return { manifests, configs };
}
