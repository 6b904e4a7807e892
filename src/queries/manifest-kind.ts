/**
 * Human words for what a manifest holds and how a layer is stored, read from media types only
 * (no config fetch needed): the header badge, the referrers list and the layers table share them.
 */
import { describeManifestKind, layerCompression, normalizeMediaType, OCI_EMPTY_CONFIG, DOCKER_IMAGE_CONFIG, OCI_IMAGE_CONFIG } from '../registry/manifests';
import type { LayerCompression, ManifestKind } from '../registry/manifests';
import type { Manifest } from '../registry/types';

export interface ManifestClassification {
  kind: ManifestKind;
  /** "Docker image", "multi-arch index", "artifact (application/x.foo)"… */
  label: string;
  /** The manifest's artifactType, else a non-image config media type; undefined for images and indexes. */
  artifactType?: string;
}

const KIND_LABELS: Record<ManifestKind, string> = {
  'docker-image': 'Docker image',
  'oci-image': 'OCI image',
  'docker-schema1': 'Docker schema 1 (deprecated)',
  index: 'multi-arch index',
  'helm-chart': 'Helm chart',
  signature: 'signature',
  attestation: 'SBOM/attestation',
  artifact: 'artifact',
};

/** The type an artifact declares: `artifactType`, else its config media type unless that is an image/empty config. */
export function artifactTypeOf(manifest: Manifest): string | undefined {
  if (manifest.artifactType) return normalizeMediaType(manifest.artifactType);
  if (manifest.kind !== 'image') return undefined;
  const config = normalizeMediaType(manifest.config.mediaType);
  if (config === OCI_IMAGE_CONFIG || config === DOCKER_IMAGE_CONFIG || config === OCI_EMPTY_CONFIG) return undefined;
  return config;
}

export function classifyManifest(manifest: Manifest): ManifestClassification {
  const kind = describeManifestKind(manifest);
  const artifactType = kind === 'docker-image' || kind === 'oci-image' || kind === 'docker-schema1' ? undefined : artifactTypeOf(manifest);
  const base = KIND_LABELS[kind];
  const label = kind === 'artifact' ? `artifact (${artifactType ?? 'no artifactType'})` : base;
  return { kind, label, ...(artifactType ? { artifactType } : {}) };
}

/**
 * A referrer known only by its descriptor (referrers API or a fallback index): the artifactType
 * is all there is. Signatures and attestations are recognised by the usual type names.
 */
export function classifyArtifactType(artifactType: string | undefined): { kind: ManifestKind; label: string } {
  const type = normalizeMediaType(artifactType);
  if (type === '') return { kind: 'artifact', label: 'artifact (no artifactType)' };
  if (/signature|cosign\.artifact\.sig|notary/.test(type)) return { kind: 'signature', label: KIND_LABELS.signature };
  if (/in-toto|spdx|cyclonedx|sbom|attestation|dsse|vuln|sarif/.test(type)) return { kind: 'attestation', label: KIND_LABELS.attestation };
  if (type === 'application/vnd.cncf.helm.config.v1+json') return { kind: 'helm-chart', label: KIND_LABELS['helm-chart'] };
  return { kind: 'artifact', label: `artifact (${type})` };
}

const COMPRESSION_LABELS: Record<LayerCompression, string> = {
  gzip: 'gzip',
  zstd: 'zstd',
  uncompressed: 'uncompressed',
  foreign: 'foreign (non-distributable)',
  unknown: 'other',
};

export function layerStorageLabel(mediaType: string): { compression: LayerCompression; label: string } {
  const compression = layerCompression(mediaType);
  return { compression, label: COMPRESSION_LABELS[compression] };
}
