/**
 * The digest ledger in IndexedDB (idb-keyval, its own database): one record per registry +
 * repository. Writes are coalesced per repository (a page of 2,000 tag HEADs is one transaction,
 * not 2,000) and applied with idb-keyval's `update`, a read-modify-write in one transaction, so
 * two tabs recording at once do not lose each other's observations. Without IndexedDB (old
 * private modes, some test environments) the ledger lives in memory for the session.
 */
import { entries, get, getMany, promisifyRequest, type UseStore } from 'idb-keyval';
import { lazyKeyvalStore } from './keyval-store';
import { applyObservations, applyTagListing, emptyLedger, forgetDigests, type RepositoryLedger, type TagObservation } from './ledger';
import { noteReads, noteWrites, registerKeyvalEvictor } from './storage-budget';

const DB_NAME = 'regatta-ledger';
const STORE_NAME = 'repositories';
/**
 * Each flush reads, copies and writes the repository's whole ledger (2,000 tags: a structured
 * clone of thousands of objects): once a second is plenty for bookkeeping that readers flush first.
 */
const FLUSH_MS = 1000;

type Change = (ledger: RepositoryLedger, now: number) => RepositoryLedger;

const memory = new Map<string, RepositoryLedger>();
interface PendingChanges {
  url: string;
  repo: string;
  changes: Change[];
  waiters: (() => void)[];
  /**
   * The observations of the last change when it records observations: later ones join it, so a
   * page of 2,000 HEADs copies the ledger once per flush, not once per HEAD.
   */
  observations?: TagObservation[];
}
const pending = new Map<string, PendingChanges>();
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(registryUrl: string, repository: string) => void>();

const keyval = lazyKeyvalStore(DB_NAME, STORE_NAME);
const idb = () => keyval.open();

/** JSON of [url, repo]: unambiguous whatever characters either holds. */
function keyOf(registryUrl: string, repository: string): string {
  return JSON.stringify([registryUrl, repository]);
}

/** The flush writing now: a reader that flushes waits for it too (what it writes was queued earlier). */
let flushing: Promise<void> = Promise.resolve();

function flush(): Promise<void> {
  timer = undefined;
  flushing = flushing.then(writePending).catch(() => undefined);
  return flushing;
}

async function writePending(): Promise<void> {
  const batch = [...pending.entries()];
  pending.clear();
  if (batch.length === 0) return;
  const now = Date.now();
  const apply = ({ url, repo, changes }: (typeof batch)[number][1], ledger: RepositoryLedger | undefined) =>
    changes.reduce((acc, change) => change(acc, now), ledger ?? emptyLedger(url, repo));
  const db = idb();
  try {
    if (!db) throw new Error('no IndexedDB');
    const written = await updateMany(
      db,
      batch.map(([key, entry]) => [key, (ledger) => apply(entry, ledger)]),
    );
    noteWrites('ledger', written);
  } catch {
    // IndexedDB refused (quota, blocked) or is absent: keep the session's knowledge at least.
    for (const [key, entry] of batch) memory.set(key, apply(entry, memory.get(key)));
  }
  for (const [, { url, repo, waiters }] of batch) {
    for (const listener of listeners) listener(url, repo);
    for (const resolve of waiters) resolve();
  }
}

/**
 * idb-keyval's `update` for many keys in ONE transaction: a crawl records hundreds of repositories
 * per flush, and a transaction per repository cost more than the records themselves. Still a
 * read-modify-write per key inside the transaction, so another tab's writes are not lost.
 */
function updateMany(db: UseStore, updates: [key: string, updater: (ledger: RepositoryLedger | undefined) => RepositoryLedger][]): Promise<[string, RepositoryLedger][]> {
  return db('readwrite', (store) => {
    const written: [string, RepositoryLedger][] = [];
    return new Promise<[string, RepositoryLedger][]>((resolve, reject) => {
      for (const [key, updater] of updates) {
        const request = store.get(key);
        request.onsuccess = () => {
          try {
            const value = updater(request.result as RepositoryLedger | undefined);
            written.push([key, value]);
            store.put(value, key);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            store.transaction.abort();
          }
        };
      }
      promisifyRequest(store.transaction).then(() => resolve(written), reject);
    });
  });
}

function pendingFor(registryUrl: string, repository: string): PendingChanges {
  const key = keyOf(registryUrl, repository);
  let entry = pending.get(key);
  if (!entry) {
    entry = { url: registryUrl, repo: repository, changes: [], waiters: [] };
    pending.set(key, entry);
  }
  return entry;
}

function written(entry: PendingChanges): Promise<void> {
  const done = new Promise<void>((resolve) => entry.waiters.push(resolve));
  timer ??= setTimeout(() => void flush(), FLUSH_MS);
  return done;
}

