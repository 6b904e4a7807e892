import type { Descriptor, ImageManifest, IndexManifest } from '../registry/types';
import { classifyArtifactType, classifyManifest, layerStorageLabel } from './manifest-kind';

const d = (mediaType: string, extra: Partial<Descriptor> = {}): Descriptor => ({ mediaType, digest: `sha256:${'0'.repeat(64)}`, size: 1, ...extra });
const image = (mediaType: string, config: string, layers: string[] = ['application/vnd.oci.image.layer.v1.tar+gzip'], artifactType?: string): ImageManifest => ({
  kind: 'image',
  schemaVersion: 2,
  mediaType,
  config: d(config),
  layers: layers.map((type) => d(type)),
  ...(artifactType ? { artifactType } : {}),
});
const OCI = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER = 'application/vnd.docker.distribution.manifest.v2+json';
const EMPTY = 'application/vnd.oci.empty.v1+json';

describe('classifyManifest (media-type table)', () => {
  const index = (mediaType: string): IndexManifest => ({ kind: 'index', schemaVersion: 2, mediaType, manifests: [] });
  it.each([
    ['Docker image', image(DOCKER, 'application/vnd.docker.container.image.v1+json', ['application/vnd.docker.image.rootfs.diff.tar.gzip']), 'docker-image', undefined],
    ['OCI image', image(OCI, 'application/vnd.oci.image.config.v1+json'), 'oci-image', undefined],
    ['OCI index', index('application/vnd.oci.image.index.v1+json'), 'index', undefined],
    ['Docker manifest list', index('application/vnd.docker.distribution.manifest.list.v2+json'), 'index', undefined],
    ['Helm chart', image(OCI, 'application/vnd.cncf.helm.config.v1+json', ['application/vnd.cncf.helm.chart.content.v1.tar+gzip']), 'helm-chart', 'application/vnd.cncf.helm.config.v1+json'],
    ['cosign signature', image(OCI, 'application/vnd.oci.image.config.v1+json', ['application/vnd.dev.cosign.simplesigning.v1+json']), 'signature', undefined],
    ['notation signature', image(OCI, EMPTY, ['application/jose+json'], 'application/vnd.cncf.notary.signature'), 'signature', 'application/vnd.cncf.notary.signature'],
    ['SPDX SBOM', image(OCI, EMPTY, ['application/spdx+json'], 'application/spdx+json'), 'attestation', 'application/spdx+json'],
    ['in-toto attestation', image(OCI, EMPTY, ['application/vnd.in-toto+json'], 'application/vnd.in-toto+json'), 'attestation', 'application/vnd.in-toto+json'],
    ['artifact with artifactType', image(OCI, EMPTY, ['application/octet-stream'], 'application/vnd.example.thing'), 'artifact', 'application/vnd.example.thing'],
    ['artifact by config type', image(OCI, 'application/vnd.unknown.config.v1+json', ['application/octet-stream']), 'artifact', 'application/vnd.unknown.config.v1+json'],
  ] as const)('%s', (_name, manifest, kind, artifactType) => {
    const result = classifyManifest(manifest);
    expect(result.kind).toBe(kind);
    expect(result.artifactType).toBe(artifactType);
  });

  it('labels artifacts with their type', () => {
    expect(classifyManifest(image(OCI, EMPTY, ['application/octet-stream'], 'application/vnd.example.thing')).label).toBe('artifact (application/vnd.example.thing)');
    expect(classifyManifest(image(OCI, EMPTY, ['application/octet-stream'])).label).toBe('artifact (no artifactType)');
    expect(classifyManifest(image(DOCKER, 'application/vnd.docker.container.image.v1+json')).label).toBe('Docker image');
    expect(classifyManifest(index('application/vnd.oci.image.index.v1+json')).label).toBe('multi-arch index');
  });
});

describe('classifyArtifactType', () => {
  it.each([
    ['application/vnd.dev.cosign.artifact.sig.v1+json', 'signature'],
    ['application/vnd.cncf.notary.signature', 'signature'],
    ['application/spdx+json', 'attestation'],
    ['application/vnd.cyclonedx+json', 'attestation'],
    ['application/vnd.dev.sigstore.bundle.v0.3+json', 'artifact'],
    [undefined, 'artifact'],
  ] as const)('%s → %s', (type, kind) => {
    expect(classifyArtifactType(type).kind).toBe(kind);
  });
});

describe('layerStorageLabel', () => {
  it.each([
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
    ['application/vnd.oci.image.layer.v1.tar', 'uncompressed'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'foreign (non-distributable)'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'foreign (non-distributable)'],
    ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'gzip'],
    ['application/spdx+json', 'other'],
  ])('%s → %s', (mediaType, label) => {
    expect(layerStorageLabel(mediaType).label).toBe(label);
  });
});
