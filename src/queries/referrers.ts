/**
 * Referrers (signatures, SBOMs, attestations whose `subject` is a manifest) as one list, from the
 * OCI referrers API or — on registries without it, like distribution 2.8 — the tag schema:
 *   - `sha256-<hex>`: an image index whose `manifests` are the referrers (OCI 1.1 fallback);
 *   - `sha256-<hex>.sig` / `.att` / `.sbom`: cosign's signature, attestation and SBOM tags.
 */
import type { Descriptor, Manifest } from '../registry/types';
import { artifactTypeOf, classifyArtifactType, classifyManifest } from './manifest-kind';
import type { ManifestKind } from '../registry/manifests';

export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

export type ConventionSuffix = 'sig' | 'att' | 'sbom';

export interface ReferrerTagNames {
  /** `sha256-<hex>`: the OCI fallback index tag. */
  index: string;
  sig: string;
  att: string;
  sbom: string;
}

/** OCI 1.1: `<alg>-<ref>` with the reference truncated to 64 characters. */
export function referrersIndexTag(digest: string): string {
  const [algorithm = '', encoded = ''] = digest.split(':');
  return `${algorithm}-${encoded.slice(0, 64)}`;
}

export function referrerTagNames(digest: string): ReferrerTagNames {
  const index = referrersIndexTag(digest);
  return { index, sig: `${index}.sig`, att: `${index}.att`, sbom: `${index}.sbom` };
}

export interface FallbackTag {
  tag: string;
  /** `index`: holds a list of referrers; otherwise the tag is one referrer itself. */
  role: 'index' | ConventionSuffix;
}

/** Which of the fallback tags exist among `tags` (from tags/list): nothing is guessed over the network. */
export function fallbackReferrerTags(digest: string, tags: readonly string[]): FallbackTag[] {
  const names = referrerTagNames(digest);
  const present = new Set(tags);
  const roles: FallbackTag['role'][] = ['index', 'sig', 'att', 'sbom'];
  return roles.filter((role) => present.has(names[role])).map((role) => ({ tag: names[role], role }));
}

/** True for tags that only exist to attach referrers: `sha256-<64 hex>` with an optional suffix. */
export function isReferrerTag(tag: string): boolean {
  return /^sha256-[a-f0-9]{64}(\.(sig|att|sbom))?$/.test(tag);
}

export type ReferrerSource = 'api' | 'index-tag' | 'convention-tag';

export interface ReferrerEntry {
  digest: string;
  mediaType: string;
  size: number;
  artifactType?: string;
  kind: ManifestKind;
  label: string;
  created?: string;
  /** How it was found; the tag for tag-schema entries. */
  source: ReferrerSource;
  tag?: string;
}

export function referrerFromDescriptor(descriptor: Descriptor, source: ReferrerSource, tag?: string): ReferrerEntry {
  const { kind, label } = classifyArtifactType(descriptor.artifactType);
  return {
    digest: descriptor.digest,
    mediaType: descriptor.mediaType,
    size: descriptor.size,
    ...(descriptor.artifactType ? { artifactType: descriptor.artifactType } : {}),
    kind,
    label,
    ...(descriptor.annotations?.[CREATED_ANNOTATION] ? { created: descriptor.annotations[CREATED_ANNOTATION] } : {}),
    source,
    ...(tag ? { tag } : {}),
  };
}

/** A referrer known by its whole manifest (a `.sig`/`.att`/`.sbom` tag). */
export function referrerFromManifest(digest: string, size: number, manifest: Manifest, tag: string): ReferrerEntry {
  const { kind, label } = classifyManifest(manifest);
  const artifactType = artifactTypeOf(manifest);
  const created = manifest.annotations?.[CREATED_ANNOTATION];
  return {
    digest,
    mediaType: manifest.mediaType,
    size,
    ...(artifactType ? { artifactType } : {}),
    kind,
    label,
    ...(created ? { created } : {}),
    source: 'convention-tag',
    tag,
  };
}

/** One entry per digest; the first source listed wins (API before tags), its gaps filled by later ones. */
export function mergeReferrers(...lists: readonly (readonly ReferrerEntry[])[]): ReferrerEntry[] {
  const byDigest = new Map<string, ReferrerEntry>();
  for (const list of lists) {
    for (const entry of list) {
      const seen = byDigest.get(entry.digest);
      if (!seen) byDigest.set(entry.digest, entry);
      else byDigest.set(entry.digest, { ...entry, ...seen, created: seen.created ?? entry.created, artifactType: seen.artifactType ?? entry.artifactType, tag: seen.tag ?? entry.tag });
    }
  }
  return [...byDigest.values()];
}
