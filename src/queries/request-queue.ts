/**
 * A priority queue that bounds how many registry requests are in flight. A repository with 2,000
 * tags would otherwise open 2,000 HEADs at once: browsers queue them per origin anyway (6 on
 * HTTP/1.1), but in arrival order, so the rows on screen would wait behind the rest. Here the
 * caller says what matters now (`priority`) and may change its mind (`prioritize`) while a task
 * still waits.
 */

export const PRIORITY_HIGH = 10;
export const PRIORITY_LOW = 0;

export type QueueTask<T> = (signal: AbortSignal) => Promise<T>;

export interface RunOptions {
  /** Higher runs first; equal priorities run in the order they were queued. */
  priority?: number;
  /**
   * The caller's own signal (e.g. TanStack Query's). When every caller waiting on a key has
   * aborted, a queued task is dropped and a running one is aborted.
   */
  signal?: AbortSignal;
}

export interface RequestQueue {
  /**
   * Runs `task` when a slot is free. A second `run` with a key that is queued or running joins it
   * (the task is not run twice) and can only raise its priority.
   */
  run<T>(key: string, task: QueueTask<T>, options?: RunOptions): Promise<T>;
  /** Changes the priority of tasks that still wait; unknown or running keys are ignored. */
  prioritize(keys: Iterable<string>, priority: number): void;
  /**
   * The keys the user is looking at now (rows in view): they run at `priority` or above, whether
   * they wait already or are queued later. Replaces the previous focus, whose waiting tasks fall
   * back to the priority they were queued with.
   */
  focus(keys: Iterable<string>, priority?: number): void;
  /** Whether `key` is in the current focus (a request behind a row in view), queued or not. */
  isFocused(key: string): boolean;
  /** Drops a queued task or aborts a running one; its callers get an AbortError. */
  cancel(key: string): void;
  /** Drops every queued task and aborts every running one. */
  cancelAll(): void;
  /**
   * Changes how many tasks may run at once (e.g. once the connection turns out to be HTTP/2).
   * Raising it starts waiting tasks now; lowering it lets running tasks finish.
   */
  setConcurrency(concurrency: number): void;
  readonly concurrency: number;
  /** Number of tasks running now. */
  readonly active: number;
  /** Number of tasks waiting for a slot. */
  readonly pending: number;
}

interface Entry {
  key: string;
  task: QueueTask<unknown>;
  /** The priority asked for by the callers (the highest of them). */
  requested: number;
  /** `requested`, raised while the key is in focus, or overridden by `prioritize`. */
  priority: number;
  sequence: number;
  controller: AbortController;
  running: boolean;
  /** Callers still interested; the task is abandoned when this drops to 0. */
  waiters: number;
  promise: Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

function abortError(): DOMException {
  return new DOMException('The request was cancelled', 'AbortError');
}

function checkConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
}

export function createRequestQueue(concurrency = 6): RequestQueue {
  checkConcurrency(concurrency);

  const entries = new Map<string, Entry>();
  /** Waiting entries; kept unsorted, the best one is picked on each start (n is small per pick). */
  const waiting = new Set<Entry>();
  let active = 0;
  let sequence = 0;
  let focused = new Set<string>();
  let focusPriority = PRIORITY_HIGH;

  function effective(key: string, requested: number): number {
    return focused.has(key) ? Math.max(requested, focusPriority) : requested;
  }

  function better(a: Entry, b: Entry): boolean {
    return a.priority !== b.priority ? a.priority > b.priority : a.sequence < b.sequence;
  }

  function next(): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of waiting) if (!best || better(entry, best)) best = entry;
    return best;
  }

  function pump(): void {
    while (active < concurrency) {
      const entry = next();
      if (!entry) return;
      start(entry);
    }
  }

  let pumpScheduled = false;
  function schedulePump(): void {
    if (pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      pump();
    });
  }

  function start(entry: Entry): void {
    waiting.delete(entry);
    entry.running = true;
    active += 1;
    let promise: Promise<unknown>;
    try {
      promise = entry.task(entry.controller.signal);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => finish(entry, () => entry.resolve(value)),
      (error: unknown) => finish(entry, () => entry.reject(error)),
    );
  }

  function finish(entry: Entry, settle: () => void): void {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    if (entry.running) {
      entry.running = false;
      active -= 1;
    }
    settle();
    pump();
  }

  function abandon(entry: Entry): void {
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    if (entry.running) {
      // Nobody waits for the answer any more: the slot is given to the next request now, not when
      // the aborted task gets round to settling (a fetch stuck in a dead connection, a token
      // request shared with others, a digest being computed). Leaving a 50,000-tag page must not
      // make the next page wait behind the old page's stragglers.
      entry.running = false;
      active -= 1;
      entry.controller.abort();
      entry.reject(abortError());
      // After the current task: a page being left aborts all its queries in one go, and the
      // freed slot must not start the next of them before its own abort arrives.
      schedulePump();
    } else {
      waiting.delete(entry);
      entry.controller.abort();
      entry.reject(abortError());
    }
  }

  function join(entry: Entry, signal: AbortSignal | undefined): Promise<unknown> {
    entry.waiters += 1;
    if (!signal) return entry.promise;
    if (signal.aborted) {
      entry.waiters -= 1;
      if (entry.waiters === 0) abandon(entry);
      return Promise.reject(abortError());
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        entry.waiters -= 1;
        if (entry.waiters === 0) abandon(entry);
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  return {
    get concurrency() {
      return concurrency;
    },
    get active() {
      return active;
    },
    get pending() {
      return waiting.size;
    },

    run<T>(key: string, task: QueueTask<T>, options: RunOptions = {}): Promise<T> {
      const priority = options.priority ?? PRIORITY_LOW;
      const existing = entries.get(key);
      if (existing) {
        if (!existing.running && priority > existing.requested) {
          existing.requested = priority;
          existing.priority = Math.max(existing.priority, effective(key, priority));
        }
        return join(existing, options.signal) as Promise<T>;
      }
      let resolve!: (value: unknown) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // A task abandoned by every caller rejects with nobody listening; that is expected.
      promise.catch(() => undefined);
      const entry: Entry = {
        key,
        task,
        requested: priority,
        priority: effective(key, priority),
        sequence: sequence++,
        controller: new AbortController(),
        running: false,
        waiters: 0,
        promise,
        resolve,
        reject,
      };
      entries.set(key, entry);
      waiting.add(entry);
      const result = join(entry, options.signal) as Promise<T>;
      pump();
      return result;
    },

    prioritize(keys: Iterable<string>, priority: number): void {
      for (const key of keys) {
        const entry = entries.get(key);
        if (entry && !entry.running) entry.priority = priority;
      }
    },

    focus(keys: Iterable<string>, priority: number = PRIORITY_HIGH): void {
      const previous = focused;
      focused = new Set(keys);
      focusPriority = priority;
      for (const key of previous) {
        const entry = entries.get(key);
        if (entry && !entry.running && !focused.has(key)) entry.priority = entry.requested;
      }
      for (const key of focused) {
        const entry = entries.get(key);
        if (entry && !entry.running) entry.priority = effective(key, entry.requested);
      }
    },

    isFocused(key: string): boolean {
      return focused.has(key);
    },

    cancel(key: string): void {
      const entry = entries.get(key);
      if (entry) abandon(entry);
    },

    cancelAll(): void {
      for (const entry of [...entries.values()]) abandon(entry);
    },

    setConcurrency(next: number): void {
      checkConcurrency(next);
      concurrency = next;
      pump();
    },
  };
}
