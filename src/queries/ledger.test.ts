import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { applyObservations, applyTagListing, emptyLedger, forgetDigests, orphanCandidates } from './ledger';
import { flushLedger, readLedger, readRegistryLedgers, recordDigestsGone, recordObservations, recordTagListing } from './ledger-store';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const C = `sha256:${'c'.repeat(64)}`;

describe('ledger update rules', () => {
  it('records a new digest with first/last seen and its tag', () => {
    const ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }], 1000);
    expect(ledger.current).toEqual({ v1: A });
    expect(ledger.manifests[A]).toEqual({ digest: A, tags: ['v1'], firstSeen: 1000, lastSeen: 1000 });
  });

  it('a later sighting refreshes lastSeen only and adds new tags once', () => {
    let ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }], 1000);
    ledger = applyObservations(ledger, [{ tag: 'v1', digest: A }, { tag: 'latest', digest: A }, { tag: 'v1', digest: A }], 2000);
    expect(ledger.manifests[A]).toEqual({ digest: A, tags: ['v1', 'latest'], firstSeen: 1000, lastSeen: 2000 });
  });

  it('a moved tag leaves the old digest as a candidate that remembers the tag', () => {
    let ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }], 1000);
    ledger = applyObservations(ledger, [{ tag: 'v1', digest: B }], 2000);
    expect(ledger.current).toEqual({ v1: B });
    expect(orphanCandidates(ledger).map((m) => [m.digest, m.tags])).toEqual([[A, ['v1']]]);
    expect(ledger.manifests[A]?.lastSeen).toBe(1000);
  });

  it('a digest still tagged under another tag is no candidate', () => {
    let ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }, { tag: 'latest', digest: A }], 1000);
    ledger = applyObservations(ledger, [{ tag: 'v1', digest: B }], 2000);
    expect(orphanCandidates(ledger)).toEqual([]);
  });

  it('a gone tag (404) or a tag missing from a complete listing no longer points anywhere', () => {
    let ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }, { tag: 'v2', digest: B }, { tag: 'v3', digest: C }], 1000);
    ledger = applyObservations(ledger, [{ tag: 'v1', digest: null }], 2000);
    ledger = applyTagListing(ledger, ['v3'], 3000);
    expect(ledger.current).toEqual({ v3: C });
    expect(orphanCandidates(ledger).map((m) => m.digest).sort()).toEqual([A, B]);
  });

  it('forgetting a digest (404 by digest, or deleted) drops it and any tag on it', () => {
    let ledger = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }, { tag: 'v2', digest: B }], 1000);
    ledger = forgetDigests(ledger, [A], 2000);
    expect(ledger.manifests[A]).toBeUndefined();
    expect(ledger.current).toEqual({ v2: B });
  });

  it('does not modify its input', () => {
    const before = applyObservations(emptyLedger('u', 'r'), [{ tag: 'v1', digest: A }], 1000);
    const copy = structuredClone(before);
    applyObservations(before, [{ tag: 'v1', digest: B }], 2000);
    expect(before).toEqual(copy);
  });
});

describe('ledger store (IndexedDB)', () => {
  it('persists per registry and repository and reads back what was recorded', async () => {
    await recordObservations('http://one', 'team/app', [{ tag: 'v1', digest: A }]);
    await recordObservations('http://one', 'team/app', [{ tag: 'v1', digest: B }]);
    await recordObservations('http://two', 'team/app', [{ tag: 'v1', digest: C }]);
    const one = await readLedger('http://one', 'team/app');
    expect(one.current).toEqual({ v1: B });
    expect(Object.keys(one.manifests).sort()).toEqual([A, B]);
    expect((await readLedger('http://two', 'team/app')).current).toEqual({ v1: C });
    expect((await readRegistryLedgers('http://one')).map((l) => l.repository)).toEqual(['team/app']);
  });

  it('coalesces queued changes in order', async () => {
    void recordObservations('http://three', 'r', [{ tag: 'a', digest: A }]);
    void recordTagListing('http://three', 'r', []);
    void recordDigestsGone('http://three', 'r', [A]);
    await flushLedger();
    const ledger = await readLedger('http://three', 'r');
    expect(ledger.current).toEqual({});
    expect(ledger.manifests).toEqual({});
  });
});
