import type { IndexTag } from '../registry/index-client';

/** `count` tags (`v0`, `v1`, …) over three images, as regatta-index lists them. */
export function indexTagsOverThreeImages(count: number): IndexTag[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `v${i}`,
    digest: `sha256:${String(i % 3).repeat(64)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    imageSize: 1000 + (i % 3),
    created: '2026-02-03T04:05:06Z',
    platforms: [{ os: 'linux', architecture: 'amd64' }],
    updatedAt: '2026-02-04T00:00:00Z',
  }));
}
