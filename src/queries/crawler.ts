/**
 * The one crawler behind the orphans scan (inventory-scan.ts) and the audit crawl (crawl.ts): it
 * walks repositories in parallel and hands what they gave back in batches.
 *   - Parallel within the request budget: the registry's request queue decides how many requests
 *     are in flight (6 on HTTP/1.1, 32 on HTTP/2); the crawler only keeps enough repositories in
 *     progress to keep it busy. One repository is a chain of round trips (tags/list, then its
 *     tags, then the manifests and configs not read yet) with few requests each, so one at a time
 *     leaves the queue idle between them; `repositoriesPerSlot` repositories per slot fill it.
 *   - Streamed: the repositories come in pages (the catalog); the next page is asked for while
 *     the current one is crawled, and a new repository starts whenever one finishes — no gap at
 *     a page's end.
 *   - Batched writes: finished repositories are handed to `write` together (every `batchSize`
 *     repositories, or `batchMs` after the first of a batch finished), one batch at a time, so a
 *     store write or a re-render costs once per batch, not once per repository or response.
 *   - Errors stay with their repository: a repository that fails is a `{ ok: false }` outcome in
 *     its batch and the crawl goes on, unless `stops(error)` says the registry itself is gone.
 *     Before such a failure ends the crawl, the repository is visited again after `retryDelay`
 *     (a 503, a 429, a dropped connection among thousands of requests is not the registry gone);
 *     while it waits it keeps its place, so a registry that is really down is not asked for more.
 *   - Cancel (the signal) and pause (the gate) stop starting repositories; what finished is still
 *     written before the crawl returns or throws.
 */
import { isAbortError } from '../registry/errors';
import type { RequestQueue } from './request-queue';

export type CrawlOutcome<R> = { name: string; ok: true; value: R } | { name: string; ok: false; error: unknown };

/** Waited on before each repository starts (the audit's pause). */
export interface StartGate {
  wait(signal?: AbortSignal): Promise<void>;
}

export interface CrawlerOptions<R> {
  /** Repository names, page by page (a catalog being read) or in one page. */
  pages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>;
  /** The registry's request queue: its concurrency is the crawl's budget. */
  queue: Pick<RequestQueue, 'concurrency'>;
  /** Crawls one repository; its requests go through `queue`. */
  visit: (name: string) => Promise<R>;
  /** Receives finished repositories in batches, one batch at a time, in the order they finished. */
  write: (batch: CrawlOutcome<R>[]) => Promise<void> | void;
  /** Told of each page as it arrives (totals for the progress). */
  onPage?: (names: readonly string[]) => void;
  /** A failure that ends the crawl (aborted, registry unreachable) rather than stays with its repository. */
  stops?: (error: unknown) => boolean;
  /**
   * For a failure that `stops` the crawl: milliseconds to wait before the repository is visited
   * again (`failureCount` counts its failures before this one), or null to end the crawl.
   * Default: never again.
   */
  retryDelay?: (failureCount: number, error: unknown) => number | null;
  /** Told when a repository will be visited again after `delayMs`. */
  onRetry?: (name: string, error: unknown, delayMs: number) => void;
  signal?: AbortSignal;
  gate?: StartGate;
  batchSize?: number;
  batchMs?: number;
  repositoriesPerSlot?: number;
  /** A fixed number of repositories in progress instead (tests: one at a time). */
  repositories?: number;
}

/** Repositories per write batch, and the longest a finished repository waits for its batch. */
export const BATCH_SIZE = 50;
export const BATCH_MS = 250;
/** Repositories in progress per request slot: enough to keep every slot busy between round trips. */
export const REPOSITORIES_PER_SLOT = 2;

function abortError(): DOMException {
  return new DOMException('The crawl was cancelled', 'AbortError');
}

