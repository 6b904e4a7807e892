import { expect, it } from 'vitest';
import { imagePullSize } from './image-size';
import type { ImageManifest } from './types';

it('adds the config and every layer', () => {
  const d = (size: number) => ({ mediaType: 'x', digest: `sha256:${'0'.repeat(64)}`, size });
  const manifest: ImageManifest = { kind: 'image', schemaVersion: 2, mediaType: 'm', config: d(1234), layers: [d(10), d(20_000_000)] };
  expect(imagePullSize(manifest)).toBe(20_001_244);
  expect(imagePullSize({ ...manifest, layers: [] })).toBe(1234);
});
