import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { QueryClient } from '@tanstack/react-query';
import { http } from 'msw';
import { createRegistryClient } from '../registry/client';
import { pushImage } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { crawlRegistry } from './crawl';
import { resetCrawlStoreForTests, readSnapshot } from './crawl-store';
import { crawlRepositories, type CrawlerOptions, type CrawlOutcome } from './crawler';
import { scanRepositories } from './inventory-scan';
import { resetLedgerStoreForTests } from './ledger-store';
import { RegistryError } from '../registry/errors';

vi.mock('./immutable-cache', () => ({
  readManifest: async () => undefined,
  readConfig: async () => undefined,
  storeManifest: () => undefined,
  storeConfig: () => undefined,
}));

const { fake, server, baseUrl } = setupTestRegistry();
const REPOSITORIES = Array.from({ length: 12 }, (_, i) => `team/app-${String(i).padStart(2, '0')}`);

function clients() {
  const client = createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return { client, queryClient };
}

/**
 * Holds every tags/list answer until `release` of them are waiting (or 300 ms passed, so a crawl
 * that asks one at a time still ends): the most held at once is how many repositories overlapped.
 */
function holdTagLists(release: number) {
  const held = { now: 0, most: 0 };
  let wake: (() => void)[] = [];
  server.use(
    http.get(`${baseUrl}/v2/*`, async ({ request }) => {
      if (!new URL(request.url).pathname.endsWith('/tags/list')) return undefined;
      held.now += 1;
      held.most = Math.max(held.most, held.now);
      await new Promise<void>((resolve) => {
        wake.push(resolve);
        if (wake.length >= release) {
          for (const go of wake) go();
          wake = [];
        } else setTimeout(resolve, 300);
      });
      held.now -= 1;
      // Fall through to the fake registry's own answer.
      return undefined;
    }),
  );
  return held;
}

/** Read-write transactions opened on one IndexedDB database (each store write is one). */
function countWrites(database: string) {
  const counter = { transactions: 0 };
  const open = IDBDatabase.prototype.transaction;
  const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (this.name === database && args[1] === 'readwrite') counter.transactions += 1;
    return open.apply(this, args);
  });
  return { counter, restore: () => spy.mockRestore() };
}

beforeEach(async () => {
  fake.reset();
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetLedgerStoreForTests();
  for (const [i, name] of REPOSITORIES.entries()) await pushImage(fake, name, { tags: ['v1', 'latest'], layers: [500 + i], seed: name });
  fake.requests.length = 0;
});

/** A crawl of a–f in three pages, one repository at a time, where c always fails with `down` (which stops the crawl). */
function crawlWhereCIsDown(down: Error, written: CrawlOutcome<string>[], options: Partial<CrawlerOptions<string>> = {}) {
  return crawlRepositories({
    pages: [['a', 'b', 'c'], ['d', 'e'], ['f']],
    queue: { concurrency: 1 },
    repositoriesPerSlot: 1,
    visit: async (name) => {
      if (name === 'c') throw down;
      return name;
    },
    write: (batch) => void written.push(...batch),
    stops: (error) => error === down,
    ...options,
  });
}

describe('the orphans scan and the audit crawl share one parallel crawler', () => {
  it('the orphans scan has several repositories’ tags/list in flight at once', async () => {
    const held = holdTagLists(4);
    const { client, queryClient } = clients();
    const inventories = await scanRepositories({ client, url: baseUrl, queryClient, acr: null }, REPOSITORIES);
    expect(inventories.map((inventory) => inventory.repository)).toEqual(REPOSITORIES);
    expect(inventories.every((inventory) => inventory.tags.length === 2)).toBe(true);
    expect(held.most).toBeGreaterThanOrEqual(4);
  });

  it('the audit crawl keeps repositories of the next catalog page going (no gap at a page’s end)', async () => {
    const held = holdTagLists(4);
    const { client, queryClient } = clients();
    // Two names per catalog page: more than two tags/list at once means repositories from several pages overlap.
    await crawlRegistry({ client, url: baseUrl, queryClient, catalogPageSize: 2 }, { scope: '' });
    expect(held.most).toBeGreaterThanOrEqual(4);
    expect((await readSnapshot(baseUrl)).repositories).toHaveLength(REPOSITORIES.length);
  });

  it('the audit crawl writes its repositories and facts by the batch, not one transaction per repository', async () => {
    const { client, queryClient } = clients();
    const writes = countWrites('regatta-crawl');
    try {
      // Batches by size only (however slow the machine): one batch of 12 here.
      await crawlRegistry({ client, url: baseUrl, queryClient, catalogPageSize: 100 }, { scope: '', batchMs: 60_000 });
    } finally {
      writes.restore();
    }
    const snapshot = await readSnapshot(baseUrl);
    expect(snapshot.repositories).toHaveLength(REPOSITORIES.length);
    expect(snapshot.facts.size).toBe(REPOSITORIES.length);
    // The session twice (running, done), then one batch: repositories + facts.
    expect(writes.counter.transactions).toBeLessThan(REPOSITORIES.length / 2);
  });

  it('the orphans scan writes the digest ledger by the batch, not one transaction per repository', async () => {
    const { client, queryClient } = clients();
    const writes = countWrites('regatta-ledger');
    try {
      await scanRepositories({ client, url: baseUrl, queryClient, acr: null }, REPOSITORIES);
    } finally {
      writes.restore();
    }
    // The store coalesces what 200 ms bring, now in one transaction per flush (was one per repository).
    expect(writes.counter.transactions).toBeGreaterThan(0);
    expect(writes.counter.transactions).toBeLessThan(REPOSITORIES.length);
  });

  it('a repository that refuses is kept with its error; the scan goes on with the others', async () => {
    server.use(
      http.get(`${baseUrl}/v2/team/app-03/tags/list`, () => Response.json({ errors: [{ code: 'DENIED', message: 'no access' }] }, { status: 403 })),
    );
    const { client, queryClient } = clients();
    const inventories = await scanRepositories({ client, url: baseUrl, queryClient, acr: null }, REPOSITORIES);
    expect(inventories).toHaveLength(REPOSITORIES.length);
    const refused = inventories.find((inventory) => inventory.repository === 'team/app-03');
    expect(refused?.error).toBeInstanceOf(RegistryError);
    expect(inventories.filter((inventory) => inventory.error === undefined && inventory.tags.length === 2)).toHaveLength(REPOSITORIES.length - 1);
  });
});