export async function crawlRepositories<R>(options: CrawlerOptions<R>): Promise<void> {
  const { signal, gate, queue } = options;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const batchMs = options.batchMs ?? BATCH_MS;
  const perSlot = options.repositoriesPerSlot ?? REPOSITORIES_PER_SLOT;
  const stops = options.stops ?? ((error: unknown) => isAbortError(error));

  const iterator = Symbol.asyncIterator in options.pages ? options.pages[Symbol.asyncIterator]() : toAsyncIterator(options.pages[Symbol.iterator]());
  let upcoming: Promise<IteratorResult<readonly string[]>> | null = null;
  const ask = () => {
    upcoming = iterator.next();
    upcoming.catch(() => undefined);
  };
  const names: string[] = [];
  let catalogDone = false;

  let batch: CrawlOutcome<R>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let writeError: { error: unknown } | null = null;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return writing;
    const ready = batch;
    batch = [];
    writing = writing.then(async () => {
      if (writeError) return;
      try {
        await options.write(ready);
      } catch (error) {
        writeError = { error };
      }
    });
    return writing;
  };
  const finished = (outcome: CrawlOutcome<R>) => {
    batch.push(outcome);
    if (batch.length >= batchSize) void flush();
    else timer ??= setTimeout(() => void flush(), batchMs);
  };

  let failure: { error: unknown } | null = null;
  const fail = (error: unknown) => {
    failure ??= { error };
  };
  const stopped = () => failure !== null || writeError !== null || signal?.aborted === true;

  /** The next repository to crawl, reading the next page when this one is used up; null at the end. */
  async function nextName(): Promise<string | null> {
    while (names.length === 0) {
      if (catalogDone || stopped()) return null;
      if (!upcoming) ask();
      const page = await (upcoming as unknown as Promise<IteratorResult<readonly string[]>>);
      if (page.done) {
        catalogDone = true;
        return null;
      }
      ask();
      options.onPage?.(page.value);
      names.push(...page.value);
    }
    return names.shift() ?? null;
  }

  let active = 0;
  let pulling = false;
  let settle!: () => void;
  const idle = new Promise<void>((resolve) => (settle = resolve));
  const checkIdle = () => {
    if (active === 0 && !pulling && (catalogDone || stopped())) settle();
  };

  async function run(name: string): Promise<void> {
    try {
      for (let failures = 0; ; failures += 1) {
        try {
          finished({ name, ok: true, value: await options.visit(name) });
          return;
        } catch (error) {
          if (signal?.aborted) return fail(abortError());
          if (!stops(error)) return finished({ name, ok: false, error });
          const delayMs = stopped() ? null : (options.retryDelay?.(failures, error) ?? null);
          if (delayMs === null) return fail(error);
          options.onRetry?.(name, error, delayMs);
          await waitFor(delayMs, signal);
          if (stopped()) return fail(signal?.aborted ? abortError() : error);
        }
      }
    } catch (error) {
      fail(signal?.aborted ? abortError() : error);
    } finally {
      active -= 1;
      void fill();
    }
  }

  /** Starts repositories until the budget is used (read again each time: HTTP/2 raises it). */
  async function fill(): Promise<void> {
    if (pulling) return;
    pulling = true;
    try {
      while (!stopped() && active < (options.repositories ?? Math.max(1, queue.concurrency * perSlot))) {
        await gate?.wait(signal);
        const name = await nextName();
        if (name === null) break;
        active += 1;
        void run(name);
      }
    } catch (error) {
      fail(signal?.aborted ? abortError() : error);
    } finally {
      pulling = false;
      checkIdle();
    }
  }

  void fill();
  await idle;
  await flush();
  if (writeError) throw (writeError as { error: unknown }).error;
  if (failure) throw (failure as { error: unknown }).error;
  if (signal?.aborted) throw abortError();
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function* toAsyncIterator<T>(source: Iterator<T>): AsyncGenerator<T> {
  for (let next = source.next(); !next.done; next = source.next()) yield next.value;
}
