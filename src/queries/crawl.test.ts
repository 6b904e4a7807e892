import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from '../registry/client';
import { makeLayer, pushImage, pushIndex } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { computeAudit } from './audit';
import type { DigestFacts } from './crawl-facts';
import { createPauseGate, crawlRegistry, type CrawlEnv, type CrawlProgress } from './crawl';
import { readRepository, readSession, resetCrawlStoreForTests, readSnapshot, writeSession } from './crawl-store';
import { readLedger, resetLedgerStoreForTests } from './ledger-store';

// The persistent manifest cache (immutable-cache.ts) would also spare the re-fetches: switched off
// here so these counts prove the crawl's own skip-known logic.
vi.mock('./immutable-cache', () => ({
  readManifest: async () => undefined,
  readConfig: async () => undefined,
  storeManifest: () => undefined,
  storeConfig: () => undefined,
}));

const { fake, server, baseUrl } = setupTestRegistry();

/** Retries after 1 ms, at most twice (the app waits seconds: retry-policy.ts). */
const quickRetries = (failures: number) => (failures < 2 ? 1 : null);

function env(): CrawlEnv {
  const client = createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return { client, url: baseUrl, queryClient, catalogPageSize: 2, retryDelay: quickRetries };
}

/** Requests served since `from`, as "METHOD kind" with kind = manifests | blobs | tags | catalog. */
function served(from = 0) {
  return fake.requests.slice(from).map((r) => {
    const kind = r.path.includes('/manifests/') ? 'manifests' : r.path.includes('/blobs/') ? 'blobs' : r.path.endsWith('/tags/list') ? 'tags' : r.path.endsWith('/_catalog') ? 'catalog' : r.path;
    return `${r.method} ${kind}`;
  });
}
const count = (list: string[], what: string) => list.filter((x) => x === what).length;

let web1: Awaited<ReturnType<typeof pushImage>>;
let base: Uint8Array;

