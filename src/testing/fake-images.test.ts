import type { ImageConfig } from '../registry/types';
import { makeLayer, pushImage, pushIndex, tagExisting } from './fake-images';
import { FakeRegistry, OCI_INDEX, sha256Digest } from './fake-registry';

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // jsdom's Blob has no stream(): go through the runtime's Response instead.
  const body = new Response(new Uint8Array(bytes)).body;
  if (!body) throw new Error('no body');
  return new Uint8Array(await new Response(body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

const json = <T>(bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as T;

describe('fake images', () => {
  it('makes valid tar+gzip layers of the requested size, the same for the same seed', async () => {
    const layer = makeLayer('seed', 20_000);
    expect(layer.byteLength).toBe(20_000);
    expect(await sha256Digest(makeLayer('seed', 20_000))).toBe(await sha256Digest(layer));
    expect(await sha256Digest(makeLayer('other', 20_000))).not.toBe(await sha256Digest(layer));
    const tar = await gunzip(layer);
    expect(tar.byteLength % 512).toBe(0);
    expect(new TextDecoder().decode(tar.subarray(257, 262))).toBe('ustar');
    expect(makeLayer('big', 200_000).byteLength).toBe(200_000);
  });

  it('pushes an image whose config aligns diff_ids and history with the layers', async () => {
    const fake = new FakeRegistry();
    const base = makeLayer('base', 8_000);
    const image = await pushImage(fake, 'app', {
      tags: ['v1', 'latest'],
      layers: [3_000, 5_000],
      sharedLayers: [base],
      labels: { 'org.opencontainers.image.source': 'https://example.com/app' },
      format: 'docker',
    });
    expect(fake.getManifest('app', 'latest')?.digest).toBe(image.digest);
    expect(image.layers.map((l) => l.size)).toEqual([8_000, 3_000, 5_000]);
    expect(image.layers.every((l) => l.mediaType === 'application/vnd.docker.image.rootfs.diff.tar.gzip')).toBe(true);
    const configBytes = fake.getBlob('app', image.configDigest);
    expect(image.size).toBe((configBytes?.byteLength ?? 0) + 16_000);

    const config = json<ImageConfig>(configBytes);
    const firstLayer = fake.getBlob('app', image.layers[0]?.digest ?? '');
    expect(config.rootfs?.diff_ids[0]).toBe(await sha256Digest(await gunzip(firstLayer ?? new Uint8Array())));
    expect(config.rootfs?.diff_ids).toHaveLength(3);
    expect(config.history?.filter((h) => !h.empty_layer)).toHaveLength(3);
    expect(config.history?.filter((h) => h.empty_layer)).toHaveLength(1);
    expect(config.config?.Labels).toEqual({ 'org.opencontainers.image.source': 'https://example.com/app' });
  });

  it('pushes an index over untagged per-platform children, and retags existing manifests', async () => {
    const fake = new FakeRegistry();
    const index = await pushIndex(fake, 'multi', {
      tags: ['1.0'],
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    const stored = fake.getManifest('multi', '1.0');
    expect(stored?.mediaType).toBe(OCI_INDEX);
    const body = json<{ manifests: { digest: string; platform: unknown }[] }>(stored?.bytes);
    expect(body.manifests.map((m) => m.platform)).toEqual([
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const arm = json<ImageConfig>(fake.getBlob('multi', index.children[1]?.configDigest ?? ''));
    expect([arm.os, arm.architecture, arm.variant]).toEqual(['linux', 'arm64', 'v8']);
    expect(fake.listTags('multi')).toEqual(['1.0']);

    await tagExisting(fake, 'multi', 'stable', index.digest);
    expect(fake.tagsOf('multi', index.digest)).toEqual(['1.0', 'stable']);
  });
});
