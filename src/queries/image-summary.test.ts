import { describe, expect, it } from 'vitest';
import schema1Text from '../registry/fixtures/schema1-distribution-2.8.2.json?raw';
import { DOCKER_SCHEMA1_SIGNED, parseManifest } from '../registry/manifests';
import type { ImageConfig, ImageManifest, IndexManifest, Manifest } from '../registry/types';
import { dependenciesOf, manifestCreated, newest, platformDescriptors, platformLabel, summarizeManifest, type SummaryLookup } from './image-summary';

const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const d = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;

function image(configDigest: string, configSize: number, layers: number[], configType = OCI_CONFIG): ImageManifest {
  return {
    kind: 'image',
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: configType, digest: configDigest, size: configSize },
    layers: layers.map((size, i) => ({ mediaType: LAYER, digest: d(String(i)), size })),
  };
}

function index(children: { digest: string; os: string; architecture: string; variant?: string }[], extra: IndexManifest['manifests'] = []): IndexManifest {
  return {
    kind: 'index',
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      ...children.map(({ digest, ...platform }) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 500, platform })),
      ...extra,
    ],
  };
}

function lookup(manifests: Record<string, Manifest>, configs: Record<string, ImageConfig>): SummaryLookup {
  return { manifest: (digest) => manifests[digest], config: (digest) => configs[digest] };
}

describe('summarizeManifest — image', () => {
  const manifest = image(d('c'), 1000, [20_000, 300]);

  it('size is config + layers as soon as the manifest is there; created waits for the config', () => {
    const partial = summarizeManifest(manifest, d('m'), lookup({}, {}));
    expect(partial).toMatchObject({ kind: 'image', size: 21_300, created: undefined, complete: false });
    expect(partial.platforms).toEqual([{ digest: d('m'), size: 21_300, os: undefined, architecture: undefined, variant: undefined, created: undefined }]);
  });

  it('reads created and the platform from the config', () => {
    const summary = summarizeManifest(manifest, d('m'), lookup({}, { [d('c')]: { created: '2026-01-02T03:04:05Z', os: 'linux', architecture: 'arm', variant: 'v7' } }));
    expect(summary).toMatchObject({ kind: 'image', size: 21_300, created: '2026-01-02T03:04:05Z', complete: true });
    expect(platformLabel(summary.platforms[0]!)).toBe('linux/arm/v7');
  });

  it("drops Go's zero time: an image built by a tool that leaves created unset has no known date", () => {
    const summary = summarizeManifest(manifest, d('m'), lookup({}, { [d('c')]: { created: '0001-01-01T00:00:00Z', os: 'linux', architecture: 'amd64' } }));
    expect(summary).toMatchObject({ kind: 'image', created: undefined, complete: true });
    expect(summary.platforms[0]?.created).toBeUndefined();
  });

  it('does not wait for a config that is not an image config (artifacts)', () => {
    const helm = image(d('h'), 200, [5000], 'application/vnd.cncf.helm.config.v1+json');
    expect(summarizeManifest(helm, d('m'), lookup({}, {}))).toMatchObject({
      kind: 'artifact',
      size: 5200,
      complete: true,
      platforms: [],
      artifactType: 'application/vnd.cncf.helm.config.v1+json',
    });
    expect(dependenciesOf(helm, lookup({}, {}))).toEqual({ manifests: [], configs: [] });
  });
});

