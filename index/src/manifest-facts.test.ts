// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { manifestFacts } from './manifest-facts.ts';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const image = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest('c'), size: 10 },
  layers: [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest('a'), size: 100 },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest('a'), size: 100 },
  ],
};
const config = (value: unknown) => async () => json(value);

describe('manifestFacts', () => {
  it('keeps an image config’s created, platform and labels, and a repeated layer once', async () => {
    const facts = await manifestFacts(json(image), config({ created: '2025-01-01T00:00:00Z', os: 'linux', architecture: 'arm64', variant: 'v8', config: { Labels: { app: 'web' } } }));
    expect(facts).toMatchObject({ configDigest: digest('c'), created: '2025-01-01T00:00:00Z', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, labels: { app: 'web' } });
    expect(facts.blobs).toEqual([
      { digest: digest('c'), size: 10, kind: 'config' },
      { digest: digest('a'), size: 100, kind: 'layer' },
    ]);
  });

  it('ignores a config whose fields have the wrong types, and one with null labels', async () => {
    expect(await manifestFacts(json(image), config({ created: 5, os: 'linux', architecture: 'amd64' }))).toMatchObject({ created: null, platform: null, labels: {} });
    expect(await manifestFacts(json(image), config({ config: { Labels: { n: 1 } } }))).toMatchObject({ labels: {} });
    expect(await manifestFacts(json(image), config({ os: 'linux', architecture: 'amd64', config: { Labels: null } }))).toMatchObject({ platform: { os: 'linux', architecture: 'amd64' }, labels: {} });
    expect(await manifestFacts(json(image), async () => Buffer.from('not json'))).toMatchObject({ created: null });
  });

  it('lists an index’s children, infers media types, and counts schema 1 layers as 0 bytes', async () => {
    const index = await manifestFacts(json({ schemaVersion: 2, manifests: [{ digest: digest('1'), size: 5 }] }), config(null));
    expect(index).toMatchObject({ mediaType: 'application/vnd.oci.image.index.v1+json', children: [digest('1')], blobs: [] });
    const schema1 = await manifestFacts(json({ schemaVersion: 1, fsLayers: [{ blobSum: digest('b') }] }), config(null));
    expect(schema1).toMatchObject({ mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', blobs: [{ digest: digest('b'), size: 0, kind: 'layer' }] });
  });

  it('refuses a manifest whose descriptors are malformed, naming the field', async () => {
    await expect(manifestFacts(json({ ...image, layers: [{ digest: digest('a'), size: -1 }] }), config(null))).rejects.toThrow('layers[0].size');
    await expect(manifestFacts(json({ ...image, config: { digest: 7, size: 1 } }), config(null))).rejects.toThrow('config.digest');
    await expect(manifestFacts(json({ layers: [] }), config(null))).rejects.toThrow('schemaVersion');
    await expect(manifestFacts(json([1]), config(null))).rejects.toThrow('not a JSON object');
  });

  it('does not read an artifact’s config (not an image config)', async () => {
    let reads = 0;
    const artifact = { ...image, config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: digest('c'), size: 10 } };
    const facts = await manifestFacts(json(artifact), async () => {
      reads++;
      return null;
    });
    expect(reads).toBe(0);
    expect(facts.created).toBeNull();
  });
});
