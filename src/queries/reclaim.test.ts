import { describe, expect, it } from 'vitest';
import { manifestKey, type ManifestFacts } from './manifest-facts';
import { deletionSet, reclaimable } from './reclaim';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const image = (digest: string, blobs: [string, number][]): ManifestFacts => ({ digest, kind: 'image', blobs: blobs.map(([b, size]) => ({ digest: d(b), size })), children: [] });
const known = (entries: [string, ManifestFacts | null][]) => new Map(entries);

describe('reclaimable bytes', () => {
  // old: config c1 (100) + base (1000) + app1 (500); new: config c2 (110) + base + app2 (600)
  const old = image(d('o'), [['1', 100], ['b', 1000], ['x', 500]]);
  const current = image(d('n'), [['2', 110], ['b', 1000], ['y', 600]]);

  it('does not count a layer a remaining manifest still uses', () => {
    const map = known([[manifestKey('r', old.digest), old], [manifestKey('r', current.digest), current]]);
    expect(reclaimable([{ repository: 'r', digest: old.digest }], map).bytes).toBe(600);
  });

  it('counts a layer shared by two deleted manifests once', () => {
    const map = known([[manifestKey('r', old.digest), old], [manifestKey('r', current.digest), current]]);
    const result = reclaimable([{ repository: 'r', digest: old.digest }, { repository: 'r', digest: current.digest }], map);
    expect(result.bytes).toBe(100 + 1000 + 500 + 110 + 600);
    expect(result.blobs).toHaveLength(5);
  });

  it('a layer used in another repository is not freed (storage is registry-wide)', () => {
    const elsewhere = image(d('e'), [['x', 500]]);
    const map = known([[manifestKey('r', old.digest), old], [manifestKey('other', elsewhere.digest), elsewhere]]);
    expect(reclaimable([{ repository: 'r', digest: old.digest }], map).bytes).toBe(100 + 1000);
  });

  it('the same digest in two repositories: deleting one frees nothing', () => {
    const map = known([[manifestKey('a', old.digest), old], [manifestKey('b', old.digest), old]]);
    expect(reclaimable([{ repository: 'a', digest: old.digest }], map).bytes).toBe(0);
  });

  it('reports remaining manifests whose content is unknown', () => {
    const map = known([[manifestKey('r', old.digest), old], [manifestKey('r', d('z')), null]]);
    expect(reclaimable([{ repository: 'r', digest: old.digest }], map)).toMatchObject({ bytes: 1600, unknownRemaining: 1 });
  });

  it('deleting an orphaned index takes its unreferenced platforms, index first', () => {
    const child1 = image(d('1'), [['p', 10]]);
    const child2 = image(d('2'), [['q', 20]]);
    const index: ManifestFacts = { digest: d('i'), kind: 'index', blobs: [], children: [d('1'), d('2')] };
    const map = known([
      [manifestKey('r', index.digest), index],
      [manifestKey('r', child1.digest), child1],
      [manifestKey('r', child2.digest), child2],
    ]);
    const set = deletionSet([{ repository: 'r', digest: d('i') }], map, (ref) => ref.digest === d('2'));
    expect(set.map((ref) => ref.digest)).toEqual([d('i'), d('1')]);
    expect(reclaimable(set, map).bytes).toBe(10);
  });
});