describe('summarizeManifest — index', () => {
  const amd = image(d('a'), 100, [1000, 2000]);
  const arm = image(d('b'), 100, [1500]);
  const idx = index(
    [
      { digest: d('1'), os: 'linux', architecture: 'amd64' },
      { digest: d('2'), os: 'linux', architecture: 'arm64', variant: 'v8' },
    ],
    [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: d('3'),
        size: 800,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
      },
    ],
  );

  it('skips buildx attestation manifests', () => {
    expect(platformDescriptors(idx).map((c) => c.digest)).toEqual([d('1'), d('2')]);
  });

  it('lists platforms from the index before any child arrives', () => {
    const summary = summarizeManifest(idx, d('i'), lookup({}, {}));
    expect(summary).toMatchObject({ kind: 'index', complete: false });
    expect(summary.size).toBeUndefined();
    expect(summary.platforms.map(platformLabel)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(dependenciesOf(idx, lookup({}, {}))).toEqual({ manifests: [d('1'), d('2')], configs: [] });
  });

  it('gives a size per platform, the range and the sum; sorts by the largest', () => {
    const data = lookup({ [d('1')]: amd, [d('2')]: arm }, {});
    const summary = summarizeManifest(idx, d('i'), data);
    expect(summary.platforms.map((p) => p.size)).toEqual([3100, 1600]);
    expect(summary).toMatchObject({ minSize: 1600, maxSize: 3100, totalSize: 4700, size: 3100, complete: false });
    expect(dependenciesOf(idx, data)).toEqual({ manifests: [d('1'), d('2')], configs: [d('a'), d('b')] });
  });

  it('has only a partial range while a child is missing', () => {
    const summary = summarizeManifest(idx, d('i'), lookup({ [d('2')]: arm }, {}));
    expect(summary).toMatchObject({ minSize: 1600, maxSize: 1600 });
    expect(summary.size).toBeUndefined();
  });

  it('created is the newest child', () => {
    const summary = summarizeManifest(
      idx,
      d('i'),
      lookup({ [d('1')]: amd, [d('2')]: arm }, { [d('a')]: { created: '2026-01-01T00:00:00Z' }, [d('b')]: { created: '2026-03-01T00:00:00Z' } }),
    );
    expect(summary).toMatchObject({ created: '2026-03-01T00:00:00Z', complete: true });
    expect(summary.platforms.map((p) => p.created)).toEqual(['2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z']);
  });
});

describe('manifestCreated — the one rule for the tag table and the inspector', () => {
  const amd = image(d('a'), 100, [3000]);
  const arm = image(d('b'), 100, [1500]);
  const idx: IndexManifest = {
    ...index([
      { digest: d('1'), os: 'linux', architecture: 'amd64' },
      { digest: d('2'), os: 'linux', architecture: 'arm64' },
    ]),
    annotations: { 'org.opencontainers.image.created': '2025-06-01T00:00:00Z' },
  };
  const configs = { [d('a')]: { created: '2026-01-01T00:00:00Z' }, [d('b')]: { created: '2026-03-01T00:00:00Z' } };

  it('an index: the newest platform, over the index annotation', () => {
    const data = lookup({ [d('1')]: amd, [d('2')]: arm }, configs);
    expect(manifestCreated(idx, data)).toBe('2026-03-01T00:00:00Z');
    expect(summarizeManifest(idx, d('i'), data).created).toBe(manifestCreated(idx, data));
  });

  it('an index whose platforms are not known yet: its annotation, then the platforms known so far', () => {
    expect(manifestCreated(idx, lookup({}, {}))).toBe('2025-06-01T00:00:00Z');
    expect(manifestCreated(idx, lookup({ [d('1')]: amd }, configs))).toBe('2026-01-01T00:00:00Z');
    expect(manifestCreated({ ...idx, annotations: undefined }, lookup({}, {}))).toBeUndefined();
  });

  it('an image: its config, else its annotation', () => {
    const annotated: ImageManifest = { ...amd, annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' } };
    expect(manifestCreated(annotated, lookup({}, configs))).toBe('2026-01-01T00:00:00Z');
    expect(manifestCreated(annotated, lookup({}, {}))).toBe('2024-01-01T00:00:00Z');
  });
});

describe('newest', () => {
  it('compares instants, not strings, and ignores garbage', () => {
    expect(newest('2026-01-01T10:00:00+02:00', '2026-01-01T09:00:00Z')).toBe('2026-01-01T09:00:00Z');
    expect(newest(undefined, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(newest('garbage', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
    expect(newest('2026-01-01T00:00:00Z', undefined)).toBe('2026-01-01T00:00:00Z');
  });
});

describe('a Docker schema 1 manifest (real bytes from distribution 2.8.2)', () => {
  const digest = 'sha256:07ad41507a25589a6e18a77829c0dcceecf76e113d05f02722755d3b2e9c3eb4';
  const manifest = parseManifest(new TextEncoder().encode(schema1Text), DOCKER_SCHEMA1_SIGNED);
  const nothing: SummaryLookup = { manifest: () => undefined, config: () => undefined };

  it('summarises from history[0] with the size unknown, complete, needing nothing more', () => {
    const summary = summarizeManifest(manifest, digest, nothing);
    expect(summary).toMatchObject({ kind: 'image', created: '2024-03-01T10:00:00.000Z', complete: true, platforms: [{ os: 'linux', architecture: 'amd64', digest }] });
    expect(summary.size).toBeUndefined();
    expect(summary.sizeUnknown).toMatch(/schema 1/);
    expect(dependenciesOf(manifest, nothing)).toEqual({ manifests: [], configs: [] });
  });
});
