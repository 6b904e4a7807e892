/**
 * One size budget over the app's IndexedDB databases (the immutable cache, the digest ledger, the
 * crawl records), with least-recently-used eviction across all of them. A registry of 10,000
 * repositories crawled twice would otherwise grow the profile without bound, and browsers evict a
 * whole origin's storage at once when the disk fills, not the entry nobody reads.
 *
 * Each store reports what it writes (key + value, sized here), reads and deletes. The usage index
 * (store, key → approximate bytes, last use) lives in its own database, `regatta-usage`, and in
 * memory once loaded. After a burst of writes the total is checked; past the budget the least
 * recently used entries, whatever their store, are deleted through that store's evictor until the
 * total is back under it. Sizes are estimates of the structured-clone size (bytes of binary data,
 * one byte per string character, 8 per number): enough to keep the order of magnitude.
 *
 * Entries written before this index existed are not counted until written or read again. Every
 * IndexedDB failure is swallowed: the budget is housekeeping, never a reason to fail a page.
 */
import { clear, createStore, delMany, entries, setMany, type UseStore } from 'idb-keyval';

/** 50 MB (decimal, like every size Regatta shows): thousands of images' manifests, configs and ledgers; far below browser quotas. */
export const DEFAULT_STORAGE_BUDGET_BYTES = 50_000_000;

export type BudgetedStore = 'immutable' | 'ledger' | 'crawl';
export const BUDGETED_STORES: readonly BudgetedStore[] = ['immutable', 'ledger', 'crawl'];

export interface StoreUsage {
  bytes: number;
  entries: number;
}

interface UsageEntry {
  store: BudgetedStore;
  key: string;
  size: number;
  lastUsed: number;
}

/** How a store deletes its own entries: by key, or all of them. */
export interface StoreEvictor {
  evict(keys: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}

const DB_NAME = 'regatta-usage';
const STORE_NAME = 'entries';
const FLUSH_MS = 500;

let usageStore: UseStore | null | undefined;
let index: Map<string, UsageEntry> | undefined;
let loading: Promise<Map<string, UsageEntry>> | undefined;
let budget = DEFAULT_STORAGE_BUDGET_BYTES;
let clock = 0;
const dirty = new Set<string>();
const removed = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;
let chain: Promise<void> = Promise.resolve();
const evictors = new Map<BudgetedStore, StoreEvictor>();

function idb(): UseStore | null {
  if (usageStore === undefined) {
    try {
      usageStore = typeof indexedDB === 'undefined' ? null : createStore(DB_NAME, STORE_NAME);
    } catch {
      usageStore = null;
    }
  }
  return usageStore;
}

const idOf = (store: BudgetedStore, key: string) => JSON.stringify([store, key]);

/** Strictly increasing, so two uses in the same millisecond still have an order. */
function tick(): number {
  clock = Math.max(Date.now(), clock + 1);
  return clock;
}

/** Approximate structured-clone size of a value, in bytes. */
export function estimateSize(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'string':
      return value.length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object':
      break;
    default:
      return 0;
  }
  const object = value as object;
  if (ArrayBuffer.isView(object)) return object.byteLength;
  if (object instanceof ArrayBuffer) return object.byteLength;
  if (seen.has(object)) return 0;
  seen.add(object);
  let size = 0;
  if (object instanceof Map) for (const [k, v] of object) size += estimateSize(k, seen) + estimateSize(v, seen);
  else if (object instanceof Set) for (const v of object) size += estimateSize(v, seen);
  else if (Array.isArray(object)) for (const v of object) size += estimateSize(v, seen);
  else for (const [k, v] of Object.entries(object)) size += k.length + estimateSize(v, seen);
  return size;
}

async function load(): Promise<Map<string, UsageEntry>> {
  if (index) return index;
  loading ??= (async () => {
    const map = new Map<string, UsageEntry>();
    const db = idb();
    if (db) {
      try {
        for (const [id, entry] of await entries<string, UsageEntry>(db)) {
          map.set(id, entry);
          clock = Math.max(clock, entry.lastUsed);
        }
      } catch {
        // no index: start counting now
      }
    }
    index = map;
    return map;
  })();
  return loading;
}

function schedule(): void {
  timer ??= setTimeout(() => void flushUsage(), FLUSH_MS);
}

/** Each store registers, when its module loads, how its entries are deleted. */
export function registerEvictor(store: BudgetedStore, evictor: StoreEvictor): void {
  evictors.set(store, evictor);
}

/**
 * The evictor of an idb-keyval store with an in-memory layer in front (a read cache or a write
 * queue): what is evicted or cleared leaves both, so it cannot be written back or read again.
 */
