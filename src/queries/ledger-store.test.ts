import 'fake-indexeddb/auto';
import { applyObservations } from './ledger';
import { flushLedger, readLedger, recordObservations, recordTagListing, resetLedgerStoreForTests } from './ledger-store';

vi.mock('./ledger', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./ledger')>();
  return { ...actual, applyObservations: vi.fn(actual.applyObservations) };
});

const digestOf = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

describe('ledger store batching', () => {
  beforeEach(() => {
    resetLedgerStoreForTests();
    vi.mocked(applyObservations).mockClear();
  });

  it('applies a page of tag answers to the ledger in one go, not one copy of the ledger per answer', async () => {
    const tags = Array.from({ length: 100 }, (_, i) => `v${i}`);
    // What the recorder does: one call per HEAD answer.
    for (const [i, tag] of tags.entries()) void recordObservations('http://batch', 'team/app', [{ tag, digest: digestOf(i) }]);
    await flushLedger();
    expect(applyObservations).toHaveBeenCalledTimes(1);
    const ledger = await readLedger('http://batch', 'team/app');
    expect(Object.keys(ledger.current)).toHaveLength(100);
    expect(ledger.current.v42).toBe(digestOf(42));
  });

  it('keeps the order of observations and listings queued together', async () => {
    void recordObservations('http://order', 'r', [{ tag: 'a', digest: digestOf(1) }]);
    void recordObservations('http://order', 'r', [{ tag: 'b', digest: digestOf(2) }]);
    void recordTagListing('http://order', 'r', ['b']);
    void recordObservations('http://order', 'r', [{ tag: 'a', digest: digestOf(3) }]);
    await flushLedger();
    expect(applyObservations).toHaveBeenCalledTimes(2); // a+b together, then the last a (after the listing)
    const ledger = await readLedger('http://order', 'r');
    expect(ledger.current).toEqual({ a: digestOf(3), b: digestOf(2) });
    expect(ledger.manifests[digestOf(1)]?.tags).toEqual(['a']);
  });
});
