// @vitest-environment node
import type { IndexTag } from '../registry/index-client';
import { acrTagSeeds, indexTagSeeds, indexTagSummary } from './bulk-tags';

const tag = (over: Partial<IndexTag>): IndexTag => ({
  name: 'v1',
  digest: `sha256:${'a'.repeat(64)}`,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  size: 400,
  imageSize: 12_000,
  created: '2026-01-02T03:04:05Z',
  platforms: [{ os: 'linux', architecture: 'amd64' }],
  updatedAt: null,
  ...over,
});

describe('indexTagSummary', () => {
  it('an image: its size, created and platform, complete', () => {
    expect(indexTagSummary(tag({}))).toEqual({
      kind: 'image',
      size: 12_000,
      sizeUnknown: undefined,
      created: '2026-01-02T03:04:05Z',
      platforms: [{ os: 'linux', architecture: 'amd64', variant: undefined, digest: tag({}).digest, size: 12_000, created: '2026-01-02T03:04:05Z' }],
      complete: true,
    });
  });

  it('an index: the sum over its platforms as the total, no size per platform', () => {
    const summary = indexTagSummary(
      tag({ mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] }),
    );
    expect(summary).toMatchObject({ kind: 'index', totalSize: 12_000, size: 12_000, complete: true });
    expect(summary.minSize).toBeUndefined();
    expect(summary.platforms.map((p) => [p.architecture, p.size])).toEqual([['amd64', undefined], ['arm64', undefined]]);
  });

  it('an unknown size and date say so instead of waiting for them', () => {
    const summary = indexTagSummary(tag({ imageSize: null, created: null }));
    expect(summary.sizeUnknown).toMatch(/does not know/);
    expect(summary.created).toBeUndefined();
    expect(summary.complete).toBe(true);
  });
});

it('seeds: the index gives digest and summary, ACR the digest only', () => {
  expect(indexTagSeeds([tag({})]).get('v1')).toMatchObject({ digest: tag({}).digest, summary: { kind: 'image' } });
  const acr = acrTagSeeds([{ name: 'v2', digest: `sha256:${'b'.repeat(64)}`, createdTime: 't', lastUpdateTime: 't', changeableAttributes: {} }]);
  expect(acr.get('v2')).toEqual({ digest: `sha256:${'b'.repeat(64)}` });
});