beforeEach(async () => {
  fake.reset();
  // A fresh browser profile per test: no crawl records, no ledger, no persisted manifests.
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetLedgerStoreForTests();
  base = makeLayer('base', 8000);
  web1 = await pushImage(fake, 'team/web', { tags: ['v1', 'latest'], sharedLayers: [base], layers: [1000], seed: 'web1' });
  await pushImage(fake, 'team/web', { tags: ['v2'], sharedLayers: [base], layers: [2000], seed: 'web2' });
  await pushImage(fake, 'team/api', { tags: ['1.0'], sharedLayers: [base], layers: [3000], seed: 'api1' });
  await pushIndex(fake, 'other/multi', { tags: ['1.0'], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  fake.requests.length = 0;
});

describe('crawlRegistry', () => {
  it('reads every new digest once, stores compact facts, and a re-crawl only HEADs tags', async () => {
    const progress: CrawlProgress[] = [];
    const first = await crawlRegistry(env(), { scope: '', onProgress: (p) => progress.push(p) });
    const requests = served();
    // 3 repositories: 3 tags/list. A first crawl reads each of the 5 tags with one GET (digest and
    // manifest at once; `latest` is web1 again), then only the index's 2 children by digest.
    expect(count(requests, 'GET tags')).toBe(3);
    expect(count(requests, 'HEAD manifests')).toBe(0);
    expect(count(requests, 'GET manifests')).toBe(7);
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/sha256:')).length).toBe(2);
    // configs of the 5 images (the index has none)
    expect(count(requests, 'GET blobs')).toBe(5);
    expect(first.session.status).toBe('done');
    expect(first.progress).toMatchObject({
      repositories: { done: 3, total: 3 },
      tags: { done: 5, total: 5 },
      manifests: { done: 6, total: 6 },
      configs: { done: 5, total: 5 },
      catalogComplete: true,
    });
    expect(first.progress.bytes).toBeGreaterThan(0);
    expect(progress.at(-1)?.etaMs).toBe(0);

    const snapshot = await readSnapshot(baseUrl);
    expect(snapshot.repositories.map((r) => r.repository).sort()).toEqual(['other/multi', 'team/api', 'team/web']);
    expect(snapshot.facts.get(web1.digest)).toEqual({
      digest: web1.digest,
      kind: 'image',
      blobs: [[web1.configDigest, web1.size - web1.layers.reduce((s, l) => s + l.size, 0)], ...web1.layers.map((l) => [l.digest, l.size])],
      created: '2026-01-15T10:00:00Z',
    });
    const audit = computeAudit({ ...snapshot, now: Date.parse('2026-02-01T00:00:00Z'), staleDays: 90, scope: 'team' });
    expect(audit.root.images).toBe(3);
    expect(audit.shared[0]?.savedBytes).toBe(base.byteLength * 2);
    // the ledger was fed
    expect((await readLedger(baseUrl, 'team/web')).current).toMatchObject({ v1: web1.digest, latest: web1.digest });

    // Re-crawl: nothing fetched by digest again.
    const mark = fake.requests.length;
    const again = await crawlRegistry(env(), { scope: '' });
    const second = served(mark);
    expect(count(second, 'GET manifests')).toBe(0);
    expect(count(second, 'GET blobs')).toBe(0);
    expect(count(second, 'HEAD manifests')).toBe(5);
    expect(again.progress.reused).toBe(4);

    // A new tag: only its manifest and config are read.
    await pushImage(fake, 'team/api', { tags: ['1.1'], sharedLayers: [base], layers: [500], seed: 'api2' });
    const mark2 = fake.requests.length;
    await crawlRegistry(env(), { scope: 'team' });
    const third = served(mark2);
    expect(count(third, 'GET manifests')).toBe(1);
    expect(count(third, 'GET blobs')).toBe(1);
    expect(count(third, 'GET tags')).toBe(2);
  });

  it("a first crawl goes back to HEADs only in a repository whose tags share images, not in the others", async () => {
    fake.reset();
    await pushImage(fake, 'a/aliases', { tags: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'], layers: [100], seed: 'one' });
    for (const seed of ['x', 'y', 'z']) await pushImage(fake, `b/${seed}`, { tags: ['v1', 'v2'].map((t) => `${t}-${seed}`), layers: [100], seed });
    fake.requests.length = 0;
    await crawlRegistry({ ...env(), catalogPageSize: 1 }, { scope: '', repositoryConcurrency: 1 });
    const heads = fake.requests.filter((r) => r.method === 'HEAD');
    expect(heads.length).toBeGreaterThan(0);
    expect(heads.every((r) => r.path.includes('/a/aliases/'))).toBe(true);
  });

  it('crawls only the namespace asked for', async () => {
    await crawlRegistry(env(), { scope: 'team' });
    expect(count(served(), 'GET tags')).toBe(2);
    expect((await readSnapshot(baseUrl)).repositories.map((r) => r.repository).sort()).toEqual(['team/api', 'team/web']);
  });

  it('pause stops issuing requests until resumed', async () => {
    const gate = createPauseGate();
    gate.pause();
    const waits = vi.spyOn(gate, 'wait');
    const crawl = crawlRegistry(env(), { scope: '', gate });
    // Wait until the crawl stands at the gate with a repository in hand, i.e. after the catalog.
    await vi.waitFor(() => expect(waits).toHaveBeenCalled(), { timeout: 30_000, interval: 5 });
    // the first catalog page is read, nothing per repository
    expect(served().filter((r) => r !== 'GET catalog')).toEqual([]);
    gate.resume();
    await expect(crawl).resolves.toMatchObject({ session: { status: 'done' } });
    expect(count(served(), 'GET manifests')).toBe(7);
  });

  it('hands each written batch over with the facts it needs: the same figures as reading the store', async () => {
    const records: Awaited<ReturnType<typeof readSnapshot>>['repositories'] = [];
    const learnt = new Map<string, DigestFacts>();
    const batches: number[] = [];
    await crawlRegistry(env(), {
      scope: '',
      batchMs: 1,
      onBatch: (batch, facts) => {
        batches.push(batch.length);
        records.push(...batch);
        for (const fact of facts) learnt.set(fact.digest, fact);
      },
    });
    const stored = await readSnapshot(baseUrl);
    expect(batches.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(records.map((r) => r.repository).sort()).toEqual(stored.repositories.map((r) => r.repository).sort());
    expect([...learnt.keys()].sort()).toEqual([...stored.facts.keys()].sort());
    const fromBatches = computeAudit({ repositories: records, facts: learnt, now: 0, staleDays: 90 });
    expect(fromBatches.root).toEqual(computeAudit({ ...stored, now: 0, staleDays: 90 }).root);
    expect(fromBatches.root.storedBytes).toBeGreaterThan(base.byteLength);
  });

  it('cancel stops the crawl; resume skips repositories already crawled in that session', async () => {
    const controller = new AbortController();
    const done: string[] = [];
    await expect(
      crawlRegistry(env(), {
        scope: '',
        signal: controller.signal,
        repositoryConcurrency: 1,
        // Cancelled as soon as the first repository is crawled: it is still written (with its batch).
        onProgress: (progress) => {
          if (progress.repositories.done === 1) controller.abort();
        },
        onRepository: (record) => done.push(record.repository),
      }),
    ).rejects.toThrow();
    expect(done).toEqual(['other/multi']);
    const session = await readSession(baseUrl);
    expect(session?.status).toBe('cancelled');

    const mark = fake.requests.length;
    const resumed = await crawlRegistry(env(), { scope: '', resumeSession: session });
    expect(resumed.progress.skipped).toBe(1);
    expect(resumed.session.startedAt).toBe(session?.startedAt);
    const after = served(mark);
    // other/multi is not listed again; its 3 manifests are not fetched again
    expect(count(after, 'GET tags')).toBe(2);
    expect(count(after, 'GET manifests')).toBe(3);
    expect((await readSession(baseUrl))?.status).toBe('done');
  });

  it('a registry that stops answering stops the crawl, records nothing false, and resume finishes it', async () => {
    // The registry behind a proxy is gone: 502 for the tags of team/web and every manifest of team/api.
    const down = () => new HttpResponse('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } });
    server.use(http.get(`${baseUrl}/v2/team/web/tags/list`, down), http.get(`${baseUrl}/v2/team/api/manifests/:reference`, down));
    await expect(crawlRegistry(env(), { scope: '', repositoryConcurrency: 1 })).rejects.toMatchObject({ status: 502 });
    const session = await readSession(baseUrl);
    expect(session?.status).toBe('error');
    // The outage is not written down as the repositories' content (no tags, failed tags).
    expect(await readRepository(baseUrl, 'team/web')).toBeUndefined();
    expect(await readRepository(baseUrl, 'team/api')).toBeUndefined();
    expect(await readRepository(baseUrl, 'other/multi')).toMatchObject({ tags: { '1.0': expect.any(String) } });

    // The registry is back: resume crawls what is missing, not other/multi again.
    server.resetHandlers();
    const mark = fake.requests.length;
    const resumed = await crawlRegistry(env(), { scope: '', resumeSession: session });
    expect(resumed.session.status).toBe('done');
    expect(resumed.progress).toMatchObject({ skipped: 1, errors: 0 });
    expect(count(served(mark), 'GET tags')).toBe(2);
    const snapshot = await readSnapshot(baseUrl);
    const audit = computeAudit({ ...snapshot, now: Date.parse('2026-02-01T00:00:00Z'), staleDays: 90, scope: '' });
    expect({ repositories: audit.root.repositories, tags: audit.root.tags }).toEqual({ repositories: 3, tags: 5 });
    expect(snapshot.repositories.every((r) => r.failedTags === undefined)).toBe(true);
  });

  it('a registry that fails a few requests (503, 429, a dropped connection) is asked again: the crawl completes with exact figures and counts', async () => {
    const failOnce = (path: string, answer: () => Response) => {
      let failed = false;
      return http.get(`${baseUrl}${path}`, ({ request }) => {
        if (failed || (path.endsWith('_catalog') && !new URL(request.url).searchParams.has('last'))) return undefined;
        failed = true;
        return answer();
      });
    };
    server.use(
      failOnce('/v2/team/web/tags/list', () => HttpResponse.json({ errors: [{ code: 'UNAVAILABLE', message: 'down' }] }, { status: 503 })),
      // The catalog's second page: read again from the last name of the first.
      failOnce('/v2/_catalog', () => HttpResponse.json({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, { status: 429, headers: { 'Retry-After': '1' } })),
      failOnce(`/v2/team/api/blobs/:digest`, () => HttpResponse.error()),
      // A platform child of the index, read by digest after the index and its progress were counted.
      (() => {
        let failed = false;
        return http.get(`${baseUrl}/v2/other/multi/manifests/:reference`, ({ params }) => {
          if (failed || !String(params.reference).startsWith('sha256:')) return undefined;
          failed = true;
          return HttpResponse.json({ errors: [{ code: 'UNAVAILABLE', message: 'down' }] }, { status: 503 });
        });
      })(),
    );
    const delays: number[] = [];
    const crawl = await crawlRegistry(
      { ...env(), retryDelay: (failures) => (delays.push(failures), quickRetries(failures)) },
      { scope: '' },
    );
    expect(crawl.session.status).toBe('done');
    expect(delays).toEqual([0, 0, 0, 0]);
    expect(crawl.progress).toMatchObject({
      retried: 4,
      errors: 0,
      repositories: { done: 3, total: 3 },
      tags: { done: 5, total: 5 },
      manifests: { done: 6, total: 6 },
      configs: { done: 5, total: 5 },
    });
    const snapshot = await readSnapshot(baseUrl);
    expect(snapshot.repositories.map((r) => r.repository).sort()).toEqual(['other/multi', 'team/api', 'team/web']);
    expect(snapshot.repositories.every((r) => r.failedTags === undefined)).toBe(true);
    expect(await readRepository(baseUrl, 'team/web')).toMatchObject({ tags: { v1: web1.digest, latest: web1.digest } });
    // Served by the registry (the refused read never reached it): the second page from its start.
    const catalogReads = fake.requests.filter((r) => r.path.endsWith('/_catalog')).map((r) => new URLSearchParams(r.query).get('last'));
    expect(catalogReads).toEqual([null, 'team/api']);
  });

  it("a first crawl keeps a tag whose manifest does not match its digest, marks it failed, and reads the rest", async () => {
    // team/api's manifest comes back with other bytes than its digest (a GET by tag or by digest; HEAD is honest).
    const stored = fake.getManifest('team/api', '1.0');
    if (!stored) throw new Error('no team/api:1.0');
    server.use(
      http.get(`${baseUrl}/v2/team/api/manifests/:reference`, () =>
        new HttpResponse(new TextEncoder().encode(`${new TextDecoder().decode(stored.bytes)} `), { headers: { 'Content-Type': stored.mediaType, 'Docker-Content-Digest': stored.digest } }),
      ),
    );
    const crawl = await crawlRegistry(env(), { scope: '' });
    expect(crawl.session.status).toBe('done');
    expect(crawl.progress.errors).toBeGreaterThan(0);
    expect(await readRepository(baseUrl, 'team/api')).toMatchObject({ tags: { '1.0': stored.digest }, failedTags: ['1.0'] });
    expect(await readRepository(baseUrl, 'team/web')).toMatchObject({ tags: { v1: web1.digest, latest: web1.digest } });
    expect((await readRepository(baseUrl, 'team/web'))?.failedTags).toBeUndefined();
  });

  it('forgets repositories of the scope that left the catalog', async () => {
    await crawlRegistry(env(), { scope: '' });
    fake.reset();
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'x' });
    await writeSession({ registryUrl: baseUrl, scope: '', startedAt: 0, status: 'done' });
    await crawlRegistry(env(), { scope: 'team' });
    expect((await readSnapshot(baseUrl)).repositories.map((r) => r.repository).sort()).toEqual(['other/multi', 'team/web']);
  });
});