function enqueue(registryUrl: string, repository: string, change: Change): Promise<void> {
  const entry = pendingFor(registryUrl, repository);
  entry.changes.push(change);
  entry.observations = undefined;
  return written(entry);
}

/** Records tag → digest answers (null: the tag is gone). Resolves once written. */
export function recordObservations(registryUrl: string, repository: string, observations: readonly TagObservation[]): Promise<void> {
  if (observations.length === 0) return Promise.resolve();
  const entry = pendingFor(registryUrl, repository);
  if (entry.observations) entry.observations.push(...observations);
  else {
    // Applied in order with one `now`: the same ledger as one applyObservations per call.
    const batch = [...observations];
    entry.observations = batch;
    entry.changes.push((ledger, now) => applyObservations(ledger, batch, now));
  }
  return written(entry);
}

/** Records a complete tags/list: tags missing from it no longer point anywhere. */
export function recordTagListing(registryUrl: string, repository: string, tags: readonly string[]): Promise<void> {
  return enqueue(registryUrl, repository, (ledger, now) => applyTagListing(ledger, tags, now));
}

/** The digests are gone from the registry (404 by digest, or deleted): drop them. */
export function recordDigestsGone(registryUrl: string, repository: string, digests: readonly string[]): Promise<void> {
  if (digests.length === 0) return Promise.resolve();
  return enqueue(registryUrl, repository, (ledger, now) => forgetDigests(ledger, digests, now));
}

/** Writes everything queued now (tests; before reading back what was just recorded). */
export async function flushLedger(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  await flush();
}

export async function readLedger(registryUrl: string, repository: string): Promise<RepositoryLedger> {
  await flushLedger();
  const key = keyOf(registryUrl, repository);
  const db = idb();
  const stored = db ? await get<RepositoryLedger>(key, db).catch(() => undefined) : undefined;
  if (stored) noteReads('ledger', [key]);
  return stored ?? memory.get(key) ?? emptyLedger(registryUrl, repository);
}

/** Peeks of one task share one read transaction (a crawl peeks a ledger per repository, a dozen at a time). */
let peeks: { key: string; db: UseStore; resolve: (ledger: RepositoryLedger | undefined) => void }[] = [];

function readBatched(key: string, db: UseStore): Promise<RepositoryLedger | undefined> {
  return new Promise((resolve) => {
    peeks.push({ key, db, resolve });
    if (peeks.length > 1) return;
    setTimeout(() => {
      const batch = peeks;
      peeks = [];
      const byStore = new Map<UseStore, typeof batch>();
      for (const peek of batch) byStore.set(peek.db, [...(byStore.get(peek.db) ?? []), peek]);
      for (const [store, group] of byStore) {
        (async () => getMany<RepositoryLedger | undefined>(group.map((peek) => peek.key), store))().then(
          (values) => group.forEach((peek, i) => peek.resolve(values[i])),
          () => group.forEach((peek) => peek.resolve(undefined)),
        );
      }
    }, 0);
  });
}

/**
 * The ledger as it will be once what is queued for it is written, without writing it now: a crawl
 * reads a ledger per repository right after recording that repository's tags, and a forced write
 * per read would turn the coalesced writes back into one per repository.
 */
export async function peekLedger(registryUrl: string, repository: string): Promise<RepositoryLedger> {
  const key = keyOf(registryUrl, repository);
  const db = idb();
  for (;;) {
    const writing = flushing;
    await writing;
    const queued = [...(pending.get(key)?.changes ?? [])];
    const stored = db ? await readBatched(key, db) : undefined;
    // A flush began meanwhile: what was queued may be stored now; read again.
    if (flushing !== writing) continue;
    if (stored) noteReads('ledger', [key]);
    const now = Date.now();
    return queued.reduce((ledger, change) => change(ledger, now), stored ?? memory.get(key) ?? emptyLedger(registryUrl, repository));
  }
}

/** Every repository ledger of one registry. */
export async function readRegistryLedgers(registryUrl: string): Promise<RepositoryLedger[]> {
  await flushLedger();
  const db = idb();
  const found = new Map<string, RepositoryLedger>();
  for (const [key, ledger] of memory) if (ledger.registryUrl === registryUrl) found.set(key, ledger);
  if (db) {
    const all = await entries<string, RepositoryLedger>(db).catch(() => []);
    const mine = all.filter(([, ledger]) => ledger.registryUrl === registryUrl);
    for (const [key, ledger] of mine) found.set(key, ledger);
    noteReads(
      'ledger',
      mine.map(([key]) => key),
    );
  }
  return [...found.values()];
}

/** Called after each write with the repository written. */
export function onLedgerChange(listener: (registryUrl: string, repository: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

registerKeyvalEvictor('ledger', idb, memory);

/** Tests: forget the in-memory fallback and the store handle (fake-indexeddb resets between files). */
export function resetLedgerStoreForTests(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  pending.clear();
  memory.clear();
  peeks = [];
  keyval.reset();
}
