/**
 * The audit crawl: catalog → tags/list → a HEAD per tag → the manifest of each new digest → the
 * config of each new image. Frugal by construction:
 *   - the catalog is streamed page by page and each page's repositories are crawled before the
 *     next page is read, so memory holds one page of names, not the registry;
 *   - what is learnt about a digest is a few compact facts (crawl-facts.ts) written to IndexedDB
 *     (crawl-store.ts); manifest bodies are dropped as soon as they are read;
 *   - a digest whose facts are stored is never fetched again: a re-crawl costs tags/list + one
 *     HEAD per tag (tags move; registries count each HEAD as a pull, so that is the floor);
 *   - every request goes through the registry's shared request queue at low priority, so the
 *     pages the user looks at meanwhile keep their turn.
 * Pause stops issuing requests (those in flight finish); cancel aborts; a cancelled or interrupted
 * crawl resumes by skipping the repositories it already crawled in that session.
 * A registry that does not answer (network failure, timeout, 5xx, throttling), still after a few
 * waits (retry-policy.ts: Retry-After honoured, backoff otherwise), stops the crawl with that error instead of being written down as the
 * repositories' content (no tags, failed tags): the session ends in 'error', what was read is
 * kept, and resuming once the registry is back crawls only what is missing.
 * Every tag answer also feeds the digest ledger (ledger-store.ts): that is where "untagged
 * (known)" and "tags seen moving" come from.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import type { FetchedManifest } from '../registry/types';
import { isAbortError } from '../registry/errors';
import { crawlRepositories, waitFor, type CrawlOutcome } from './crawler';
import { configToFetch, factsOf, type DigestFacts } from './crawl-facts';
import {
  crawledRepositoryNames,
  deleteRepositories,
  knownDigests,
  readRepository,
  writeFacts,
  writeRepositories,
  writeSession,
  type CrawledRepository,
  type CrawlSession,
} from './crawl-store';
import { repositoryQueries, requestQueueFor } from './registry-queries';
import { PRIORITY_LOW, type RequestQueue } from './request-queue';
import { classifyFailure, nextRetryDelay } from './retry-policy';
import { currentDigests, readTagInventory, recordInLedger, type TagInventory } from './tag-inventory';
import { crawlTagResolution } from './crawl-tag-resolution';

export interface Count {
  done: number;
  total: number;
}

export interface CrawlProgress {
  repositories: Count;
  tags: Count;
  manifests: Count;
  configs: Count;
  /** Manifest and config bytes downloaded by this crawl. */
  bytes: number;
  /** Digests met again whose facts were already stored: nothing fetched for them. */
  reused: number;
  /** Repositories skipped on resume (crawled earlier in the same session). */
  skipped: number;
  errors: number;
  /** Repositories and catalog pages asked again after the registry failed to answer (503, 429, a dropped connection). */
  retried: number;
  /** The catalog has been read to the end, so the totals are final. */
  catalogComplete: boolean;
  /** Crawling time so far, pauses excluded. */
  elapsedMs: number;
  /** Estimated time left (only once the catalog is complete and something was done). */
  etaMs?: number;
  current?: string;
}

