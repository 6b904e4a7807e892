import type { Descriptor, ImageManifest } from '../registry/types';
import { alignHistory } from './history-alignment';
import { cumulativeSizes, imageTotals, layerRows } from './layer-rows';

const layer = (n: number, size: number, mediaType = 'application/vnd.oci.image.layer.v1.tar+gzip'): Descriptor => ({
  mediaType,
  digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
  size,
});

describe('size arithmetic', () => {
  it('cumulates layer sizes bottom up', () => {
    expect(cumulativeSizes([100, 20, 3])).toEqual([100, 120, 123]);
    expect(cumulativeSizes([])).toEqual([]);
  });

  it('totals config + layers', () => {
    const manifest: ImageManifest = {
      kind: 'image',
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: layer(9, 1_234, 'application/vnd.oci.image.config.v1+json'),
      layers: [layer(1, 300_000), layer(2, 5_000)],
    };
    expect(imageTotals(manifest)).toEqual({ config: 1_234, layers: 305_000, total: 306_234 });
  });
});

describe('layerRows', () => {
  it('numbers layers, labels storage, cumulates and attaches history', () => {
    const layers = [layer(1, 1000), layer(2, 500, 'application/vnd.oci.image.layer.v1.tar+zstd'), { ...layer(3, 10, 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip'), urls: ['https://example.com/l'] }];
    const rows = layerRows(layers, alignHistory(3, [{ created_by: 'ADD' }, { created_by: 'ENV X=1', empty_layer: true }, { created_by: 'RUN' }, { created_by: 'COPY' }]));
    expect(rows.map((r) => [r.position, r.storage, r.size, r.cumulative, r.step?.created_by])).toEqual([
      [1, 'gzip', 1000, 1000, 'ADD'],
      [2, 'zstd', 500, 1500, 'RUN'],
      [3, 'foreign (non-distributable)', 10, 1510, 'COPY'],
    ]);
    expect(rows[1]?.emptyBefore.map((e) => e.created_by)).toEqual(['ENV X=1']);
    expect(rows[2]?.urls).toEqual(['https://example.com/l']);
  });

  it('works without any history', () => {
    const rows = layerRows([layer(1, 7)]);
    expect(rows[0]).toMatchObject({ position: 1, cumulative: 7, emptyBefore: [] });
    expect(rows[0]?.step).toBeUndefined();
  });
});
