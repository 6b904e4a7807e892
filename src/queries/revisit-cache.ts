/**
 * The last answers the registry gave to mutable questions — a repository's tag list and each tag's
 * digest, a registry's catalog — persisted per registry URL (IndexedDB, idb-keyval, its own
 * database), so a revisit in the same browser profile shows them at once while the registry is
 * asked again. Unlike immutable-cache.ts these answers can be wrong by now: callers show them as
 * "from cache, checking" and never hand them to an action (placeholders, not query-cache data).
 *
 * Besides the digests, each image's row as the table last showed it (size, created, platforms: the
 * ImageSummary by digest, complete ones only) goes into the same record, so a revisit renders its
 * whole table from ONE read, before tags/list, and without reading a manifest or config. A
 * summary is derived from immutable content (the digest's manifest and configs), so it never goes
 * out of date; only which digest a tag names can, and that is what the HEADs confirm.
 *
 * Only names, digests and those summaries are stored, never credentials or headers. Bounded: at most
 * MAX_TAG_ENTRIES tags and image rows (one per distinct digest) over all repositories and MAX_CATALOG_NAMES names over all catalogs; past
 * either, the entries saved longest ago go. An index entry keeps each key's save time and count.
 * Writes are batched and the last one per key wins; any IndexedDB failure reads as a miss and
 * drops the write, like the immutable cache.
 */
import { delMany, get, getMany, setMany } from 'idb-keyval';
import { lazyKeyvalStore } from './keyval-store';
import type { ManifestHead } from '../registry/types';
import type { ImageSummary, PlatformSummary } from './image-summary';

const DB_NAME = 'regatta-revisit';
const STORE_NAME = 'last-known';
const INDEX_KEY = 'index';
/** Tags plus image rows: about 10 MB of tag names and digests, or 30 MB with a row per tag, at most. */
export const MAX_TAG_ENTRIES = 100_000;
/** About 5 MB of repository names at most. */
export const MAX_CATALOG_NAMES = 100_000;
const WRITE_BATCH_MS = 500;

export interface RememberedTags {
  /** When these answers were last confirmed by the registry (ms since the epoch). */
  savedAt: number;
  tags: string[];
  /** The HEAD answer per tag, where one was known. */
  heads: Map<string, ManifestHead>;
  /** The complete row summary (size, created, platforms) per digest of `heads`, where one was known. */
  summaries: Map<string, ImageSummary>;
}

export interface RememberedCatalog {
  savedAt: number;
  names: string[];
}

/** Bumped when ImageSummary's meaning changes: summaries of another version are not shown. */
export const SUMMARY_VERSION = 1;

interface StoredTags {
  savedAt: number;
  tags: string[];
  heads: [string, ManifestHead][];
  summaryVersion?: number;
  summaries?: [string, ImageSummary][];
}

type Kind = 'tags' | 'catalog';

interface IndexEntry {
  kind: Kind;
  savedAt: number;
  count: number;
}


const keyval = lazyKeyvalStore(DB_NAME, STORE_NAME);
const idb = () => keyval.open();

/** JSON of the parts: the registry URL scopes every key, so two registries never mix. */
const tagsKey = (registryUrl: string, name: string) => JSON.stringify(['tags', registryUrl, name]);
const catalogKey = (registryUrl: string) => JSON.stringify(['catalog', registryUrl]);

const pending = new Map<string, { kind: Kind; value: StoredTags | RememberedCatalog; count: number }>();
let timer: ReturnType<typeof setTimeout> | undefined;
let chain: Promise<void> = Promise.resolve();

function queue(key: string, kind: Kind, value: StoredTags | RememberedCatalog, count: number): void {
  if (!idb()) return;
  pending.set(key, { kind, value, count });
  timer ??= setTimeout(() => void flushRevisitWrites(), WRITE_BATCH_MS);
}

/** The keys to drop so that each kind's total count fits its cap, oldest saves first. */
export function evictionsFor(index: Map<string, IndexEntry>): string[] {
  const doomed: string[] = [];
  for (const [kind, cap] of [
    ['tags', MAX_TAG_ENTRIES],
    ['catalog', MAX_CATALOG_NAMES],
  ] as const) {
    const ofKind = [...index.entries()].filter(([, entry]) => entry.kind === kind).sort((a, b) => a[1].savedAt - b[1].savedAt);
    let total = ofKind.reduce((sum, [, entry]) => sum + entry.count, 0);
    for (const [key, entry] of ofKind) {
      if (total <= cap) break;
      total -= entry.count;
      doomed.push(key);
    }
  }
  return doomed;
}

/** Writes what is queued now (also called by tests); never rejects. */
export function flushRevisitWrites(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const batch = [...pending.entries()];
  pending.clear();
  const db = idb();
  if (!db || batch.length === 0) return chain;
  chain = chain.then(async () => {
    try {
      const stored = await get<[string, IndexEntry][]>(INDEX_KEY, db);
      const index = new Map(Array.isArray(stored) ? stored : []);
      // An entry too large for the cap on its own is not kept at all.
      const writes = batch.filter(([, write]) => write.count <= (write.kind === 'tags' ? MAX_TAG_ENTRIES : MAX_CATALOG_NAMES));
      for (const [key, write] of writes) index.set(key, { kind: write.kind, savedAt: write.value.savedAt, count: write.count });
      const doomed = evictionsFor(index);
      for (const key of doomed) index.delete(key);
      const entries: [string, unknown][] = writes.filter(([key]) => index.has(key)).map(([key, write]) => [key, write.value]);
      entries.push([INDEX_KEY, [...index.entries()]]);
      await setMany(entries, db);
      if (doomed.length > 0) await delMany(doomed, db);
    } catch {
      // Quota exceeded or the database went away: the next visit simply starts from the network.
    }
  });
  return chain;
}

