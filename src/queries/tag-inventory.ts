/**
 * The one tag inventory: a repository's tags, the digest each points at, and the tags per digest.
 * The tag table and the inspector read it tag by tag through `repositoryQueries().tags/tagHead`;
 * everything that needs a whole repository at once — dialogs and bulk actions, the orphans scan,
 * cleanup runs and the audit crawl — reads it here. Both go through the registry's one request
 * queue with the same request keys (a HEAD the table already sent is joined, not sent again) and
 * land in the same cache entries (so the table shows what a crawl learnt, and the ledger recorder
 * sees every answer).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import type { ManifestHead } from '../registry/types';
import { mapLimit } from './concurrency';
import { recordObservations, recordTagListing } from './ledger-store';
import { repositoryQueries, requestKeys, TAG_STALE_TIME } from './registry-queries';
import { PRIORITY_HIGH, type RequestQueue } from './request-queue';

export interface TagInventory {
  repository: string;
  /** tags/list answered 404: no such repository (or only blobs were ever pushed). No tags then. */
  missing: boolean;
  /** The tags as listed. */
  tags: string[];
  /** Tag → what it points at now (null: listed, but gone by the time of its HEAD). */
  heads: Map<string, ManifestHead | null>;
  /** Tag → why its HEAD failed; only with `tolerateTagErrors` (else the first failure is thrown). */
  failed: Map<string, unknown>;
  /** Digest → its tags, in listing order. */
  tagsByDigest: Map<string, string[]>;
}

export interface InventoryEnv {
  client: RegistryClient;
  /** Root of the cache keys (the registry URL). */
  url: string;
  /** The app's cache; without one (scripts, tests of the executor) nothing is cached. */
  queryClient?: QueryClient;
  /** Default: the registry's one queue. */
  queue?: RequestQueue;
}

export interface InventoryOptions {
  signal?: AbortSignal;
  /** Queue priority: high for what a user waits on (dialogs, runs), low for background crawls. */
  priority?: number;
  /**
   * 'fresh': every tag is asked now (right before a change). 'recent': a HEAD answered less than
   * TAG_STALE_TIME ago is used as it is (previews, crawls).
   */
  freshness?: 'fresh' | 'recent';
  /** With 'recent': tags asked now whatever the cache holds (those an action is about to change). */
  askAgain?: ReadonlySet<string>;
  /** Collect per-tag failures in `failed` instead of failing the whole inventory (crawls). */
  tolerateTagErrors?: boolean;
  /**
   * Resolves one tag instead of the HEAD (null: the tag is gone), through the queue itself: the
   * orphans scan GETs by tag, which answers the digest and the manifest at once.
   */
  resolveTag?: (tag: string) => Promise<ManifestHead | null>;
  /**
   * false: the answers are not written to the query cache (a crawl of thousands of repositories
   * records them in the ledger itself; a cache entry per answer costs its observers a call each).
   */
  cacheAnswers?: boolean;
  /** Awaited before each tag's HEAD (a crawl's pause gate). */
  beforeTag?: () => Promise<void>;
  /** Told when the listing arrived, and after each tag settled. */
  onListed?: (tags: readonly string[]) => void;
  onTagSettled?: (done: number, total: number) => void;
}

/** Tags per digest, in the order given; entries without a digest are left out. */
export function groupTagsByDigest(entries: Iterable<readonly [tag: string, digest: string | null | undefined]>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [tag, digest] of entries) {
    if (!digest) continue;
    const group = groups.get(digest);
    if (group) group.push(tag);
    else groups.set(digest, [tag]);
  }
  return groups;
}

/** Tag → digest of the tags that exist (resolved and not gone). */
export function currentDigests(inventory: Pick<TagInventory, 'heads'>): Map<string, string> {
  const current = new Map<string, string>();
  for (const [tag, head] of inventory.heads) if (head) current.set(tag, head.digest);
  return current;
}

/** tags/list, then a HEAD per tag (bounded by the queue): the repository as it is now. */
export async function readTagInventory(env: InventoryEnv, name: string, options: InventoryOptions = {}): Promise<TagInventory> {
  const { client, url, queryClient } = env;
  const { signal, priority = PRIORITY_HIGH, freshness = 'fresh', cacheAnswers = true } = options;
  const queries = repositoryQueries(client, url, env.queue);
  const { queue } = queries;

  let tags: string[];
  try {
    tags = await queue.run(`GET tags ${name}`, (s) => client.listTags(name, { signal: s }), { priority, signal });
  } catch (error) {
    if (isRegistryError(error) && error.status === 404) {
      return { repository: name, missing: true, tags: [], heads: new Map(), failed: new Map(), tagsByDigest: new Map() };
    }
    throw error;
  }
  if (cacheAnswers) queryClient?.setQueryData(queries.tags(name).queryKey, tags);
  options.onListed?.(tags);

  const recent = (tag: string): ManifestHead | null | undefined => {
    if (freshness !== 'recent' || !queryClient || options.askAgain?.has(tag)) return undefined;
    const state = queryClient.getQueryState<ManifestHead | null>(queries.tagHead(name, tag).queryKey);
    if (!state || state.data === undefined || state.isInvalidated || Date.now() - state.dataUpdatedAt > TAG_STALE_TIME) return undefined;
    return state.data;
  };

  let done = 0;
  const outcomes = await mapLimit(tags, queue.concurrency, async (tag) => {
    try {
      const known = recent(tag);
      if (known !== undefined) return known;
      await options.beforeTag?.();
      if (options.resolveTag) return await options.resolveTag(tag);
      const head = await queue.run(requestKeys.head(name, tag), (s) => client.headManifest(name, tag, { signal: s }), { priority, signal });
      if (cacheAnswers) queryClient?.setQueryData(queries.tagHead(name, tag).queryKey, head);
      return head;
    } finally {
      options.onTagSettled?.(++done, tags.length);
    }
  });

  const heads = new Map<string, ManifestHead | null>();
  const failed = new Map<string, unknown>();
  outcomes.forEach((outcome, i) => {
    const tag = tags[i] as string;
    if (outcome.ok) heads.set(tag, outcome.value);
    else if (options.tolerateTagErrors) failed.set(tag, outcome.error);
    else throw outcome.error;
  });
  const tagsByDigest = groupTagsByDigest([...heads].map(([tag, head]) => [tag, head?.digest] as const));
  return { repository: name, missing: false, tags, heads, failed, tagsByDigest };
}

/**
 * Writes an inventory to the digest ledger (where "untagged (known)" comes from). The app's ledger
 * recorder sees the same answers in the cache; a scan that reads the ledger next awaits this.
 */
export async function recordInLedger(url: string, inventory: TagInventory): Promise<void> {
  if (inventory.missing) return;
  // Both are queued at once: the ledger store applies them in this order.
  await Promise.all([
    recordTagListing(url, inventory.repository, inventory.tags),
    recordObservations(url, inventory.repository, [...inventory.heads].map(([tag, head]) => ({ tag, digest: head?.digest ?? null }))),
  ]);
}
