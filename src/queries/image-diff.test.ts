import type { Descriptor, ImageConfig, ImageManifest } from '../registry/types';
import { diffConfigs, diffImages, diffLayers, envMap } from './image-diff';

const l = (c: string, size: number): Descriptor => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${c.repeat(64)}`, size });
const manifest = (layers: Descriptor[], configSize = 100): ImageManifest => ({
  kind: 'image',
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'f'.repeat(64)}`, size: configSize },
  layers,
});

describe('diffLayers', () => {
  it('splits layers into only-A, only-B and shared, keeping positions', () => {
    const result = diffLayers([l('a', 1000), l('b', 200), l('c', 30)], [l('a', 1000), l('b', 200), l('d', 40), l('e', 5)]);
    expect(result.shared.map((e) => [e.digest.slice(7, 8), e.positionA, e.positionB])).toEqual([
      ['a', 1, 1],
      ['b', 2, 2],
    ]);
    expect(result.onlyA.map((e) => [e.digest.slice(7, 8), e.positionA])).toEqual([['c', 3]]);
    expect(result.onlyB.map((e) => [e.digest.slice(7, 8), e.positionB])).toEqual([
      ['d', 3],
      ['e', 4],
    ]);
  });

  it('treats layers as a multiset', () => {
    const result = diffLayers([l('a', 1), l('a', 1), l('b', 2)], [l('a', 1)]);
    expect(result.shared).toHaveLength(1);
    expect(result.onlyA.map((e) => e.positionA)).toEqual([2, 3]);
    expect(result.onlyB).toEqual([]);
  });

  it('handles identical and disjoint images', () => {
    expect(diffLayers([l('a', 1)], [l('a', 1)]).onlyA).toEqual([]);
    const disjoint = diffLayers([l('a', 1)], [l('b', 1)]);
    expect(disjoint.shared).toEqual([]);
    expect(disjoint.onlyA).toHaveLength(1);
    expect(disjoint.onlyB).toHaveLength(1);
  });
});

describe('diffImages', () => {
  it('computes the size delta over config + layers and the bytes per group', () => {
    const diff = diffImages({ manifest: manifest([l('a', 1000), l('c', 30)], 100) }, { manifest: manifest([l('a', 1000), l('d', 45)], 120) });
    expect(diff.sizeA).toBe(1130);
    expect(diff.sizeB).toBe(1165);
    expect(diff.sizeDelta).toBe(35);
    expect([diff.sharedBytes, diff.onlyABytes, diff.onlyBBytes]).toEqual([1000, 30, 45]);
    expect(diff.config).toBeUndefined();
  });
});

describe('diffConfigs', () => {
  const base: ImageConfig = {
    os: 'linux',
    architecture: 'amd64',
    config: {
      Env: ['PATH=/usr/bin', 'APP_VERSION=1', 'GONE=x'],
      Cmd: ['node', 'server.js'],
      Entrypoint: null,
      WorkingDir: '/app',
      Labels: { 'org.opencontainers.image.version': '1', same: 'y' },
      ExposedPorts: { '80/tcp': {} },
    },
  };
  it('lists env, label, cmd, entrypoint, platform and port changes', () => {
    const other: ImageConfig = {
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      config: {
        Env: ['PATH=/usr/bin', 'APP_VERSION=2', 'NEW=1'],
        Cmd: ['node', 'main.js'],
        Entrypoint: ['/entry.sh'],
        WorkingDir: '/app',
        Labels: { 'org.opencontainers.image.version': '2', same: 'y' },
        ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
      },
    };
    expect(diffConfigs(base, other)).toEqual([
      { field: 'Platform', change: 'changed', a: 'linux/amd64', b: 'linux/arm64/v8' },
      { field: 'Entrypoint', change: 'added', b: '["/entry.sh"]' },
      { field: 'Cmd', change: 'changed', a: '["node","server.js"]', b: '["node","main.js"]' },
      { field: 'ExposedPorts', change: 'changed', a: '80/tcp', b: '443/tcp, 80/tcp' },
      { field: 'Env', key: 'APP_VERSION', change: 'changed', a: '1', b: '2' },
      { field: 'Env', key: 'GONE', change: 'removed', a: 'x' },
      { field: 'Env', key: 'NEW', change: 'added', b: '1' },
      { field: 'Labels', key: 'org.opencontainers.image.version', change: 'changed', a: '1', b: '2' },
    ]);
  });

  it('finds nothing between identical configs', () => {
    expect(diffConfigs(base, structuredClone(base))).toEqual([]);
  });

  it('parses env lines with "=" in the value', () => {
    expect(envMap(['A=b=c', 'FLAG'])).toEqual(new Map([['A', 'b=c'], ['FLAG', '']]));
  });
});
