/**
 * Matches the image config's `history` to the manifest's layers. Each history entry without
 * `empty_layer: true` created one layer, in order (how `docker history` reads it); entries with
 * it (ENV, WORKDIR, CMD…) created none and are attached to the next layer, or listed as trailing.
 */
import type { HistoryEntry } from '../registry/types';

export interface AlignedLayer {
  /** The step that created this layer; undefined when the history has none left for it. */
  step?: HistoryEntry;
  /** Metadata-only steps (empty_layer) between the previous layer and this one. */
  emptyBefore: HistoryEntry[];
}

export type AlignmentStatus =
  /** One layer-creating step per layer. */
  | 'aligned'
  /** The config has no history (or is not an image config). */
  | 'missing'
  /** More layer-creating steps than layers: matched from the first layer, extra steps left over. */
  | 'more-history'
  /** Fewer layer-creating steps than layers: the last layers have no command. */
  | 'less-history';

export interface HistoryAlignment {
  status: AlignmentStatus;
  layers: AlignedLayer[];
  /** Metadata-only steps after the last layer (typically CMD, ENTRYPOINT, EXPOSE). */
  trailing: HistoryEntry[];
  /** Layer-creating steps that no layer is left for ('more-history'). */
  unmatched: HistoryEntry[];
}

export function alignHistory(layerCount: number, history: readonly HistoryEntry[] | undefined): HistoryAlignment {
  const empty = (): AlignedLayer[] => Array.from({ length: layerCount }, () => ({ emptyBefore: [] }));
  if (!history || history.length === 0) return { status: 'missing', layers: empty(), trailing: [], unmatched: [] };

  const layers = empty();
  const unmatched: HistoryEntry[] = [];
  let pending: HistoryEntry[] = [];
  let next = 0;
  for (const entry of history) {
    if (entry.empty_layer === true) {
      pending.push(entry);
      continue;
    }
    const layer = layers[next];
    if (layer) {
      layer.step = entry;
      layer.emptyBefore = pending;
      next += 1;
    } else {
      unmatched.push(...pending, entry);
    }
    pending = [];
  }
  const status: AlignmentStatus = unmatched.length > 0 ? 'more-history' : next < layerCount ? 'less-history' : 'aligned';
  return { status, layers, trailing: pending, unmatched: unmatched.filter((entry) => entry.empty_layer !== true) };
}

/** The command of a step as people read it: buildkit's "# buildkit" suffix and `/bin/sh -c #(nop) ` removed. */
export function stepCommand(step: HistoryEntry | undefined): string | undefined {
  const raw = step?.created_by ?? step?.comment;
  if (raw === undefined) return undefined;
  return raw
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/\s+# buildkit$/, '')
    .trim();
}
