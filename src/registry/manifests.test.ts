// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { RegistryError } from './errors';
import {
  COSIGN_SIMPLE_SIGNING,
  describeManifestKind,
  DOCKER_IMAGE_CONFIG,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  DOCKER_SCHEMA1,
  DOCKER_SCHEMA1_SIGNED,
  HELM_CONFIG,
  isImage,
  isIndex,
  layerCompression,
  MANIFEST_ACCEPT,
  OCI_EMPTY_CONFIG,
  OCI_IMAGE_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  parseManifest,
} from './manifests';
import type { ImageManifest, Manifest } from './types';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const descriptor = (mediaType: string, size = 10, c = 'a') => ({ mediaType, digest: D(c), size });

const ociManifest = {
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: descriptor(OCI_IMAGE_CONFIG, 100),
  layers: [descriptor('application/vnd.oci.image.layer.v1.tar+gzip', 1000, 'b')],
  annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
};
const dockerManifest = {
  schemaVersion: 2,
  mediaType: DOCKER_MANIFEST,
  config: descriptor(DOCKER_IMAGE_CONFIG, 100),
  layers: [descriptor('application/vnd.docker.image.rootfs.diff.tar.gzip', 1000, 'b')],
};
const index = (mediaType: string) => ({
  schemaVersion: 2,
  mediaType,
  manifests: [
    { ...descriptor(OCI_MANIFEST), platform: { os: 'linux', architecture: 'amd64' } },
    { ...descriptor(OCI_MANIFEST, 10, 'c'), platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ],
});

function parseError(run: () => unknown): RegistryError {
  try {
    run();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('MANIFEST_ACCEPT', () => {
  it('lists the four manifest types', () => {
    expect(MANIFEST_ACCEPT.split(', ').sort()).toEqual([DOCKER_MANIFEST_LIST, DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST].sort());
  });
});

describe('parseManifest', () => {
  it('parses an OCI image manifest', () => {
    const manifest = parseManifest(bytes(ociManifest), OCI_MANIFEST);
    expect(manifest.kind).toBe('image');
    expect(isImage(manifest) && manifest.layers[0]?.size).toBe(1000);
    expect(manifest.mediaType).toBe(OCI_MANIFEST);
    expect(manifest.annotations).toEqual(ociManifest.annotations);
  });

  it('parses a Docker schema 2 manifest, ignoring Content-Type parameters', () => {
    const manifest = parseManifest(bytes(dockerManifest), `${DOCKER_MANIFEST}; charset=utf-8`);
    expect(manifest).toMatchObject({ kind: 'image', mediaType: DOCKER_MANIFEST });
  });

  it.each([OCI_INDEX, DOCKER_MANIFEST_LIST])('parses an index: %s', (mediaType) => {
    const manifest = parseManifest(bytes(index(mediaType)), mediaType);
    expect(isIndex(manifest)).toBe(true);
    expect(isIndex(manifest) && manifest.manifests.map((m) => m.platform?.architecture)).toEqual(['amd64', 'arm64']);
    expect(manifest.mediaType).toBe(mediaType);
  });

  it('takes the body mediaType or the shape when Content-Type is generic', () => {
    expect(parseManifest(bytes(dockerManifest), 'application/json').mediaType).toBe(DOCKER_MANIFEST);
    const { mediaType: _omit, ...bare } = index(OCI_INDEX);
    expect(parseManifest(bytes(bare), '')).toMatchObject({ kind: 'index', mediaType: OCI_INDEX });
    const { mediaType: _omit2, ...bareImage } = ociManifest;
    expect(parseManifest(bytes(bareImage), '').mediaType).toBe(OCI_MANIFEST);
  });

  it.each([DOCKER_SCHEMA1, DOCKER_SCHEMA1_SIGNED])('reads schema 1 (%s) as a deprecated kind of its own', (mediaType) => {
    const manifest = parseManifest(bytes({ schemaVersion: 1, name: 'a', tag: 'b', fsLayers: [] }), mediaType);
    expect(manifest).toMatchObject({ kind: 'schema1', mediaType, fsLayers: [], signed: false });
  });

  it('recognises schema 1 by its body', () => {
    expect(parseManifest(bytes({ schemaVersion: 1, name: 'a', fsLayers: [] }), 'application/json')).toMatchObject({ kind: 'schema1', mediaType: DOCKER_SCHEMA1 });
  });

  it('refuses a schema 1 body without fsLayers', () => {
    const error = parseError(() => parseManifest(bytes({ schemaVersion: 1, name: 'a' }), DOCKER_SCHEMA1_SIGNED));
    expect(error.code).toBe('MANIFEST_MALFORMED');
  });

  it('rejects unknown media types', () => {
    const error = parseError(() => parseManifest(bytes(ociManifest), 'application/vnd.example.thing+json'));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toContain('application/vnd.example.thing+json');
  });

  it.each([
    ['invalid JSON', '{"schemaVersion": 2,'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['a JSON array', '[]'],
    ['missing layers', { ...ociManifest, layers: undefined }],
    ['a bad digest', { ...ociManifest, config: { ...ociManifest.config, digest: 'nope' } }],
    ['a negative size', { ...ociManifest, layers: [{ ...descriptor('x'), size: -1 }] }],
    ['schemaVersion 3', { ...ociManifest, schemaVersion: 3 }],
    ['a body that says index', { ...ociManifest, mediaType: OCI_INDEX }],
  ])('throws MANIFEST_MALFORMED for %s', (_label, value) => {
    const input = value instanceof Uint8Array ? value : bytes(value);
    const error = parseError(() => parseManifest(input, OCI_MANIFEST));
    expect(error.code).toBe('MANIFEST_MALFORMED');
    expect(error.message).toContain(OCI_MANIFEST);
  });
});

describe('describeManifestKind', () => {
  const image = (overrides: Partial<ImageManifest>): Manifest => ({
    kind: 'image',
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(OCI_IMAGE_CONFIG),
    layers: [descriptor('application/vnd.oci.image.layer.v1.tar+gzip')],
    ...overrides,
  });

  it('tells images, indexes and artifacts apart', () => {
    expect(describeManifestKind(image({}))).toBe('oci-image');
    expect(describeManifestKind(image({ mediaType: DOCKER_MANIFEST, config: descriptor(DOCKER_IMAGE_CONFIG) }))).toBe('docker-image');
    expect(describeManifestKind(parseManifest(bytes(index(OCI_INDEX)), OCI_INDEX))).toBe('index');
    expect(describeManifestKind(image({ config: descriptor(HELM_CONFIG) }))).toBe('helm-chart');
    expect(describeManifestKind(image({ layers: [descriptor(COSIGN_SIMPLE_SIGNING)] }))).toBe('signature');
    expect(describeManifestKind(image({ artifactType: 'application/vnd.cncf.notary.signature', config: descriptor(OCI_EMPTY_CONFIG) }))).toBe('signature');
    expect(describeManifestKind(image({ layers: [descriptor('application/vnd.in-toto+json')] }))).toBe('attestation');
    expect(describeManifestKind(image({ artifactType: 'application/spdx+json', config: descriptor(OCI_EMPTY_CONFIG) }))).toBe('attestation');
    expect(describeManifestKind(image({ artifactType: 'application/vnd.cyclonedx+json', config: descriptor(OCI_EMPTY_CONFIG) }))).toBe('attestation');
    expect(describeManifestKind(image({ artifactType: 'application/vnd.example.x', config: descriptor(OCI_EMPTY_CONFIG) }))).toBe('artifact');
    expect(describeManifestKind(image({ config: descriptor('application/vnd.example.config+json') }))).toBe('artifact');
  });

  it('accepts the config media type separately', () => {
    expect(describeManifestKind(image({}), HELM_CONFIG)).toBe('helm-chart');
  });
});

describe('layerCompression', () => {
  it.each([
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
    ['application/vnd.oci.image.layer.v1.tar', 'uncompressed'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'foreign'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'foreign'],
    ['application/vnd.cncf.helm.chart.content.v1.tar+gzip', 'gzip'],
    ['application/octet-stream', 'unknown'],
  ])('%s → %s', (mediaType, expected) => {
    expect(layerCompression(mediaType)).toBe(expected);
  });
});
