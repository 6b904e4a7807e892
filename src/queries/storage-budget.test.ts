import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { parseManifest } from '../registry/manifests';
import type { FetchedManifest } from '../registry/types';
import type { DigestFacts } from './crawl-facts';
import { readFacts, resetCrawlStoreForTests, writeFacts } from './crawl-store';
import { flushWrites, readManifest, resetImmutableCacheForTests, storeManifest } from './immutable-cache';
import { flushLedger, readLedger, recordObservations, resetLedgerStoreForTests } from './ledger-store';
import {
  clearStore,
  DEFAULT_STORAGE_BUDGET_BYTES,
  estimateSize,
  flushUsage,
  resetStorageBudgetForTests,
  setStorageBudget,
  storageUsage,
} from './storage-budget';

const URL_A = 'http://a.test';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const digestOf = (seed: string) => `sha256:${seed.repeat(64).slice(0, 64)}`;

function manifest(seed: string): FetchedManifest {
  const text = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf('c'), size: 10 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digestOf(seed), size: 100 }],
  });
  const bytes = new TextEncoder().encode(text);
  return { digest: digestOf(seed), mediaType: OCI_MANIFEST, bytes, manifest: parseManifest(bytes, OCI_MANIFEST) };
}

/** Facts of an image with many layers: several kB, more than any one manifest above. */
function bigFacts(seed: string): DigestFacts {
  return { digest: digestOf(seed), kind: 'image', blobs: Array.from({ length: 60 }, (_, i) => [`sha256:${String(i).padStart(64, '0')}`, 1000 + i]) };
}

async function putManifest(seed: string) {
  storeManifest(URL_A, manifest(seed));
  await flushWrites();
  await flushUsage();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetImmutableCacheForTests();
  resetLedgerStoreForTests();
  resetCrawlStoreForTests();
  resetStorageBudgetForTests();
});

describe('storage budget', () => {
  it('has a default budget of 50 MB', () => {
    expect(DEFAULT_STORAGE_BUDGET_BYTES).toBe(50_000_000);
  });

  it('sizes binary data by its bytes and strings by their length', () => {
    expect(estimateSize(new Uint8Array(1000))).toBe(1000);
    expect(estimateSize({ ab: 'xyz', n: 1 })).toBe(2 + 3 + 1 + 8);
  });

  it('counts what each database holds, and the count survives a reload', async () => {
    const m = manifest('1');
    storeManifest(URL_A, m);
    await flushWrites();
    await writeFacts(URL_A, [bigFacts('f')]);
    await recordObservations(URL_A, 'team/app', [{ tag: 'v1', digest: digestOf('1') }]);
    await flushUsage();

    const usage = await storageUsage();
    expect(usage.immutable.entries).toBe(1);
    expect(usage.immutable.bytes).toBeGreaterThan(m.bytes.byteLength);
    expect(usage.crawl.entries).toBe(1);
    expect(usage.crawl.bytes).toBeGreaterThan(60 * 64);
    expect(usage.ledger.entries).toBe(1);
    expect(usage.ledger.bytes).toBeGreaterThan(0);

    // A new page load reads the index back from IndexedDB.
    resetStorageBudgetForTests();
    expect(await storageUsage()).toEqual(usage);
  });

  it('evicts the least recently used entries across databases once past the budget', async () => {
    await putManifest('1'); // A
    await writeFacts(URL_A, [bigFacts('f')]); // F, never read again
    await putManifest('2'); // B
    expect(await readManifest(URL_A, digestOf('1'))).toBeDefined(); // A is used: the newest use now
    await flushUsage();

    const before = await storageUsage();
    setStorageBudget(before.immutable.bytes + before.crawl.bytes);
    await putManifest('3'); // C: past the budget; F is the least recently used
    let usage = await storageUsage();
    expect(usage.crawl.entries).toBe(0);
    expect(usage.immutable.entries).toBe(3);

    const budget = usage.immutable.bytes;
    setStorageBudget(budget);
    await putManifest('4'); // D: past it again; B is now the least recently used, not A
    usage = await storageUsage();
    expect(usage.immutable.entries).toBe(3);
    expect(usage.immutable.bytes).toBeLessThanOrEqual(budget);

    expect(await readManifest(URL_A, digestOf('2'))).toBeUndefined();
    expect(await readManifest(URL_A, digestOf('1'))).toBeDefined();
    expect(await readManifest(URL_A, digestOf('3'))).toBeDefined();
    expect(await readManifest(URL_A, digestOf('4'))).toBeDefined();
    expect((await readFacts(URL_A, [digestOf('f')])).size).toBe(0);
  });

  it('clears one store, leaving the others and their counts alone', async () => {
    await putManifest('1');
    await writeFacts(URL_A, [bigFacts('f')]);
    await recordObservations(URL_A, 'team/app', [{ tag: 'v1', digest: digestOf('1') }]);
    await flushLedger();
    await flushUsage();

    await clearStore('immutable');
    const usage = await storageUsage();
    expect(usage.immutable).toEqual({ bytes: 0, entries: 0 });
    expect(usage.crawl.entries).toBe(1);
    expect(await readManifest(URL_A, digestOf('1'))).toBeUndefined();
    expect((await readFacts(URL_A, [digestOf('f')])).size).toBe(1);

    await clearStore('ledger');
    expect((await readLedger(URL_A, 'team/app')).current).toEqual({});
    expect((await storageUsage()).ledger).toEqual({ bytes: 0, entries: 0 });
  });
});
