import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from '../registry/client';
import { pushImage, tagExisting } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { scanRepositories, type RepositoryInventory, type ScanContext, type ScanProgress } from './inventory-scan';
import { recordObservations, resetLedgerStoreForTests } from './ledger-store';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });

function scan(names: string[], { retryDelay, onProgress }: { retryDelay?: ScanContext['retryDelay']; onProgress?: (progress: ScanProgress) => void } = {}) {
  const client = createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return scanRepositories({ client, url: baseUrl, queryClient, acr: null, ...(retryDelay && { retryDelay }) }, names, { ...(onProgress && { onProgress }) });
}

/** The requests one repository cost, as "METHOD what" (tags/list, a tag, a digest, a blob). */
function requestsOf(name: string): string[] {
  const prefix = `/v2/${name}/`;
  return fake.requests
    .filter((r) => r.path.startsWith(prefix))
    .map((r) => {
      const rest = r.path.slice(prefix.length);
      if (rest === 'tags/list') return `${r.method} tags/list`;
      const [kind, reference = ''] = rest.split('/');
      return `${r.method} ${kind} ${reference.startsWith('sha256:') ? 'digest' : reference}`;
    })
    .sort();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetLedgerStoreForTests();
});

describe('the orphans scan asks the registry only what it needs', () => {
  it('per repository: tags/list and one GET per tag (no HEAD, no GET by digest); a config shared by repositories is read once', async () => {
    // The same image in three repositories: one config blob for all of them.
    const shared = ['shared/a', 'shared/b', 'shared/c'];
    for (const name of shared) await pushImage(fake, name, { tags: ['v1', 'v2'], seed: 'one-image' });
    await pushImage(fake, 'own/app', { tags: ['1.0'], seed: 'own-1' });
    await pushImage(fake, 'own/app', { tags: ['2.0'], seed: 'own-2' });
    fake.requests.length = 0;

    const inventories = await scan([...shared, 'own/app']);

    expect(inventories.every((inventory) => inventory.error === undefined)).toBe(true);
    for (const name of shared) expect(requestsOf(name).filter((r) => !r.startsWith('GET blobs'))).toEqual(['GET manifests v1', 'GET manifests v2', 'GET tags/list']);
    expect(requestsOf('own/app')).toEqual(['GET blobs digest', 'GET blobs digest', 'GET manifests 1.0', 'GET manifests 2.0', 'GET tags/list']);
    expect(shared.flatMap(requestsOf).filter((r) => r.startsWith('GET blobs'))).toHaveLength(1);
    // What the page shows is unchanged: sizes and dates come from the manifests and the config read.
    const a = inventories.find((inventory) => inventory.repository === 'shared/a');
    expect([...(a?.manifests.values() ?? [])].map((m) => [m.tags, m.created !== undefined, (m.size ?? 0) > 0])).toEqual([[['v1', 'v2'], true, true]]);
  });

  it('a repository of aliases (many tags, few images) turns to HEADs and never reads a manifest twice by digest', async () => {
    const first = await pushImage(fake, 'many/aliases', { tags: ['t00'], seed: 'alias-a' });
    const second = await pushImage(fake, 'many/aliases', { tags: ['t01'], seed: 'alias-b' });
    const tags = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    for (const [i, tag] of tags.entries()) if (i > 1) await tagExisting(fake, 'many/aliases', tag, i % 2 === 0 ? first.digest : second.digest);
    fake.requests.length = 0;

    const [inventory] = await scan(['many/aliases']);

    expect(inventory?.tags).toHaveLength(40);
    const requests = requestsOf('many/aliases');
    // One request per tag, whatever its method; nothing by digest.
    expect(requests.filter((r) => r.includes(' manifests ') && !r.endsWith('digest'))).toHaveLength(40);
    expect(requests.filter((r) => r.endsWith('manifests digest'))).toEqual([]);
    expect(requests.filter((r) => r.startsWith('HEAD')).length).toBeGreaterThan(20);
    expect(requests.filter((r) => r.startsWith('GET blobs'))).toHaveLength(2);
  });

  it('confirms a recorded untagged digest with one GET by digest (no HEAD) and drops one that is gone', async () => {
    const old = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'old' });
    const gone = await pushImage(fake, 'team/app', { tags: [], seed: 'gone' });
    await recordObservations(baseUrl, 'team/app', [
      { tag: 'v1', digest: old.digest },
      { tag: 'v0', digest: gone.digest },
    ]);
    fake.deleteManifest('team/app', gone.digest);
    const current = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'new' });
    fake.requests.length = 0;

    const [inventory] = await scan(['team/app']);

    expect(inventory?.verdicts).toEqual([{ digest: old.digest, verdict: 'orphan' }]);
    expect(inventory?.manifests.get(old.digest)?.formerTags).toEqual(['v1']);
    expect(inventory?.manifests.get(old.digest)?.size).toBe(old.size);
    expect(inventory?.tags.map((t) => t.digest)).toEqual([current.digest]);
    const manifestRequests = requestsOf('team/app').filter((r) => r.includes(' manifests '));
    expect(manifestRequests).toEqual(['GET manifests digest', 'GET manifests digest', 'GET manifests v1']);
  });
});

describe('the orphans scan and a registry that fails a few requests', () => {
  const refuse = (status: number) => () => HttpResponse.json({ errors: [{ code: 'UNAVAILABLE', message: 'down' }] }, { status });

  it('scans a repository again after a 503 or a dropped connection; what it lists is what an undisturbed scan lists', async () => {
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'web-1' });
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'web-2' });
    await pushImage(fake, 'team/api', { tags: ['1.0'], seed: 'api-1' });
    const undisturbed = await scan(['team/web', 'team/api']);

    let failures = 0;
    server.use(
      http.get(`${baseUrl}/v2/team/web/tags/list`, () => (failures++ === 0 ? refuse(503)() : undefined)),
      http.get(`${baseUrl}/v2/team/api/manifests/1.0`, () => (failures++ === 1 ? HttpResponse.error() : undefined)),
    );
    const delays: number[] = [];
    const progress: ScanProgress[] = [];
    const inventories = await scan(['team/web', 'team/api'], {
      retryDelay: (count) => (delays.push(count), count < 2 ? 1 : null),
      onProgress: (p) => progress.push(p),
    });
    expect(delays).toEqual([0, 0]);
    expect(progress.at(-1)).toMatchObject({ repositoriesDone: 2, repositoriesTotal: 2, retried: 2 });
    expect(inventories.map((inventory) => inventory.error)).toEqual([undefined, undefined]);
    const summary = (list: RepositoryInventory[]) => list.map((inventory) => [inventory.repository, inventory.tags, [...inventory.manifests.keys()].sort()]);
    expect(summary(inventories)).toEqual(summary(undisturbed));
  });

  it('a registry that stays down ends the scan with its error once the retries run out', async () => {
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'web-1' });
    server.use(http.get(`${baseUrl}/v2/team/web/tags/list`, refuse(502)));
    const delays: number[] = [];
    await expect(scan(['team/web'], { retryDelay: (count) => (delays.push(count), count < 2 ? 1 : null) })).rejects.toMatchObject({ status: 502 });
    expect(delays).toEqual([0, 1, 2]);
  });
});
