/**
 * The crawl's persistence in IndexedDB (idb-keyval, its own database): per registry URL,
 *   - ['facts', url, digest] → DigestFacts (immutable: written once, never updated);
 *   - ['repo', url, name]    → CrawledRepository (what the tags pointed at when last crawled);
 *   - ['session', url]       → CrawlSession (the last crawl: its scope and whether it finished,
 *                              so a cancelled or interrupted crawl can be resumed).
 * Keys are JSON arrays: unambiguous whatever a URL or a name holds. Without IndexedDB the
 * records live in memory for the session.
 */
import { delMany, entries, get, getMany, keys, set, setMany, type UseStore } from 'idb-keyval';
import { lazyKeyvalStore } from './keyval-store';
import type { DigestFacts } from './crawl-facts';
import { noteDeletes, noteReads, noteWrites, registerKeyvalEvictor } from './storage-budget';

export interface CrawledRepository {
  registryUrl: string;
  repository: string;
  /** tag → digest at the last crawl (tags whose HEAD failed are absent; see `failedTags`). */
  tags: Record<string, string>;
  /** Epoch ms of the crawl that wrote this record. */
  crawledAt: number;
  /** tags/list answered 404: only blobs were ever pushed here. */
  missing?: boolean;
  /** Tags whose HEAD or content could not be read at the last crawl. */
  failedTags?: string[];
}

export type CrawlSessionStatus = 'running' | 'cancelled' | 'done' | 'error';

export interface CrawlSession {
  registryUrl: string;
  /** Namespace crawled ('' = the whole registry). */
  scope: string;
  startedAt: number;
  finishedAt?: number;
  status: CrawlSessionStatus;
}

const DB_NAME = 'regatta-crawl';
const STORE_NAME = 'records';

const memory = new Map<string, unknown>();

const keyval = lazyKeyvalStore(DB_NAME, STORE_NAME);
const idb = () => keyval.open();

const factsKey = (url: string, digest: string) => JSON.stringify(['facts', url, digest]);
const repoKey = (url: string, name: string) => JSON.stringify(['repo', url, name]);
const sessionKey = (url: string) => JSON.stringify(['session', url]);

function parseKey(key: IDBValidKey): [string, string, string?] | null {
  if (typeof key !== 'string') return null;
  try {
    const parsed = JSON.parse(key) as unknown;
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? (parsed as [string, string, string?]) : null;
  } catch {
    return null;
  }
}

async function withFallback<T>(onDb: (db: UseStore) => Promise<T>, onMemory: () => T): Promise<T> {
  const db = idb();
  if (!db) return onMemory();
  try {
    return await onDb(db);
  } catch {
    // IndexedDB refused (quota, blocked, private mode): keep the session's knowledge at least.
    return onMemory();
  }
}

/** The digests whose facts are stored for this registry (to skip them without reading their facts). */
export async function knownDigests(registryUrl: string): Promise<Set<string>> {
  const found = new Set<string>();
  const collect = (all: Iterable<IDBValidKey>) => {
    for (const key of all) {
      const parsed = parseKey(key);
      if (parsed?.[0] === 'facts' && parsed[1] === registryUrl && parsed[2]) found.add(parsed[2]);
    }
  };
  collect(memory.keys());
  await withFallback(
    async (db) => collect(await keys(db)),
    () => undefined,
  );
  return found;
}

export async function readFacts(registryUrl: string, digests: readonly string[]): Promise<Map<string, DigestFacts>> {
  const out = new Map<string, DigestFacts>();
  if (digests.length === 0) return out;
  const wanted = digests.map((digest) => factsKey(registryUrl, digest));
  const values = await withFallback(
    async (db) => {
      const found = await getMany<DigestFacts | undefined>(wanted, db);
      noteReads(
        'crawl',
        wanted.filter((_, i) => found[i] !== undefined),
      );
      return found;
    },
    () => wanted.map(() => undefined),
  );
  digests.forEach((digest, i) => {
    const value = values[i] ?? (memory.get(wanted[i] ?? '') as DigestFacts | undefined);
    if (value) out.set(digest, value);
  });
  return out;
}

export async function writeFacts(registryUrl: string, facts: readonly DigestFacts[]): Promise<void> {
  if (facts.length === 0) return;
  const pairs = facts.map((f): [string, DigestFacts] => [factsKey(registryUrl, f.digest), f]);
  await withFallback(
    async (db) => {
      await setMany(pairs, db);
      noteWrites('crawl', pairs);
    },
    () => pairs.forEach(([key, value]) => memory.set(key, value)),
  );
}

