/**
 * The per-tag details of a repository, kept outside React. Why not `useQueries` over 2,000 tags:
 * its QueriesObserver rebuilds the whole result array (and a tracked proxy per query) on every
 * single query update, so 2,000 HEADs cost O(n²) — seconds of main thread. Here each request has
 * a plain QueryObserver (the cache, retries, staleness and cancellation stay TanStack Query's)
 * whose only job is to mark the store dirty; the store recomputes one snapshot per burst of
 * answers and React re-renders the rows in view. A burst is short (FLUSH_MS) when an answer is
 * for a row in view, long (BACKGROUND_FLUSH_MS) when it only moves the counts: each snapshot is a
 * React commit plus style, layout and paint, and 500 background answers at 30 ms apart cost more
 * main thread than the answers themselves.
 */
import { QueryObserver, type QueryClient, type QueryKey, type QueryObserverOptions } from '@tanstack/react-query';
import { dependenciesOf, platformDescriptors, summarizeManifest, type ImageSummary, type SummaryLookup } from '../../queries/image-summary';
import { requestKeys, type RepositoryQueries } from '../../queries/registry-queries';
import type { FetchedManifest, ImageConfig, ManifestHead } from '../../registry/types';
import { groupTagsByDigest } from '../../queries/tag-inventory';
import type { TagSeeds } from '../../queries/bulk-tags';

/** Answers for rows in view (requests the queue has in focus) are rendered within this window. */
export const FLUSH_MS = 30;
/** Answers for rows out of view (the counts, off-screen rows, sorting by size) within this one. */
export const BACKGROUND_FLUSH_MS = 250;

/** The cell a failure is shown in: where the missing value would have been. */
export type ErrorColumn = 'digest' | 'size' | 'created';

export interface TagRowData {
  tag: string;
  digest?: string;
  summary?: ImageSummary;
  /** The HEAD answered 404: the tag was deleted after tags/list. */
  missing: boolean;
  error?: unknown;
  errorColumn?: ErrorColumn;
  /** Nothing more will arrive: complete, missing, or failed. */
  settled: boolean;
  /** The digest is the one remembered from a previous visit: its HEAD has not answered yet. */
  checking: boolean;
}

export interface TagDetailsSnapshot {
  /** One per tag, in the order given to the store. */
  rows: TagRowData[];
  /** Tags per digest (in the store's tag order), for the same-image markers and the distinct count. */
  tagsByDigest: Map<string, string[]>;
  /** Tags with nothing left to load. */
  resolved: number;
  /** Queue keys of every request (sent or still to send) behind these tags. */
  requestKeysOf: (tags: readonly string[]) => string[];
}

interface Subscription {
  /** Subscribes the observer: from then on it fetches what is missing or stale. */
  subscribe: () => () => void;
  unsubscribe?: () => void;
}

interface Entry<T> extends Subscription {
  observer: QueryObserver<T, Error, T, T, QueryKey>;
}

interface DigestInfo {
  summary?: ImageSummary;
  error?: unknown;
  errorColumn?: ErrorColumn;
  settled: boolean;
}

interface CachedSummary {
  inputs: unknown[];
  summary: ImageSummary;
}

/**
 * Summaries keep their identity while their inputs do, so a memoized row re-renders only when its
 * own data arrived. Keyed by the cached manifest object: entries go when the cache drops it.
 */
const summaryCache = new WeakMap<FetchedManifest, CachedSummary>();

function cachedSummary(fetched: FetchedManifest, lookup: SummaryLookup): ImageSummary {
  const { manifests, configs } = dependenciesOf(fetched.manifest, lookup);
  const inputs = [...manifests.map((d) => lookup.manifest(d)), ...configs.map((d) => lookup.config(d))];
  const cached = summaryCache.get(fetched);
  if (cached && cached.inputs.length === inputs.length && cached.inputs.every((input, i) => input === inputs[i])) return cached.summary;
  const summary = summarizeManifest(fetched.manifest, fetched.digest, lookup);
  summaryCache.set(fetched, { inputs, summary });
  return summary;
}

