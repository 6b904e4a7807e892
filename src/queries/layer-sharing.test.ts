import type { ImageManifest, IndexManifest, Manifest } from '../registry/types';
import { containingIndexes, layerUsage, tagsByDigest } from './layer-sharing';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const image = (...layers: string[]): ImageManifest => ({
  kind: 'image',
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest('c'), size: 1 },
  layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest(l), size: 10 })),
});
const index = (...children: string[]): IndexManifest => ({
  kind: 'index',
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: children.map((c) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: c, size: 1 })),
});

const SELF = digest('1');
const OTHER = digest('2');
const UNTAGGED = digest('3');
const CHILD = digest('4');
const INDEX = digest('5');

const manifests = new Map<string, Manifest>([
  [SELF, image('a', 'b', 'x')],
  [OTHER, image('a', 'b')],
  [UNTAGGED, image('a')],
  [CHILD, image('a', 'b')],
  [INDEX, index(CHILD)],
]);
const tagDigests = new Map([
  ['v1', SELF],
  ['latest', SELF],
  ['v2', OTHER],
  ['multi', INDEX],
]);

describe('layerUsage', () => {
  it('counts other manifests and their tags (through indexes), never the manifest itself', () => {
    const usage = layerUsage(SELF, [digest('a'), digest('b'), digest('x')], { manifests, tagDigests });
    expect(usage.get(digest('a'))).toEqual({ tags: ['multi', 'v2'], manifests: 3 });
    expect(usage.get(digest('b'))).toEqual({ tags: ['multi', 'v2'], manifests: 2 });
    expect(usage.get(digest('x'))).toEqual({ tags: [], manifests: 0 });
  });

  it('does not count the tags of an index both manifests belong to', () => {
    const sibling = digest('6');
    const known = {
      manifests: new Map<string, Manifest>([[CHILD, image('a')], [sibling, image('a')], [INDEX, index(CHILD, sibling)]]),
      tagDigests: new Map([['multi', INDEX]]),
    };
    expect(layerUsage(CHILD, [digest('a')], known).get(digest('a'))).toEqual({ tags: [], manifests: 1 });
  });

  it('knows nothing when nothing else was fetched', () => {
    const usage = layerUsage(SELF, [digest('a')], { manifests: new Map([[SELF, image('a')]]), tagDigests: new Map() });
    expect(usage.get(digest('a'))).toEqual({ tags: [], manifests: 0 });
  });
});

describe('containingIndexes / tagsByDigest', () => {
  it('finds the known indexes listing a manifest, with their tags', () => {
    expect(containingIndexes(CHILD, { manifests, tagDigests })).toEqual([{ digest: INDEX, tags: ['multi'] }]);
    expect(containingIndexes(SELF, { manifests, tagDigests })).toEqual([]);
  });

  it('groups tags by digest, sorted', () => {
    expect(tagsByDigest(tagDigests).get(SELF)).toEqual(['latest', 'v1']);
  });
});
