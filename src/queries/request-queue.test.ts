import { describe, expect, it } from 'vitest';
import { createRequestQueue, PRIORITY_HIGH, PRIORITY_LOW } from './request-queue';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createRequestQueue', () => {
  it('never runs more than `concurrency` tasks at once', async () => {
    const queue = createRequestQueue(3);
    let inFlight = 0;
    let maxInFlight = 0;
    const tasks = Array.from({ length: 20 }, (_, i) =>
      queue.run(`k${i}`, async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick();
        inFlight -= 1;
        return i;
      }),
    );
    expect(queue.active).toBe(3);
    expect(queue.pending).toBe(17);
    await expect(Promise.all(tasks)).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxInFlight).toBe(3);
    expect(queue.active).toBe(0);
    expect(queue.pending).toBe(0);
  });

  it('starts higher priorities first, and equal priorities in queue order', async () => {
    const queue = createRequestQueue(1);
    const started: string[] = [];
    const gate = deferred<void>();
    const run = (key: string, priority: number) =>
      queue.run(
        key,
        async () => {
          started.push(key);
          if (key === 'blocker') await gate.promise;
        },
        { priority },
      );
    const all = [run('blocker', PRIORITY_LOW), run('low-1', PRIORITY_LOW), run('high-1', PRIORITY_HIGH), run('low-2', PRIORITY_LOW), run('high-2', PRIORITY_HIGH)];
    gate.resolve();
    await Promise.all(all);
    expect(started).toEqual(['blocker', 'high-1', 'high-2', 'low-1', 'low-2']);
  });

  it('re-prioritizes waiting tasks', async () => {
    const queue = createRequestQueue(1);
    const started: string[] = [];
    const gate = deferred<void>();
    const all = ['blocker', 'a', 'b', 'c'].map((key) =>
      queue.run(key, async () => {
        started.push(key);
        if (key === 'blocker') await gate.promise;
      }),
    );
    queue.prioritize(['c'], PRIORITY_HIGH);
    queue.prioritize(['unknown', 'blocker'], PRIORITY_HIGH); // ignored: unknown / already running
    gate.resolve();
    await Promise.all(all);
    expect(started).toEqual(['blocker', 'c', 'a', 'b']);
  });

  it('focus lifts waiting and later tasks; a new focus releases the old one', async () => {
    const queue = createRequestQueue(1);
    const started: string[] = [];
    const gate = deferred<void>();
    const run = (key: string) =>
      queue.run(key, async () => {
        started.push(key);
        if (key === 'blocker') await gate.promise;
      });
    const all = [run('blocker'), run('a'), run('b'), run('c')];
    queue.focus(['b']);
    queue.focus(['c', 'later']); // b falls back to its queued priority
    all.push(run('later'));
    gate.resolve();
    await Promise.all(all);
    expect(started).toEqual(['blocker', 'c', 'later', 'a', 'b']);
  });

  it('dedupes by key: a second run joins the queued or running task', async () => {
    const queue = createRequestQueue(2);
    let calls = 0;
    const gate = deferred<string>();
    const task = () => {
      calls += 1;
      return gate.promise;
    };
    const first = queue.run('same', task);
    const second = queue.run('same', task, { priority: PRIORITY_HIGH });
    expect(queue.active).toBe(1);
    gate.resolve('done');
    await expect(first).resolves.toBe('done');
    await expect(second).resolves.toBe('done');
    expect(calls).toBe(1);
    // Once settled, the key is free again (the cache above the queue decides about reuse).
    await queue.run('same', async () => 'again');
    expect(calls).toBe(1);
  });

  it('a joining run raises the priority of a waiting task', async () => {
    const queue = createRequestQueue(1);
    const started: string[] = [];
    const gate = deferred<void>();
    const run = (key: string, priority = PRIORITY_LOW) =>
      queue.run(
        key,
        async () => {
          started.push(key);
          if (key === 'blocker') await gate.promise;
        },
        { priority },
      );
    const all = [run('blocker'), run('a'), run('b'), run('b', PRIORITY_HIGH)];
    gate.resolve();
    await Promise.all(all);
    expect(started).toEqual(['blocker', 'b', 'a']);
  });

  it('propagates failures to every caller and keeps going', async () => {
    const queue = createRequestQueue(1);
    const failing = queue.run('bad', async () => {
      throw new Error('boom');
    });
    const joined = queue.run('bad', async () => 'never');
    const after = queue.run('good', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(joined).rejects.toThrow('boom');
    await expect(after).resolves.toBe('ok');
  });

  it('drops a queued task when its only caller aborts, and aborts a running one', async () => {
    const queue = createRequestQueue(1);
    let runningSignal: AbortSignal | undefined;
    const runningCaller = new AbortController();
    const running = queue.run(
      'running',
      (signal) => {
        runningSignal = signal;
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      },
      { signal: runningCaller.signal },
    );
    const queuedCaller = new AbortController();
    let queuedStarted = false;
    const queued = queue.run(
      'queued',
      async () => {
        queuedStarted = true;
      },
      { signal: queuedCaller.signal },
    );
    queuedCaller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(queue.pending).toBe(0);

    runningCaller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(runningSignal?.aborted).toBe(true);
    await tick();
    expect(queue.active).toBe(0);
    expect(queuedStarted).toBe(false);
  });

  it('keeps a shared task alive while another caller still waits', async () => {
    const queue = createRequestQueue(1);
    const gate = deferred<string>();
    const a = new AbortController();
    const first = queue.run('k', () => gate.promise, { signal: a.signal });
    const second = queue.run('k', () => Promise.resolve('other'));
    a.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    gate.resolve('value');
    await expect(second).resolves.toBe('value');
  });

  it('cancel and cancelAll reject with AbortError', async () => {
    const queue = createRequestQueue(1);
    const blocker = queue.run('blocker', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    const waiting = queue.run('waiting', async () => 'x');
    queue.cancel('waiting');
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    queue.cancelAll();
    await expect(blocker).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('setConcurrency: raising starts waiting tasks at once, lowering lets running ones finish; visible-first order holds', async () => {
    const queue = createRequestQueue(2);
    const gates = Array.from({ length: 6 }, () => deferred<number>());
    const started: string[] = [];
    const run = (key: string, i: number, priority = PRIORITY_LOW) =>
      queue.run(key, () => {
        started.push(key);
        return gates[i]!.promise;
      }, { priority });
    const all = [run('a', 0), run('b', 1), run('low', 2), run('visible', 3, PRIORITY_HIGH), run('c', 4), run('d', 5)];
    expect(started).toEqual(['a', 'b']);
    queue.setConcurrency(4);
    expect(queue.concurrency).toBe(4);
    expect(started).toEqual(['a', 'b', 'visible', 'low']);
    queue.setConcurrency(1);
    expect(queue.active).toBe(4);
    for (const i of [0, 1, 2]) gates[i]!.resolve(i);
    await tick();
    expect(queue.active).toBe(1);
    expect(started).toEqual(['a', 'b', 'visible', 'low']);
    gates[3]!.resolve(3);
    await tick();
    expect(started).toEqual(['a', 'b', 'visible', 'low', 'c']);
    for (const i of [4, 5]) gates[i]!.resolve(i);
    await expect(Promise.all(all)).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => queue.setConcurrency(0)).toThrow(RangeError);
  });

  it('refuses a nonsensical concurrency', () => {
    expect(() => createRequestQueue(0)).toThrow(RangeError);
  });
});

describe('leaving a page', () => {
  it('drops the queued work of abandoned queries, and the next request runs at once', async () => {
    const queue = createRequestQueue(2);
    const page = new AbortController();
    const started: string[] = [];
    // Two running tasks that ignore their abort signal (a stuck connection), then 1,000 queued.
    const old = Array.from({ length: 1002 }, (_, i) =>
      queue.run(
        `old-${i}`,
        () => {
          started.push(`old-${i}`);
          return new Promise<never>(() => undefined);
        },
        { signal: page.signal },
      ),
    );
    expect(queue.active).toBe(2);
    expect(queue.pending).toBe(1000);

    page.abort();
    expect(queue.pending).toBe(0);
    expect(queue.active).toBe(0);
    await Promise.allSettled(old);

    const next = queue.run('new-page', async () => {
      started.push('new-page');
      return 'digest';
    });
    expect(started).toEqual(['old-0', 'old-1', 'new-page']);
    await expect(next).resolves.toBe('digest');
    for (const result of await Promise.allSettled(old)) expect(result).toMatchObject({ status: 'rejected', reason: { name: 'AbortError' } });
  });

  it('a query cancelled through TanStack Query drops its queued request', async () => {
    const { QueryClient } = await import('@tanstack/react-query');
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const queue = createRequestQueue(1);
    const gate = deferred<string>();
    const blocker = queue.run('blocker', () => gate.promise);
    let ran = false;
    const fetching = queryClient.fetchQuery({
      queryKey: ['abandoned'],
      queryFn: ({ signal }) =>
        queue.run(
          'abandoned',
          async () => {
            ran = true;
            return 'x';
          },
          { signal },
        ),
    });
    await tick();
    expect(queue.pending).toBe(1);
    await queryClient.cancelQueries({ queryKey: ['abandoned'] });
    await fetching.catch(() => undefined);
    expect(queue.pending).toBe(0);
    gate.resolve('done');
    await blocker;
    expect(ran).toBe(false);
  });
});
