import type { z } from 'zod/mini';
import { RegistryError } from './errors';
import { schema1ManifestSchema } from './schema1';
import { imageManifestSchema, indexManifestSchema } from './types';
import type { ImageManifest, IndexManifest, Manifest, Schema1Manifest } from './types';
import {
  COSIGN_SIMPLE_SIGNING,
  DOCKER_IMAGE_CONFIG,
  DOCKER_MANIFEST,
  DOCKER_SCHEMA1,
  GENERIC_TYPES,
  HELM_CONFIG,
  INDEX_TYPES,
  isManifestMediaType,
  normalizeMediaType,
  OCI_IMAGE_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  SCHEMA1_TYPES,
} from './media-types';

export {
  COSIGN_SIMPLE_SIGNING,
  DOCKER_IMAGE_CONFIG,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  DOCKER_SCHEMA1,
  DOCKER_SCHEMA1_SIGNED,
  HELM_CONFIG,
  isManifestMediaType,
  isSchema1MediaType,
  MANIFEST_ACCEPT,
  normalizeMediaType,
  OCI_EMPTY_CONFIG,
  OCI_IMAGE_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
} from './media-types';

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