export interface PauseGate {
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** Resolves at once when running, else when resumed; rejects when `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void>;
  /** Milliseconds spent paused so far. */
  pausedMs(now: number): number;
}

export function createPauseGate(now: () => number = Date.now): PauseGate {
  let paused = false;
  let pausedSince = 0;
  let pausedTotal = 0;
  let waiters: (() => void)[] = [];
  return {
    get paused() {
      return paused;
    },
    pause() {
      if (paused) return;
      paused = true;
      pausedSince = now();
    },
    resume() {
      if (!paused) return;
      paused = false;
      pausedTotal += now() - pausedSince;
      const ready = waiters;
      waiters = [];
      for (const go of ready) go();
    },
    wait(signal) {
      if (signal?.aborted) return Promise.reject(abortError());
      if (!paused) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(abortError());
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    },
    pausedMs(at) {
      return pausedTotal + (paused ? at - pausedSince : 0);
    },
  };
}

function abortError(): DOMException {
  return new DOMException('The crawl was cancelled', 'AbortError');
}

export interface CrawlEnv {
  client: RegistryClient;
  /** Root of the query keys and of the stored records (the registry URL). */
  url: string;
  queryClient: QueryClient;
  catalogPageSize: number;
  queue?: RequestQueue;
  now?: () => number;
  /** Wait before asking again after the registry failed to answer, or null to stop (default retry-policy.ts's nextRetryDelay). */
  retryDelay?: (failureCount: number, error: unknown) => number | null;
}

export interface CrawlOptions {
  /** Namespace to crawl ('' = the whole registry). */
  scope: string;
  signal?: AbortSignal;
  gate?: PauseGate;
  onProgress?: (progress: CrawlProgress) => void;
  /** Called after each repository is written. */
  onRepository?: (record: CrawledRepository) => void;
  /**
   * Called after each batch is written, with its repositories and the digest facts learnt since
   * the previous batch (every fact its repositories need that was not stored before): the audit
   * adds these to its running figures instead of reading the store again.
   */
  onBatch?: (records: CrawledRepository[], facts: DigestFacts[]) => void;
  /** Resume the session that started at this time: repositories crawled since are skipped. */
  resumeSession?: CrawlSession;
  /** Repositories crawled at once; default: as many as keep the queue's slots busy (crawler.ts). */
  repositoryConcurrency?: number;
  /** Longest a finished repository waits for its write batch (default crawler.ts's BATCH_MS). */
  batchMs?: number;
}

export interface CrawlResult {
  session: CrawlSession;
  progress: CrawlProgress;
}

/** Whether a repository belongs to a namespace scope ('' = everything). */
export function inScope(name: string, scope: string): boolean {
  return scope === '' || name === scope || name.startsWith(`${scope}/`);
}

/** Aborted, or the registry did not answer: the crawl stops rather than record a failure of the repository. */
function stopsCrawl(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || isAbortError(error) || classifyFailure(error) !== 'permanent';
}

export async function crawlRegistry(env: CrawlEnv, options: CrawlOptions): Promise<CrawlResult> {
  const now = env.now ?? Date.now;
  const queue = env.queue ?? requestQueueFor(env.client);
  const queries = repositoryQueries(env.client, env.url, queue);
  const { signal } = options;
  const gate = options.gate ?? createPauseGate(now);
  const scope = options.scope.replace(/^\/+|\/+$/g, '');
  const startedAt = now();
  const session: CrawlSession = {
    registryUrl: env.url,
    scope,
    startedAt: options.resumeSession?.startedAt ?? startedAt,
    status: 'running',
  };
  const progress: CrawlProgress = {
    repositories: { done: 0, total: 0 },
    tags: { done: 0, total: 0 },
    manifests: { done: 0, total: 0 },
    configs: { done: 0, total: 0 },
    bytes: 0,
    reused: 0,
    skipped: 0,
    errors: 0,
    retried: 0,
    catalogComplete: false,
    elapsedMs: 0,
  };
  const report = () => {
    const at = now();
    progress.elapsedMs = Math.max(0, at - startedAt - gate.pausedMs(at));
    const done = progress.repositories.done + progress.tags.done + progress.manifests.done + progress.configs.done;
    const total = progress.repositories.total + progress.tags.total + progress.manifests.total + progress.configs.total;
    progress.etaMs = progress.catalogComplete && done > 0 && total >= done ? Math.round((progress.elapsedMs / done) * (total - done)) : undefined;
    options.onProgress?.({
      ...progress,
      repositories: { ...progress.repositories },
      tags: { ...progress.tags },
      manifests: { ...progress.manifests },
      configs: { ...progress.configs },
    });
  };
  const check = () => {
    if (signal?.aborted) throw abortError();
  };
  const retryDelay = env.retryDelay ?? nextRetryDelay;

  await writeSession(session);
  const known = await knownDigests(env.url);
  // A first crawl of this registry reads every manifest anyway: GET by tag gives the digest and the
  // manifest in one request (HEADs again once a repository's tags share images: that repository
  // only). A re-crawl knows most images: HEADs.
  const firstCrawl = known.size === 0;
  /** Digests being read right now (two repositories sharing an image read it once). */
  const inFlight = new Map<string, Promise<DigestFacts | null>>();
  const seen = new Set<string>();
  /** Facts read and not yet written (written with the next batch of repositories). */
  const fresh: DigestFacts[] = [];

  /** The catalog page by page, only the scope's names (all of them remembered, to prune the gone). */
  async function* catalogInScope(): AsyncGenerator<string[]> {
    let last: string | undefined;
    for (let failures = 0; ; failures += 1) {
      try {
        for await (const page of env.client.catalogPages({ pageSize: env.catalogPageSize, signal, ...(last !== undefined && { last }) })) {
          check();
          failures = 0;
          last = page.at(-1) ?? last;
          const names = page.filter((name) => inScope(name, scope));
          for (const name of names) seen.add(name);
          progress.repositories.total += names.length;
          report();
          yield names;
        }
        return;
      } catch (error) {
        // The catalog is read again from the last name received, after the same waits as a repository.
        const delayMs = signal?.aborted ? null : retryDelay(failures, error);
        if (delayMs === null) throw error;
        progress.retried += 1;
        report();
        await waitFor(delayMs, signal);
      }
    }
  }

  /** Immutable content through its query options (cache, shared queue, any persistent cache behind them), not kept in memory afterwards. */
  async function fetchImmutable<T>(options: { queryKey: readonly unknown[]; queryFn?: unknown }): Promise<T> {
    const promise = env.queryClient.fetchQuery({ ...(options as Parameters<QueryClient['fetchQuery']>[0]), gcTime: 0 }) as Promise<T>;
    const onAbort = () => void env.queryClient.cancelQueries({ queryKey: options.queryKey, exact: true });
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await promise;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Reads one digest's manifest (+ config, + an index's children) unless known; `readByTag` holds
   * the manifests the repository's tags were read with (not asked again). null: unreadable.
   */
  function ensureFacts(name: string, digest: string, fresh: DigestFacts[], readByTag?: Map<string, FetchedManifest>): Promise<DigestFacts | null> | null {
    if (known.has(digest)) return null;
    const running = inFlight.get(digest);
    if (running) return running;
    const task = (async (): Promise<DigestFacts | null> => {
      // What this digest added to the progress, taken off again if its repository is retried.
      const counted = { manifestDone: false, config: false, configDone: false };
      progress.manifests.total += 1;
      report();
      try {
        await gate.wait(signal);
        const fetched = readByTag?.get(digest) ?? (await fetchImmutable<FetchedManifest>(queries.manifest(name, digest, PRIORITY_LOW)));
        progress.bytes += fetched.bytes.byteLength;
        progress.manifests.done += 1;
        counted.manifestDone = true;
        report();
        const manifest = fetched.manifest;
        const configDigest = configToFetch(manifest);
        let config;
        if (configDigest) {
          progress.configs.total += 1;
          counted.config = true;
          report();
          try {
            await gate.wait(signal);
            config = await fetchImmutable<Awaited<ReturnType<RegistryClient['getImageConfig']>>>(queries.imageConfig(name, configDigest, PRIORITY_LOW));
            progress.bytes += manifest.kind === 'image' ? manifest.config.size : 0;
          } catch (error) {
            if (stopsCrawl(error, signal)) throw error;
            // Without the config only `created` is missing; the facts are not stored, so the
            // next crawl tries again.
            progress.errors += 1;
            progress.configs.done += 1;
            report();
            return factsOf(digest, manifest);
          }
          progress.configs.done += 1;
          counted.configDone = true;
          report();
        }
        const facts = factsOf(digest, manifest, config);
        if (facts.children) {
          const readable = await Promise.all(
            facts.children.map(async (child) => {
              const pending = ensureFacts(name, child, fresh);
              if (pending === null) progress.reused += 1;
              return pending === null || (await pending) !== null;
            }),
          );
          if (readable.includes(false)) {
            // A child could not be read: keep the index unstored so the next crawl completes it.
            return facts;
          }
        }
        known.add(digest);
        fresh.push(facts);
        return facts;
      } catch (error) {
        if (stopsCrawl(error, signal)) {
          progress.manifests.total -= 1;
          if (counted.manifestDone) progress.manifests.done -= 1;
          if (counted.config) progress.configs.total -= 1;
          if (counted.configDone) progress.configs.done -= 1;
          throw error;
        }
        progress.errors += 1;
        if (!counted.manifestDone) progress.manifests.done += 1;
        report();
        return null;
      } finally {
        inFlight.delete(digest);
      }
    })();
    inFlight.set(digest, task);
    return task;
  }

  /**
   * One repository: its record, or null when a resumed crawl already has it. Facts read go to
   * `fresh`. When it throws (the crawler may visit it again), its tags are taken off the progress.
   */
  async function visitRepository(name: string): Promise<CrawledRepository | null> {
    const counted = { listed: 0, settled: 0, errors: 0 };
    try {
      return await readRepositoryOnce(name, counted);
    } catch (error) {
      progress.tags.total -= counted.listed;
      progress.tags.done -= counted.settled;
      progress.errors -= counted.errors;
      report();
      throw error;
    }
  }

  async function readRepositoryOnce(name: string, counted: { listed: number; settled: number; errors: number }): Promise<CrawledRepository | null> {
    check();
    if (options.resumeSession) {
      const previous = await readRepository(env.url, name);
      if (previous && previous.crawledAt >= options.resumeSession.startedAt) {
        progress.skipped += 1;
        progress.repositories.done += 1;
        report();
        return null;
      }
    }
    await gate.wait(signal);
    progress.current = name;
    let inventory: TagInventory;
    const readByTag = new Map<string, FetchedManifest>();
    try {
      inventory = await readTagInventory(env, name, {
        signal,
        priority: PRIORITY_LOW,
        ...(firstCrawl && {
          resolveTag: crawlTagResolution(name, {
            client: env.client,
            queue,
            isRead: (digest) => known.has(digest) || inFlight.has(digest) || readByTag.has(digest),
            onFetched: (fetched) => void readByTag.set(fetched.digest, fetched),
            signal,
          }),
        }),
        // An audit is the registry as it is now: every tag is asked again (a re-crawl's floor).
        freshness: 'fresh',
        tolerateTagErrors: true,
        beforeTag: () => gate.wait(signal),
        onListed: (tags) => {
          progress.tags.total += tags.length;
          counted.listed += tags.length;
          report();
        },
        onTagSettled: () => {
          progress.tags.done += 1;
          counted.settled += 1;
          report();
        },
      });
    } catch (error) {
      if (stopsCrawl(error, signal)) throw error;
      inventory = { repository: name, missing: false, tags: [], heads: new Map(), failed: new Map([['*', error]]), tagsByDigest: new Map() };
    }
    if (inventory.missing || inventory.failed.has('*')) {
      if (!inventory.missing) progress.errors += 1;
      progress.repositories.done += 1;
      report();
      return { registryUrl: env.url, repository: name, tags: {}, crawledAt: now(), ...(inventory.missing ? { missing: true } : { failedTags: ['*'] }) };
    }
    check();
    const failedTags: string[] = [];
    for (const [tag, error] of inventory.failed) {
      if (isAbortError(error)) continue;
      if (stopsCrawl(error, signal)) throw error;
      progress.errors += 1;
      counted.errors += 1;
      failedTags.push(tag);
    }
    void recordInLedger(env.url, inventory);
    const current: Record<string, string> = Object.fromEntries(currentDigests(inventory));

    const digests = [...new Set(Object.values(current))];
    const settled = await Promise.allSettled(
      digests.map(async (digest) => {
        const pending = ensureFacts(name, digest, fresh, readByTag);
        if (pending === null) {
          progress.reused += 1;
          return true;
        }
        return (await pending) !== null;
      }),
    );
    check();
    const stopped = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (stopped) throw stopped.reason;
    const outcomes = settled.map((r) => r.status === 'fulfilled' && r.value);
    const unreadable = new Set(digests.filter((_, i) => !outcomes[i]));
    for (const [tag, digest] of Object.entries(current)) if (unreadable.has(digest)) failedTags.push(tag);

    const record: CrawledRepository = { registryUrl: env.url, repository: name, tags: current, crawledAt: now() };
    if (failedTags.length > 0) record.failedTags = failedTags.sort();
    progress.repositories.done += 1;
    report();
    return record;
  }

  /** A batch of finished repositories, with the facts read so far, in two store writes. */
  async function writeBatch(batch: CrawlOutcome<CrawledRepository | null>[]): Promise<void> {
    const learnt = fresh.splice(0);
    await writeFacts(env.url, learnt);
    const records = batch.flatMap((outcome) => (outcome.ok && outcome.value ? [outcome.value] : []));
    await writeRepositories(records);
    for (const record of records) options.onRepository?.(record);
    options.onBatch?.(records, learnt);
  }

  try {
    try {
      await crawlRepositories<CrawledRepository | null>({
        // The next catalog page is read while this one's repositories are crawled.
        pages: catalogInScope(),
        queue,
        visit: visitRepository,
        write: writeBatch,
        // visitRepository keeps a repository's own failures in its record; what it throws ends the
        // crawl, unless the registry answers again after a few waits (a 503, a 429, a dropped connection).
        stops: () => true,
        retryDelay,
        onRetry: () => {
          progress.retried += 1;
          report();
        },
        signal,
        gate,
        ...(options.repositoryConcurrency ? { repositories: options.repositoryConcurrency } : {}),
        ...(options.batchMs ? { batchMs: options.batchMs } : {}),
      });
    } finally {
      // What was read is kept even when the crawl stops: a resume does not read it again.
      await writeFacts(env.url, fresh.splice(0));
    }
    progress.catalogComplete = true;
    progress.current = undefined;
    // Repositories of this scope no longer in the catalog: forget what was crawled of them.
    const gone = (await crawledRepositoryNames(env.url)).filter((name) => inScope(name, scope) && !seen.has(name));
    await deleteRepositories(env.url, gone);
    session.status = 'done';
    session.finishedAt = now();
    await writeSession(session);
    report();
    return { session, progress };
  } catch (error) {
    session.status = signal?.aborted || isAbortError(error) ? 'cancelled' : 'error';
    session.finishedAt = now();
    await writeSession(session);
    throw error;
  }
}
