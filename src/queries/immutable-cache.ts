/**
 * Manifests and config blobs persisted by digest in IndexedDB (idb-keyval, its own database), so a
 * revisit in the same browser profile only re-resolves tags: a digest names immutable content,
 * there is nothing to revalidate. Keyed by registry URL + digest (content-addressed: the same
 * digest is the same bytes in every repository of a registry).
 *
 * Manifests are stored as their exact bytes + media type and parsed again on read (no digest
 * check: the bytes were verified when fetched); configs as the parsed object (structured clone).
 * Writes are batched into one transaction per burst, reads likewise (a revisit of 500 tags reads
 * 1,000 entries). A key the store did not hold when the session listed its keys, and was not
 * written since, reads as a miss without a transaction (see `storedKeys`). Any IndexedDB failure — absent, private mode, quota, blocked — reads as a miss
 * and writes are dropped: the network answers as if there were no cache.
 */
import { delMany, getMany, keys, setMany, type UseStore } from 'idb-keyval';
import { lazyKeyvalStore } from './keyval-store';
import { parseManifest } from '../registry/manifests';
import type { FetchedManifest, ImageConfig } from '../registry/types';
import { noteDeletes, noteReads, noteWrites, registerKeyvalEvictor } from './storage-budget';

const DB_NAME = 'regatta-immutable';
const STORE_NAME = 'by-digest';
/** Writes arriving within this window share one transaction. */
const WRITE_BATCH_MS = 250;

interface StoredManifest {
  bytes: Uint8Array;
  mediaType: string;
}


const keyval = lazyKeyvalStore(DB_NAME, STORE_NAME);
const idb = () => keyval.open();

/** JSON of the parts: unambiguous whatever characters the URL holds. */
const manifestKey = (registryUrl: string, digest: string) => JSON.stringify(['manifest', registryUrl, digest]);
const configKey = (registryUrl: string, digest: string) => JSON.stringify(['config', registryUrl, digest]);

/**
 * The keys IndexedDB held when this session first read, listed once. A cold table of 500 images
 * asks for each config as its manifest arrives, one answer per task: without the listing each of
 * those reads was its own transaction, and every one of them missed. Keys written by this session
 * count too; another tab's writes since the listing read as misses (the network answers instead).
 * null: the keys could not be listed, so every read asks IndexedDB.
 */
let storedKeys: Promise<Set<string> | null> | undefined;
const writtenKeys = new Set<string>();

function listStoredKeys(db: UseStore): Promise<Set<string> | null> {
  // An async wrapper: idb-keyval opens the database lazily and that may throw synchronously.
  storedKeys ??= (async () => new Set(await keys<string>(db)))().catch(() => null);
  return storedKeys;
}

async function read(key: string): Promise<unknown> {
  const db = idb();
  if (!db) return undefined;
  const known = await listStoredKeys(db);
  if (known && !known.has(key) && !writtenKeys.has(key)) return undefined;
  return readStored(db, key);
}

// Reads: every get of one task is answered by one getMany.
let readQueue: { key: string; resolve: (value: unknown) => void }[] = [];
let readScheduled = false;

function readStored(db: UseStore, key: string): Promise<unknown> {
  return new Promise((resolve) => {
    readQueue.push({ key, resolve });
    if (readScheduled) return;
    readScheduled = true;
    setTimeout(() => {
      const batch = readQueue;
      readQueue = [];
      readScheduled = false;
      // An async wrapper: idb-keyval opens the database lazily and that may throw synchronously.
      (async () => getMany(
        batch.map((r) => r.key),
        db,
      ))().then(
        (values) => {
          noteReads('immutable', batch.filter((_, i) => values[i] !== undefined).map((r) => r.key));
          batch.forEach((r, i) => r.resolve(values[i]));
        },
        () => batch.forEach((r) => r.resolve(undefined)),
      );
    }, 0);
  });
}

const writeQueue = new Map<string, unknown>();
let writeTimer: ReturnType<typeof setTimeout> | undefined;

function write(key: string, value: unknown): void {
  const db = idb();
  if (!db) return;
  writeQueue.set(key, value);
  writtenKeys.add(key);
  writeTimer ??= setTimeout(() => void flushWrites(), WRITE_BATCH_MS);
}

/** Writes what is queued now (also called by tests); never rejects. */
export async function flushWrites(): Promise<void> {
  if (writeTimer !== undefined) clearTimeout(writeTimer);
  writeTimer = undefined;
  const db = idb();
  const batch = [...writeQueue.entries()];
  writeQueue.clear();
  if (!db || batch.length === 0) return;
  try {
    await setMany(batch, db);
    noteWrites('immutable', batch);
  } catch {
    // Quota exceeded or the database went away: the cache is an optimisation, nothing is lost.
  }
}

/** The manifest stored for this digest, or undefined (not stored, unreadable, no IndexedDB). */
export async function readManifest(registryUrl: string, digest: string): Promise<FetchedManifest | undefined> {
  const stored = (await read(manifestKey(registryUrl, digest))) as StoredManifest | undefined;
  if (!stored || !ArrayBuffer.isView(stored.bytes) || typeof stored.mediaType !== 'string') return undefined;
  try {
    // instanceof would fail across realms (structured clone in some test environments): copy.
    const bytes = stored.bytes instanceof Uint8Array ? stored.bytes : new Uint8Array(stored.bytes as ArrayLike<number>);
    const manifest = parseManifest(bytes, stored.mediaType);
    return { digest, mediaType: manifest.mediaType, bytes, manifest };
  } catch {
    return undefined;
  }
}

export function storeManifest(registryUrl: string, fetched: FetchedManifest): void {
  write(manifestKey(registryUrl, fetched.digest), { bytes: fetched.bytes, mediaType: fetched.mediaType } satisfies StoredManifest);
}

export async function readConfig(registryUrl: string, digest: string): Promise<ImageConfig | undefined> {
  const stored = await read(configKey(registryUrl, digest));
  return typeof stored === 'object' && stored !== null ? (stored as ImageConfig) : undefined;
}

export function storeConfig(registryUrl: string, digest: string, config: ImageConfig): void {
  write(configKey(registryUrl, digest), config);
}

/** Drops a digest's entries, e.g. after deleting it, so a by-digest view answers 404 again. */
export async function forgetImmutable(registryUrl: string, digests: readonly string[]): Promise<void> {
  const db = idb();
  const keys = digests.flatMap((digest) => [manifestKey(registryUrl, digest), configKey(registryUrl, digest)]);
  for (const key of keys) writeQueue.delete(key);
  if (!db || keys.length === 0) return;
  try {
    await delMany(keys, db);
    noteDeletes('immutable', keys);
  } catch {
    // nothing cached, or no database: either way nothing to forget
  }
}

// Least recently used entries go when the app's IndexedDB use passes its budget (storage-budget.ts).
registerKeyvalEvictor('immutable', idb, writeQueue);

/** Tests: forget the store handle and anything queued (fake-indexeddb resets between files). */
export function resetImmutableCacheForTests(): void {
  if (writeTimer !== undefined) clearTimeout(writeTimer);
  writeTimer = undefined;
  writeQueue.clear();
  readQueue = [];
  readScheduled = false;
  storedKeys = undefined;
  writtenKeys.clear();
  keyval.reset();
}
