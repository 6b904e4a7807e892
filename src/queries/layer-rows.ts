/**
 * The rows of the layers table: position, storage, compressed size, running total and the step
 * that created each layer. Sizes are the descriptors' (compressed, as pulled), never guessed.
 */
import type { Descriptor, HistoryEntry, ImageManifest } from '../registry/types';
import type { HistoryAlignment } from './history-alignment';
import { layerStorageLabel } from './manifest-kind';

export interface LayerRow {
  /** 1-based, bottom layer first (the order of the manifest). */
  position: number;
  digest: string;
  mediaType: string;
  storage: string;
  size: number;
  /** This layer and every one below it. */
  cumulative: number;
  step?: HistoryEntry;
  emptyBefore: HistoryEntry[];
  /** Foreign layers: where the bytes live instead of this registry. */
  urls?: string[];
}

/** Running totals: [a, a+b, a+b+c, …]. */
export function cumulativeSizes(sizes: readonly number[]): number[] {
  let total = 0;
  return sizes.map((size) => (total += size));
}

export interface ImageTotals {
  config: number;
  layers: number;
  /** What a pull transfers: config + layers (the manifest itself aside). */
  total: number;
}

export function imageTotals(manifest: ImageManifest): ImageTotals {
  const layers = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  return { config: manifest.config.size, layers, total: manifest.config.size + layers };
}

export function layerRows(layers: readonly Descriptor[], alignment?: HistoryAlignment): LayerRow[] {
  const cumulative = cumulativeSizes(layers.map((layer) => layer.size));
  return layers.map((layer, i) => {
    const aligned = alignment?.layers[i];
    return {
      position: i + 1,
      digest: layer.digest,
      mediaType: layer.mediaType,
      storage: layerStorageLabel(layer.mediaType).label,
      size: layer.size,
      cumulative: cumulative[i] ?? layer.size,
      ...(aligned?.step ? { step: aligned.step } : {}),
      emptyBefore: aligned?.emptyBefore ?? [],
      ...(layer.urls && layer.urls.length > 0 ? { urls: layer.urls } : {}),
    };
  });
}