export async function readRepository(registryUrl: string, name: string): Promise<CrawledRepository | undefined> {
  const key = repoKey(registryUrl, name);
  return (await withFallback((db) => readOne<CrawledRepository>(key, db), () => undefined)) ?? (memory.get(key) as CrawledRepository | undefined);
}

export async function writeRepository(record: CrawledRepository): Promise<void> {
  const key = repoKey(record.registryUrl, record.repository);
  await withFallback(
    (db) => writeOne(key, record, db),
    () => void memory.set(key, record),
  );
}

/** Several repositories in one transaction (a crawl writes them by the batch). */
export async function writeRepositories(records: readonly CrawledRepository[]): Promise<void> {
  if (records.length === 0) return;
  const pairs = records.map((record): [string, CrawledRepository] => [repoKey(record.registryUrl, record.repository), record]);
  await withFallback(
    async (db) => {
      await setMany(pairs, db);
      noteWrites('crawl', pairs);
    },
    () => pairs.forEach(([key, value]) => memory.set(key, value)),
  );
}

export async function deleteRepositories(registryUrl: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const doomed = names.map((name) => repoKey(registryUrl, name));
  for (const key of doomed) memory.delete(key);
  await withFallback(
    async (db) => {
      await delMany(doomed, db);
      noteDeletes('crawl', doomed);
    },
    () => undefined,
  );
}

export async function readSession(registryUrl: string): Promise<CrawlSession | undefined> {
  const key = sessionKey(registryUrl);
  return (await withFallback((db) => readOne<CrawlSession>(key, db), () => undefined)) ?? (memory.get(key) as CrawlSession | undefined);
}

export async function writeSession(session: CrawlSession): Promise<void> {
  const key = sessionKey(session.registryUrl);
  await withFallback(
    (db) => writeOne(key, session, db),
    () => void memory.set(key, session),
  );
}

export interface CrawlSnapshot {
  repositories: CrawledRepository[];
  facts: Map<string, DigestFacts>;
  session?: CrawlSession;
}

/** Everything crawled of one registry: what the audit aggregates. */
export async function readSnapshot(registryUrl: string): Promise<CrawlSnapshot> {
  const repositories = new Map<string, CrawledRepository>();
  const facts = new Map<string, DigestFacts>();
  let session: CrawlSession | undefined;
  const used: string[] = [];
  const collect = (all: Iterable<[IDBValidKey, unknown]>, fromDb = false) => {
    for (const [key, value] of all) {
      const parsed = parseKey(key);
      if (!parsed || parsed[1] !== registryUrl) continue;
      if (fromDb) used.push(key as string);
      if (parsed[0] === 'facts' && parsed[2]) facts.set(parsed[2], value as DigestFacts);
      else if (parsed[0] === 'repo' && parsed[2]) repositories.set(parsed[2], value as CrawledRepository);
      else if (parsed[0] === 'session') session = value as CrawlSession;
    }
  };
  collect(memory.entries());
  await withFallback(
    async (db) => collect(await entries(db), true),
    () => undefined,
  );
  noteReads('crawl', used);
  return { repositories: [...repositories.values()], facts, session };
}

/** Forgets everything crawled of one registry (the audit's "Forget crawl results"). */
export async function clearRegistry(registryUrl: string): Promise<void> {
  const mine = (key: IDBValidKey) => parseKey(key)?.[1] === registryUrl;
  for (const key of [...memory.keys()]) if (mine(key)) memory.delete(key);
  await withFallback(
    async (db) => {
      const doomed = (await keys(db)).filter(mine);
      await delMany(doomed, db);
      noteDeletes('crawl', doomed as string[]);
    },
    () => undefined,
  );
}

async function readOne<T>(key: string, db: UseStore): Promise<T | undefined> {
  const value = await get<T>(key, db);
  if (value !== undefined) noteReads('crawl', [key]);
  return value;
}

async function writeOne(key: string, value: unknown, db: UseStore): Promise<void> {
  await set(key, value, db);
  noteWrites('crawl', [[key, value]]);
}

registerKeyvalEvictor('crawl', idb, memory);

/** Tests: forget the in-memory fallback and the store handle. */
export function resetCrawlStoreForTests(): void {
  memory.clear();
  keyval.reset();
}

/** Names of the repositories crawled before (for pruning the ones gone from the catalog). */
export async function crawledRepositoryNames(registryUrl: string): Promise<string[]> {
  const found = new Set<string>();
  const collect = (all: Iterable<IDBValidKey>) => {
    for (const key of all) {
      const parsed = parseKey(key);
      if (parsed?.[0] === 'repo' && parsed[1] === registryUrl && parsed[2] !== undefined) found.add(parsed[2]);
    }
  };
  collect(memory.keys());
  await withFallback(
    async (db) => collect(await keys(db)),
    () => undefined,
  );
  return [...found];
}