export function registerKeyvalEvictor(store: BudgetedStore, idb: () => UseStore | null, memory: { delete(key: string): unknown; clear(): void }): void {
  registerEvictor(store, {
    async evict(keys) {
      for (const key of keys) memory.delete(key);
      const db = idb();
      if (db) await delMany([...keys], db);
    },
    async clear() {
      memory.clear();
      const db = idb();
      if (db) await clear(db);
    },
  });
}

export function setStorageBudget(bytes: number): void {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`storage budget must be a non-negative number of bytes, got ${bytes}`);
  budget = bytes;
}

export function storageBudget(): number {
  return budget;
}

function note(change: (map: Map<string, UsageEntry>) => void): void {
  chain = chain.then(async () => change(await load())).catch(() => undefined);
  schedule();
}

/** The store wrote these entries (value as written). */
export function noteWrites(store: BudgetedStore, written: readonly (readonly [string, unknown])[]): void {
  if (written.length === 0) return;
  const sized = written.map(([key, value]) => ({ key, size: key.length + estimateSize(value) }));
  note((map) => {
    for (const { key, size } of sized) {
      const id = idOf(store, key);
      map.set(id, { store, key, size, lastUsed: tick() });
      dirty.add(id);
      removed.delete(id);
    }
  });
}

/** The store read these entries (hits only): they are in use. */
export function noteReads(store: BudgetedStore, keys: readonly string[]): void {
  if (keys.length === 0) return;
  note((map) => {
    for (const key of keys) {
      const id = idOf(store, key);
      const entry = map.get(id);
      if (!entry) continue;
      entry.lastUsed = tick();
      dirty.add(id);
    }
  });
}

/** The store deleted these entries itself. */
export function noteDeletes(store: BudgetedStore, keys: readonly string[]): void {
  if (keys.length === 0) return;
  note((map) => {
    for (const key of keys) {
      const id = idOf(store, key);
      if (map.delete(id)) {
        dirty.delete(id);
        removed.add(id);
      }
    }
  });
}

async function persist(): Promise<void> {
  const db = idb();
  const map = await load();
  const writes = [...dirty].flatMap((id): [string, UsageEntry][] => {
    const entry = map.get(id);
    return entry ? [[id, entry]] : [];
  });
  const deletes = [...removed];
  dirty.clear();
  removed.clear();
  if (!db) return;
  try {
    if (writes.length > 0) await setMany(writes, db);
    if (deletes.length > 0) await delMany(deletes, db);
  } catch {
    // the index is best effort
  }
}

/** Deletes least recently used entries, across stores, until the total fits the budget. */
async function enforce(): Promise<void> {
  const map = await load();
  let total = 0;
  for (const entry of map.values()) total += entry.size;
  if (total <= budget) return;
  const oldestFirst = [...map.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  const doomed = new Map<BudgetedStore, string[]>();
  for (const [id, entry] of oldestFirst) {
    if (total <= budget) break;
    total -= entry.size;
    map.delete(id);
    dirty.delete(id);
    removed.add(id);
    const keys = doomed.get(entry.store) ?? [];
    keys.push(entry.key);
    doomed.set(entry.store, keys);
  }
  for (const [store, keys] of doomed) {
    try {
      await evictors.get(store)?.evict(keys);
    } catch {
      // the next burst tries again with whatever is left
    }
  }
}

/** Applies what was noted: evicts past the budget and saves the index. Never rejects. */
export async function flushUsage(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  chain = chain
    .then(enforce)
    .then(persist)
    .catch(() => undefined);
  await chain;
}

/** Bytes and entries per store, as counted by the index. */
export async function storageUsage(): Promise<Record<BudgetedStore, StoreUsage>> {
  await chain;
  const map = await load();
  const usage = Object.fromEntries(BUDGETED_STORES.map((store) => [store, { bytes: 0, entries: 0 }])) as Record<BudgetedStore, StoreUsage>;
  for (const entry of map.values()) {
    usage[entry.store].bytes += entry.size;
    usage[entry.store].entries += 1;
  }
  return usage;
}

/** Empties one store (through its evictor) and its part of the index. */
export async function clearStore(store: BudgetedStore): Promise<void> {
  await flushUsage();
  await evictors.get(store)?.clear();
  const map = await load();
  for (const [id, entry] of map) {
    if (entry.store !== store) continue;
    map.delete(id);
    dirty.delete(id);
    removed.add(id);
  }
  await persist();
}

/** Tests: forget the handle, the loaded index and anything queued (the database stays). */
export function resetStorageBudgetForTests(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  usageStore = undefined;
  index = undefined;
  loading = undefined;
  dirty.clear();
  removed.clear();
  chain = Promise.resolve();
  budget = DEFAULT_STORAGE_BUDGET_BYTES;
}

/** Tests: wipe the index database. */
export async function clearUsageIndexForTests(): Promise<void> {
  const db = idb();
  if (db) await clear(db).catch(() => undefined);
  index = undefined;
  loading = undefined;
}
