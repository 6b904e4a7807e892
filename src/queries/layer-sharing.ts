/**
 * What other manifests of a repository share with one manifest, computed only from manifests
 * already fetched (the tag table, index pages…): nothing is requested for it, so the answer is a
 * lower bound and the UI says so. A child of a tagged index counts under the index's tags.
 */
import type { Manifest } from '../registry/types';
import { groupTagsByDigest } from './tag-inventory';

export interface KnownManifests {
  /** Manifests fetched so far by digest. */
  manifests: ReadonlyMap<string, Manifest>;
  /** Tag → digest, from the tag HEADs answered so far. */
  tagDigests: ReadonlyMap<string, string>;
}

export interface LayerUsage {
  /** Tags (sorted) of other manifests that use the layer, directly or through an index. */
  tags: string[];
  /** Other image manifests using it, tagged or not. */
  manifests: number;
}

/** Tags per digest, each list sorted. */
export function tagsByDigest(tagDigests: ReadonlyMap<string, string>): Map<string, string[]> {
  const groups = groupTagsByDigest(tagDigests);
  for (const list of groups.values()) list.sort();
  return groups;
}

/** Tags reaching a manifest: its own and those of every known index listing it. */
function effectiveTags(known: KnownManifests, byDigest: Map<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (digest: string, tags: readonly string[]) => {
    let set = out.get(digest);
    if (!set) out.set(digest, (set = new Set()));
    for (const tag of tags) set.add(tag);
  };
  for (const [digest, manifest] of known.manifests) {
    add(digest, byDigest.get(digest) ?? []);
    if (manifest.kind === 'index') for (const child of manifest.manifests) add(child.digest, byDigest.get(digest) ?? []);
  }
  return out;
}

/** For each layer digest: which other known manifests (and their tags) use it. */
export function layerUsage(selfDigest: string, layerDigests: readonly string[], known: KnownManifests): Map<string, LayerUsage> {
  const wanted = new Set(layerDigests);
  const byDigest = tagsByDigest(known.tagDigests);
  const tagsOf = effectiveTags(known, byDigest);
  const selfTags = tagsOf.get(selfDigest) ?? new Set<string>();
  const users = new Map<string, { tags: Set<string>; manifests: number }>();
  for (const digest of wanted) users.set(digest, { tags: new Set(), manifests: 0 });
  for (const [digest, manifest] of known.manifests) {
    if (digest === selfDigest || manifest.kind !== 'image') continue;
    const seen = new Set<string>();
    for (const layer of manifest.layers) {
      const usage = users.get(layer.digest);
      if (!usage || seen.has(layer.digest)) continue;
      seen.add(layer.digest);
      usage.manifests += 1;
      // A tag that reaches this very manifest too (siblings in one index) says nothing new.
      for (const tag of tagsOf.get(digest) ?? []) if (!selfTags.has(tag)) usage.tags.add(tag);
    }
  }
  const result = new Map<string, LayerUsage>();
  for (const [digest, usage] of users) result.set(digest, { tags: [...usage.tags].sort(), manifests: usage.manifests });
  return result;
}

export interface ContainingIndex {
  digest: string;
  tags: string[];
}

/** Known indexes listing `digest` among their manifests. */
export function containingIndexes(digest: string, known: KnownManifests): ContainingIndex[] {
  const byDigest = tagsByDigest(known.tagDigests);
  const out: ContainingIndex[] = [];
  for (const [indexDigest, manifest] of known.manifests) {
    if (manifest.kind !== 'index') continue;
    if (manifest.manifests.some((child) => child.digest === digest)) out.push({ digest: indexDigest, tags: byDigest.get(indexDigest) ?? [] });
  }
  return out.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
}
