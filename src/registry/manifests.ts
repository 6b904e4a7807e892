import type { z } from 'zod/mini';
import { RegistryError } from './errors';
import { schema1ManifestSchema } from './schema1';
import { imageManifestSchema, indexManifestSchema } from './types';
import type { ImageManifest, IndexManifest, Manifest, Schema1Manifest } from './types';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';
export const DOCKER_SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

export const OCI_IMAGE_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const DOCKER_IMAGE_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const OCI_EMPTY_CONFIG = 'application/vnd.oci.empty.v1+json';
export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
export const COSIGN_SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';

/**
 * Every manifest type in one Accept. Without the OCI types distribution answers 404 for OCI
 * content; without the Docker schema2 type it converts to schema1 by tag (another digest); without
 * the list type it silently answers the linux/amd64 child. Schema 1 types are not needed: distribution
 * 2.8.2 answers a stored schema 1 manifest as `v1+prettyjws` to this very Accept (HEAD and GET).
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(', ');

const IMAGE_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
const SCHEMA1_TYPES = new Set([DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED]);
/** Content-Types that say nothing about the manifest: look at the body instead. */
const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

/** "application/vnd.oci.image.manifest.v1+json; charset=utf-8" → the bare, lowercased type. */
export function normalizeMediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function isManifestMediaType(mediaType: string): boolean {
  return IMAGE_TYPES.has(mediaType) || INDEX_TYPES.has(mediaType);
}

/** Docker schema 1, signed (prettyjws) or not: its digest is not always sha256 of the bytes (see schema1.ts). */
export function isSchema1MediaType(mediaType: string): boolean {
  return SCHEMA1_TYPES.has(normalizeMediaType(mediaType));
}

function malformed(message: string): RegistryError {
  return new RegistryError({ status: 0, code: 'MANIFEST_MALFORMED', message });
}

function unsupported(mediaType: string, why: string): RegistryError {
  return new RegistryError({ status: 0, code: 'UNSUPPORTED_MEDIA_TYPE', message: `Unsupported manifest media type ${mediaType}: ${why}` });
}

function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid shape';
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${path}: ${issue.message}`;
}

/**
 * Parses manifest bytes. The media type comes from Content-Type, or from the body's mediaType
 * when the header is generic/absent, or — for old OCI manifests without mediaType — from the
 * shape. Docker schema 1 (deprecated) parses to kind 'schema1'; unknown types throw
 * UNSUPPORTED_MEDIA_TYPE; bad JSON or shape throws MANIFEST_MALFORMED.
 */
export function parseManifest(bytes: Uint8Array, contentType: string): Manifest {
  const headerType = normalizeMediaType(contentType);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw malformed(`Manifest (${headerType || 'no Content-Type'}) is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw malformed(`Manifest (${headerType || 'no Content-Type'}) is not a JSON object.`);
  }
  const body = json as Record<string, unknown>;
  const bodyType = typeof body.mediaType === 'string' ? normalizeMediaType(body.mediaType) : '';

  let mediaType = headerType;
  if (GENERIC_TYPES.has(headerType)) {
    if (body.schemaVersion === 1) mediaType = bodyType || DOCKER_SCHEMA1;
    else if (bodyType !== '') mediaType = bodyType;
    else if (Array.isArray(body.manifests)) mediaType = OCI_INDEX;
    else if ('config' in body && 'layers' in body) mediaType = OCI_MANIFEST;
  }
  if (SCHEMA1_TYPES.has(mediaType) || (mediaType !== headerType && body.schemaVersion === 1)) {
    const parsed = schema1ManifestSchema.safeParse(json);
    if (!parsed.success) throw malformed(`Invalid ${mediaType}: ${describeIssue(parsed.error)}`);
    const signed = Array.isArray(body.signatures) && body.signatures.length > 0;
    const schema1: Schema1Manifest = { ...parsed.data, kind: 'schema1', mediaType: SCHEMA1_TYPES.has(mediaType) ? mediaType : DOCKER_SCHEMA1, signed };
    return schema1;
  }
  if (!isManifestMediaType(mediaType)) {
    throw unsupported(mediaType || '(none)', 'expected an OCI image manifest or index, or a Docker schema 2 manifest or manifest list.');
  }
  if (bodyType !== '' && bodyType !== mediaType) {
    throw malformed(`Manifest served as ${mediaType} declares mediaType ${bodyType}.`);
  }

  if (INDEX_TYPES.has(mediaType)) {
    const parsed = indexManifestSchema.safeParse(json);
    if (!parsed.success) throw malformed(`Invalid ${mediaType}: ${describeIssue(parsed.error)}`);
    const index: IndexManifest = { ...parsed.data, kind: 'index', mediaType };
    return index;
  }
  const parsed = imageManifestSchema.safeParse(json);
  if (!parsed.success) throw malformed(`Invalid ${mediaType}: ${describeIssue(parsed.error)}`);
  const image: ImageManifest = { ...parsed.data, kind: 'image', mediaType };
  return image;
}

export function isIndex(manifest: Manifest): manifest is IndexManifest {
  return manifest.kind === 'index';
}

export function isImage(manifest: Manifest): manifest is ImageManifest {
  return manifest.kind === 'image';
}

export type ManifestKind = 'docker-image' | 'oci-image' | 'docker-schema1' | 'index' | 'helm-chart' | 'signature' | 'attestation' | 'artifact';

const ATTESTATION_PATTERN = /in-toto|spdx|cyclonedx|dsse\.envelope|vnd\.dev\.cosign\.attestation/i;

/**
 * What a manifest holds, for badges and filters: an index; a Helm chart (by its config type); a
 * cosign/notation signature; an SBOM or in-toto attestation; a Docker or OCI image; else an artifact.
 */
export function describeManifestKind(manifest: Manifest, configMediaType?: string): ManifestKind {
  if (manifest.kind === 'index') return 'index';
  if (manifest.kind === 'schema1') return 'docker-schema1';
  const config = normalizeMediaType(configMediaType ?? manifest.config.mediaType);
  const artifactType = normalizeMediaType(manifest.artifactType);
  const layerTypes = manifest.layers.map((layer) => normalizeMediaType(layer.mediaType));
  if (config === HELM_CONFIG) return 'helm-chart';
  if (layerTypes.includes(COSIGN_SIMPLE_SIGNING) || artifactType.includes('signature') || config.includes('signature')) {
    return 'signature';
  }
  if ([artifactType, config, ...layerTypes].some((type) => ATTESTATION_PATTERN.test(type))) return 'attestation';
  if (config === DOCKER_IMAGE_CONFIG || config === OCI_IMAGE_CONFIG) {
    return manifest.mediaType === DOCKER_MANIFEST ? 'docker-image' : 'oci-image';
  }
  return 'artifact';
}

export type LayerCompression = 'gzip' | 'zstd' | 'uncompressed' | 'foreign' | 'unknown';

/** Compression of a layer from its media type; foreign/non-distributable layers are not in the registry. */
export function layerCompression(mediaType: string): LayerCompression {
  const type = normalizeMediaType(mediaType);
  if (type.includes('.foreign.') || type.includes('.nondistributable.')) return 'foreign';
  if (type.endsWith('+gzip') || type.endsWith('.tar.gzip') || type.endsWith('.gzip')) return 'gzip';
  if (type.endsWith('+zstd') || type.endsWith('.zstd')) return 'zstd';
  if (type === 'application/vnd.oci.image.layer.v1.tar' || type === 'application/vnd.docker.image.rootfs.diff.tar') return 'uncompressed';
  return 'unknown';
}
