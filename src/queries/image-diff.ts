/**
 * Two images of a repository compared: which layers (by digest) only one has and which both
 * share, the size delta, and what changed in the configuration (env, labels, cmd/entrypoint,
 * platform, working dir, user, ports, volumes). Layers are multisets: an image may list one
 * digest twice, and only as many copies as both have are "shared".
 */
import type { Descriptor, ImageConfig, ImageManifest } from '../registry/types';
import { imageTotals } from './layer-rows';

export interface DiffSide {
  manifest: ImageManifest;
  /** Absent when the config could not be read: config differences are then unknown. */
  config?: ImageConfig;
}

export interface LayerDiffEntry {
  digest: string;
  size: number;
  mediaType: string;
  /** 1-based position in A / B. */
  positionA?: number;
  positionB?: number;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ConfigChange {
  /** "Env", "Labels", "Cmd", "Entrypoint", "Platform", "WorkingDir", "User", "ExposedPorts", "Volumes". */
  field: string;
  /** The variable / label name for Env and Labels. */
  key?: string;
  change: ChangeKind;
  a?: string;
  b?: string;
}

export interface ImageDiff {
  onlyA: LayerDiffEntry[];
  onlyB: LayerDiffEntry[];
  shared: LayerDiffEntry[];
  sizeA: number;
  sizeB: number;
  /** sizeB − sizeA (config + layers). */
  sizeDelta: number;
  sharedBytes: number;
  onlyABytes: number;
  onlyBBytes: number;
  /** Undefined when either config is unknown. */
  config?: ConfigChange[];
}

const sum = (entries: readonly LayerDiffEntry[]) => entries.reduce((total, entry) => total + entry.size, 0);

export function diffLayers(a: readonly Descriptor[], b: readonly Descriptor[]): Pick<ImageDiff, 'onlyA' | 'onlyB' | 'shared'> {
  const remainingB = new Map<string, number[]>();
  b.forEach((layer, i) => {
    const positions = remainingB.get(layer.digest);
    if (positions) positions.push(i + 1);
    else remainingB.set(layer.digest, [i + 1]);
  });
  const onlyA: LayerDiffEntry[] = [];
  const shared: LayerDiffEntry[] = [];
  const matchedB = new Set<number>();
  a.forEach((layer, i) => {
    const positionB = remainingB.get(layer.digest)?.shift();
    const entry = { digest: layer.digest, size: layer.size, mediaType: layer.mediaType, positionA: i + 1 };
    if (positionB === undefined) onlyA.push(entry);
    else {
      matchedB.add(positionB);
      shared.push({ ...entry, positionB });
    }
  });
  const onlyB = b.flatMap((layer, i) => (matchedB.has(i + 1) ? [] : [{ digest: layer.digest, size: layer.size, mediaType: layer.mediaType, positionB: i + 1 }]));
  return { onlyA, onlyB, shared };
}

/** "KEY=value" lines → Map; a line without "=" is a key with an empty value. */
export function envMap(env: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of env ?? []) {
    const cut = line.indexOf('=');
    if (cut < 0) out.set(line, '');
    else out.set(line.slice(0, cut), line.slice(cut + 1));
  }
  return out;
}

function diffMaps(field: string, a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): ConfigChange[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: ConfigChange[] = [];
  for (const key of keys) {
    const va = a.get(key);
    const vb = b.get(key);
    if (va === vb) continue;
    if (va === undefined) out.push({ field, key, change: 'added', b: vb });
    else if (vb === undefined) out.push({ field, key, change: 'removed', a: va });
    else out.push({ field, key, change: 'changed', a: va, b: vb });
  }
  return out;
}

function diffValue(field: string, a: string | undefined, b: string | undefined): ConfigChange[] {
  if (a === b) return [];
  if (a === undefined) return [{ field, change: 'added', b }];
  if (b === undefined) return [{ field, change: 'removed', a }];
  return [{ field, change: 'changed', a, b }];
}

const json = (value: readonly string[] | null | undefined) => (value === undefined || value === null ? undefined : JSON.stringify(value));
const keyList = (record: Record<string, object> | undefined) => (record ? Object.keys(record).sort().join(', ') || undefined : undefined);

export function platformText(config: ImageConfig | undefined): string | undefined {
  if (!config) return undefined;
  const parts = [config.os, config.architecture, config.variant].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join('/') : undefined;
}

export function diffConfigs(a: ImageConfig, b: ImageConfig): ConfigChange[] {
  const ca = a.config ?? {};
  const cb = b.config ?? {};
  return [
    ...diffValue('Platform', platformText(a), platformText(b)),
    ...diffValue('Entrypoint', json(ca.Entrypoint), json(cb.Entrypoint)),
    ...diffValue('Cmd', json(ca.Cmd), json(cb.Cmd)),
    ...diffValue('WorkingDir', ca.WorkingDir || undefined, cb.WorkingDir || undefined),
    ...diffValue('User', ca.User || undefined, cb.User || undefined),
    ...diffValue('ExposedPorts', keyList(ca.ExposedPorts), keyList(cb.ExposedPorts)),
    ...diffValue('Volumes', keyList(ca.Volumes), keyList(cb.Volumes)),
    ...diffMaps('Env', envMap(ca.Env), envMap(cb.Env)),
    ...diffMaps('Labels', new Map(Object.entries(ca.Labels ?? {})), new Map(Object.entries(cb.Labels ?? {}))),
  ];
}

export function diffImages(a: DiffSide, b: DiffSide): ImageDiff {
  const layers = diffLayers(a.manifest.layers, b.manifest.layers);
  const sizeA = imageTotals(a.manifest).total;
  const sizeB = imageTotals(b.manifest).total;
  return {
    ...layers,
    sizeA,
    sizeB,
    sizeDelta: sizeB - sizeA,
    sharedBytes: sum(layers.shared),
    onlyABytes: sum(layers.onlyA),
    onlyBBytes: sum(layers.onlyB),
    ...(a.config && b.config ? { config: diffConfigs(a.config, b.config) } : {}),
  };
}
