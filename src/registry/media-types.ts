/**
 * Manifest media types and the Accept header: what every registry request needs, without the zod
 * schemas that parse bodies (manifests.ts, loaded when a manifest is first read).
 */
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

export const IMAGE_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST]);
export const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);
export const SCHEMA1_TYPES = new Set([DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED]);
/** Content-Types that say nothing about the manifest: look at the body instead. */
export const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

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