async function read(key: string): Promise<unknown> {
  const db = idb();
  if (!db) return undefined;
  try {
    const [value] = await getMany([key], db);
    return value;
  } catch {
    return undefined;
  }
}

function isHead(value: unknown): value is ManifestHead {
  const head = value as ManifestHead | null;
  return typeof head === 'object' && head !== null && typeof head.digest === 'string' && typeof head.mediaType === 'string' && typeof head.size === 'number';
}

const optional = (value: unknown, type: 'string' | 'number') => value === undefined || typeof value === type;

function isPlatform(value: unknown): value is PlatformSummary {
  const platform = value as PlatformSummary | null;
  return (
    typeof platform === 'object' &&
    platform !== null &&
    typeof platform.digest === 'string' &&
    optional(platform.os, 'string') &&
    optional(platform.architecture, 'string') &&
    optional(platform.variant, 'string') &&
    optional(platform.size, 'number') &&
    optional(platform.created, 'string')
  );
}

/** A summary the table can render as it stands: what was written by this version, complete. */
export function isRememberedSummary(value: unknown): value is ImageSummary {
  const summary = value as ImageSummary | null;
  return (
    typeof summary === 'object' &&
    summary !== null &&
    (summary.kind === 'image' || summary.kind === 'index' || summary.kind === 'artifact') &&
    summary.complete === true &&
    Array.isArray(summary.platforms) &&
    summary.platforms.every(isPlatform) &&
    optional(summary.size, 'number') &&
    optional(summary.minSize, 'number') &&
    optional(summary.maxSize, 'number') &&
    optional(summary.totalSize, 'number') &&
    optional(summary.sizeUnknown, 'string') &&
    optional(summary.created, 'string') &&
    optional(summary.artifactType, 'string')
  );
}

/** The tag list, digests and row summaries last confirmed for this repository of this registry, or undefined. */
export async function readRememberedTags(registryUrl: string, name: string): Promise<RememberedTags | undefined> {
  const stored = (await read(tagsKey(registryUrl, name))) as StoredTags | undefined;
  if (!stored || typeof stored.savedAt !== 'number' || !Array.isArray(stored.tags) || !Array.isArray(stored.heads)) return undefined;
  const heads = new Map(stored.heads.filter((entry): entry is [string, ManifestHead] => Array.isArray(entry) && typeof entry[0] === 'string' && isHead(entry[1])));
  const summaries = new Map(
    stored.summaryVersion === SUMMARY_VERSION && Array.isArray(stored.summaries)
      ? stored.summaries.filter((entry): entry is [string, ImageSummary] => Array.isArray(entry) && typeof entry[0] === 'string' && isRememberedSummary(entry[1]))
      : [],
  );
  return { savedAt: stored.savedAt, tags: stored.tags.filter((tag) => typeof tag === 'string'), heads, summaries };
}

/** Queues the record; with `now` it is written at once (the table just completed: the tab may close any moment). */
export function rememberTags(registryUrl: string, name: string, remembered: RememberedTags, { now = false }: { now?: boolean } = {}): Promise<void> {
  const digests = new Set([...remembered.heads.values()].map((head) => head.digest));
  const value: StoredTags = {
    savedAt: remembered.savedAt,
    tags: [...remembered.tags],
    heads: [...remembered.heads.entries()],
    summaryVersion: SUMMARY_VERSION,
    // Only the digests some tag names: no summary outlives the tags that used it.
    summaries: [...remembered.summaries.entries()].filter(([digest, summary]) => digests.has(digest) && summary.complete),
  };
  queue(tagsKey(registryUrl, name), 'tags', value, value.tags.length + (value.summaries?.length ?? 0));
  return now ? flushRevisitWrites() : chain;
}

/** The catalog last read in full from this registry, or undefined. */
export async function readRememberedCatalog(registryUrl: string): Promise<RememberedCatalog | undefined> {
  const stored = (await read(catalogKey(registryUrl))) as RememberedCatalog | undefined;
  if (!stored || typeof stored.savedAt !== 'number' || !Array.isArray(stored.names)) return undefined;
  return { savedAt: stored.savedAt, names: stored.names.filter((name) => typeof name === 'string') };
}

export function rememberCatalog(registryUrl: string, remembered: RememberedCatalog): void {
  queue(catalogKey(registryUrl), 'catalog', { savedAt: remembered.savedAt, names: [...remembered.names] }, remembered.names.length);
}

/** Tests: forget the store handle and anything queued (fake-indexeddb resets between files). */
export function resetRevisitCacheForTests(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  pending.clear();
  chain = Promise.resolve();
  keyval.reset();
}
