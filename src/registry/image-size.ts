import type { ImageManifest } from './types';

/** Bytes a pull transfers for one image (compressed): the config blob plus every layer. */
export function imagePullSize(manifest: ImageManifest): number {
  let total = manifest.config.size;
  for (const layer of manifest.layers) total += layer.size;
  return total;
}