describe('crawlRepositories', () => {
  const queue = { concurrency: 2 };
  const pages = [['a', 'b', 'c'], ['d', 'e'], ['f']];

  it('keeps repositoriesPerSlot × the queue’s slots in progress, across pages', async () => {
    let running = 0;
    let most = 0;
    const batches: string[][] = [];
    await crawlRepositories({
      pages,
      queue,
      repositoriesPerSlot: 2,
      visit: async (name) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return name.toUpperCase();
      },
      write: (batch) => void batches.push(batch.map((o) => (o.ok ? o.value : `!${o.name}`))),
      batchSize: 4,
    });
    expect(most).toBe(4);
    expect(batches.flat().sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    expect(batches[0]).toHaveLength(4);
  });

  it('keeps a failing repository as an outcome, stops on what `stops` says, and still writes what finished', async () => {
    const written: CrawlOutcome<string>[] = [];
    const write = (batch: CrawlOutcome<string>[]) => void written.push(...batch);
    await crawlRepositories({
      pages,
      queue,
      visit: async (name) => {
        if (name === 'b') throw new Error('refused');
        return name;
      },
      write,
    });
    expect(written.filter((o) => !o.ok).map((o) => o.name)).toEqual(['b']);
    expect(written).toHaveLength(6);

    written.length = 0;
    const down = new Error('registry down');
    await expect(crawlWhereCIsDown(down, written)).rejects.toBe(down);
    expect(written.map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('visits a repository again after `retryDelay` before a failure that stops the crawl ends it', async () => {
    const written: CrawlOutcome<string>[] = [];
    const visits = new Map<string, number>();
    const down = new Error('503');
    const retries: string[] = [];
    await crawlRepositories({
      pages,
      queue: { concurrency: 1 },
      repositoriesPerSlot: 2,
      visit: async (name) => {
        const visit = (visits.get(name) ?? 0) + 1;
        visits.set(name, visit);
        if (name === 'c' && visit <= 2) throw down;
        return name;
      },
      write: (batch) => void written.push(...batch),
      stops: (error) => error === down,
      retryDelay: (failures) => (failures < 3 ? 5 : null),
      onRetry: (name, error, delayMs) => retries.push(`${name} ${String(error === down)} ${delayMs}`),
    });
    expect(written.every((o) => o.ok)).toBe(true);
    expect(written.map((o) => o.name).sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(visits.get('c')).toBe(3);
    expect(retries).toEqual(['c true 5', 'c true 5']);

    // A registry that stays down: the retries run out (three visits of c) and the crawl ends with its error.
    written.length = 0;
    const failures: number[] = [];
    const retryDelay = (failureCount: number) => (failures.push(failureCount), failureCount < 2 ? 1 : null);
    await expect(crawlWhereCIsDown(down, written, { retryDelay })).rejects.toBe(down);
    expect(failures).toEqual([0, 1, 2]);
    expect(written.map((o) => o.name)).toEqual(['a', 'b']);
  });

  it('cancel during a retry wait ends the crawl at once with an AbortError', async () => {
    const controller = new AbortController();
    const down = new Error('503');
    const crawl = crawlRepositories({
      pages: [['a']],
      queue: { concurrency: 1 },
      visit: async () => {
        setTimeout(() => controller.abort(), 0);
        throw down;
      },
      write: () => undefined,
      stops: (error) => error === down,
      retryDelay: () => 60_000,
      signal: controller.signal,
    });
    await expect(crawl).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('cancelled: starts nothing more, writes what finished, and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const written: string[] = [];
    const crawl = crawlRepositories({
      pages,
      queue: { concurrency: 1 },
      repositoriesPerSlot: 1,
      signal: controller.signal,
      visit: async (name) => {
        started.push(name);
        if (name === 'b') controller.abort();
        return name;
      },
      write: (batch) => void written.push(...batch.map((o) => o.name)),
    });
    await expect(crawl).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toEqual(['a', 'b']);
    expect(written).toEqual(['a', 'b']);
  });
});