export class TagDetailsStore {
  private tags: readonly string[] = [];
  /** What a bulk source (index, ACR) said per tag: those tags get no HEAD. */
  private seeds: TagSeeds = new Map();
  /** What a previous visit saw per tag: shown (as checking) until the tag's HEAD answers. */
  private remembered: ReadonlyMap<string, ManifestHead> = new Map();
  private readonly heads = new Map<string, Entry<ManifestHead | null>>();
  /** Top-level manifests and index children alike: one key space, one request per digest. */
  private readonly manifests = new Map<string, Entry<FetchedManifest>>();
  private readonly configs = new Map<string, Entry<ImageConfig>>();
  private readonly listeners = new Set<() => void>();
  private snapshot: TagDetailsSnapshot;
  private started = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the pending flush fires (Date.now()). */
  private due = 0;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly queries: RepositoryQueries,
    private readonly name: string,
  ) {
    this.snapshot = this.compute();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): TagDetailsSnapshot => this.snapshot;

  /** Starts fetching (observers subscribe: missing or stale data is requested). Returns stop. */
  start(): () => void {
    this.started = true;
    this.forEachEntry((entry) => this.subscribeEntry(entry));
    this.flush();
    return () => this.stop();
  }

  /** Unsubscribes every observer: requests nobody else waits for are cancelled (and leave the queue). */
  stop(): void {
    this.started = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.forEachEntry((entry) => {
      entry.unsubscribe?.();
      entry.unsubscribe = undefined;
    });
  }

  private forEachEntry(visit: (entry: Subscription) => void): void {
    for (const map of [this.heads, this.manifests, this.configs]) for (const entry of map.values()) visit(entry);
  }

  /**
   * The tags to show, and what a bulk source already knows about them (`seeds`): a seeded tag is
   * not HEADed; with a summary (the index) its digest is not read either. `remembered` digests
   * stand in for HEADs not answered yet (observer placeholders: never in the query cache, so
   * actions and inventories only ever see the registry's answers).
   */
  setTags(tags: readonly string[], seeds: TagSeeds = this.seeds, remembered: ReadonlyMap<string, ManifestHead> = this.remembered): void {
    if (tags === this.tags && seeds === this.seeds && remembered === this.remembered) return;
    this.tags = tags;
    this.seeds = seeds;
    this.remembered = remembered;
    const wanted = new Set(tags.filter((tag) => !seeds.has(tag)));
    for (const [tag, entry] of this.heads) {
      if (wanted.has(tag)) continue;
      entry.unsubscribe?.();
      this.heads.delete(tag);
    }
    for (const tag of wanted) {
      if (this.heads.has(tag)) continue;
      const placeholder = remembered.get(tag);
      const options = placeholder ? { ...this.queries.tagHead(this.name, tag), placeholderData: placeholder } : this.queries.tagHead(this.name, tag);
      this.heads.set(tag, this.createEntry(options, requestKeys.head(this.name, tag)));
    }
    this.flush();
  }

  /** Refetches every failed request of this repository (HEADs, manifests, configs). */
  retryFailed(): Promise<void> {
    return this.queryClient.refetchQueries({ queryKey: this.queries.repoKey(this.name), predicate: (query) => query.state.status === 'error' });
  }

  /** `requestKey`: the queue key of the entry's request, to tell whether a row in view waits for it. */
  private createEntry<T>(options: { queryKey: QueryKey }, requestKey: string): Entry<T> {
    // Only data and errors matter here: fetch-status flips of 2,000 queries would be pure noise.
    const observerOptions = { ...options, notifyOnChangeProps: ['data', 'error', 'isPlaceholderData'] } as unknown as QueryObserverOptions<T, Error, T, T, QueryKey>;
    const observer = new QueryObserver(this.queryClient, observerOptions);
    const onChange = () => this.scheduleFlush(this.queries.queue.isFocused(requestKey) ? FLUSH_MS : BACKGROUND_FLUSH_MS);
    const entry: Entry<T> = { observer, subscribe: () => observer.subscribe(onChange) };
    if (this.started) this.subscribeEntry(entry);
    return entry;
  }

  private subscribeEntry(entry: Subscription): void {
    entry.unsubscribe ??= entry.subscribe();
  }

  /** Flushes within `delay` ms: an earlier flush already planned stands, a later one is brought forward. */
  private scheduleFlush(delay: number): void {
    if (!this.started) return;
    const due = Date.now() + delay;
    if (this.timer !== undefined) {
      if (this.due <= due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.reconcile();
    this.snapshot = this.compute();
    for (const listener of this.listeners) listener();
  }

  private manifestData = (digest: string) => this.manifests.get(digest)?.observer.getCurrentResult().data?.manifest;
  private configData = (digest: string) => this.configs.get(digest)?.observer.getCurrentResult().data;

  /**
   * Observes what the data known so far points at: the manifest of each HEAD's digest, an index's
   * children, every image's config. Repeats until nothing new appears (cached data resolves at once).
   */
  private reconcile(): void {
    const lookup = { manifest: this.manifestData };
    let added = true;
    while (added) {
      added = false;
      const ensureManifest = (digest: string) => {
        if (this.manifests.has(digest)) return;
        this.manifests.set(digest, this.createEntry(this.queries.manifest(this.name, digest), requestKeys.manifest(this.name, digest)));
        added = true;
      };
      for (const entry of this.heads.values()) {
        const digest = entry.observer.getCurrentResult().data?.digest;
        if (digest) ensureManifest(digest);
      }
      for (const tag of this.tags) {
        const seed = this.seeds.get(tag);
        if (seed && !seed.summary) ensureManifest(seed.digest);
      }
      for (const entry of [...this.manifests.values()]) {
        const manifest = entry.observer.getCurrentResult().data?.manifest;
        if (!manifest) continue;
        const dependencies = dependenciesOf(manifest, lookup);
        for (const child of dependencies.manifests) ensureManifest(child);
        for (const config of dependencies.configs) {
          if (this.configs.has(config)) continue;
          this.configs.set(config, this.createEntry(this.queries.imageConfig(this.name, config), requestKeys.config(this.name, config)));
          added = true;
        }
      }
    }
  }

  private digestInfo(digest: string, lookup: SummaryLookup): DigestInfo {
    const result = this.manifests.get(digest)?.observer.getCurrentResult();
    if (result?.error) return { error: result.error, errorColumn: 'size', settled: true };
    if (!result?.data) return { settled: false };
    const summary = cachedSummary(result.data, lookup);
    const dependencies = dependenciesOf(result.data.manifest, lookup);
    const childError = dependencies.manifests.map((d) => this.manifests.get(d)?.observer.getCurrentResult().error).find(Boolean);
    if (childError) return { summary, error: childError, errorColumn: 'size', settled: true };
    const configError = dependencies.configs.map((d) => this.configs.get(d)?.observer.getCurrentResult().error).find(Boolean);
    if (configError) return { summary, error: configError, errorColumn: 'created', settled: true };
    return { summary, settled: summary.complete };
  }

  private compute(): TagDetailsSnapshot {
    const lookup: SummaryLookup = { manifest: this.manifestData, config: this.configData };
    const infos = new Map<string, DigestInfo>();
    const rows = this.tags.map((tag): TagRowData => {
      const seed = this.seeds.get(tag);
      if (seed?.summary) return { tag, digest: seed.digest, missing: false, settled: true, checking: false, summary: seed.summary };
      const head = this.heads.get(tag)?.observer.getCurrentResult();
      if (!seed && head?.error) return { tag, missing: false, error: head.error, errorColumn: 'digest', settled: true, checking: false };
      if (!seed && head?.data === null) return { tag, missing: true, settled: true, checking: false };
      const digest = seed?.digest ?? head?.data?.digest;
      const checking = !seed && head?.isPlaceholderData === true;
      if (!digest) return { tag, missing: false, settled: false, checking };
      let info = infos.get(digest);
      if (!info) {
        info = this.digestInfo(digest, lookup);
        infos.set(digest, info);
      }
      return { tag, digest, missing: false, settled: info.settled, checking, summary: info.summary, error: info.error, errorColumn: info.errorColumn };
    });

    const digestOf = new Map(rows.map((row) => [row.tag, row.digest]));
    const requestKeysOf = (tags: readonly string[]): string[] => {
      const keys: string[] = [];
      for (const tag of tags) {
        const seed = this.seeds.get(tag);
        if (seed?.summary) continue;
        if (!seed) keys.push(requestKeys.head(this.name, tag));
        const digest = digestOf.get(tag);
        if (!digest) continue;
        keys.push(requestKeys.manifest(this.name, digest));
        const manifest = this.manifestData(digest);
        if (!manifest) continue;
        if (manifest.kind === 'index') for (const child of platformDescriptors(manifest)) keys.push(requestKeys.manifest(this.name, child.digest));
        for (const config of dependenciesOf(manifest, lookup).configs) keys.push(requestKeys.config(this.name, config));
      }
      return keys;
    };

    return {
      rows,
      tagsByDigest: groupTagsByDigest(rows.map((row) => [row.tag, row.digest] as const)),
      resolved: rows.reduce((count, row) => count + (row.settled && !row.checking ? 1 : 0), 0),
      requestKeysOf,
    };
  }
}
