import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import { clear, createStore } from 'idb-keyval';
import { http } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { shortDigest } from '../../components/ui/format';
import { flushWrites, resetImmutableCacheForTests } from '../../queries/immutable-cache';
import { flushRevisitWrites, readRememberedTags, resetRevisitCacheForTests } from '../../queries/revisit-cache';
import { createRegistryClient } from '../../registry/client';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { stubLayout } from '../../testing/jsdom-layout';
import { setupTestRegistry } from '../../testing/test-server';
import { RepositoryPage } from './repository-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetImmutableCacheForTests();
  resetRevisitCacheForTests();
});

const REPO = 'team/app';

/** A new browser session: a fresh query client and registry client, the same IndexedDB. */
function visit(url = baseUrl) {
  const client = createRegistryClient({ baseUrl: url, fetch: (input, init) => fetch(input, init) });
  return renderWithProviders(<RepositoryPage />, { route: `/r/${REPO}`, path: '/r/*', registry: { client, url, loginServer: 'registry.test' } });
}

const table = () => screen.getByRole('table', { name: /^Tags of / });
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};
const shownTags = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('link')[0]?.textContent);

/** A first visit that resolves every row, then leaves the page (which saves what it saw). */
async function firstVisit() {
  const page = visit();
  await waitFor(() => expect(within(table()).queryAllByRole('row', { busy: true })).toHaveLength(0));
  page.unmount();
  // Leaving saves through a lazy import: wait until the save has reached IndexedDB.
  await waitFor(async () => {
    await flushRevisitWrites();
    expect(await readRememberedTags(baseUrl, REPO)).toBeDefined();
  });
  await flushWrites();
}

/** Holds every request to the registry until `release` is called. */
function holdRegistry() {
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // Returning nothing passes the request on to the fake registry's handlers.
  server.use(http.all(`${baseUrl}/*`, async () => void (await held)));
  return { release: () => release() };
}

describe('a revisit starts from the last visit', () => {
  it('shows the remembered tags with digest, size and date before the registry answers, each marked Checking', async () => {
    const one = await pushImage(fake, REPO, { tags: ['v1'], layers: [5000], created: '2026-02-03T04:05:06Z' });
    await pushImage(fake, REPO, { tags: ['v2'], layers: [7000] });
    await firstVisit();

    const gate = holdRegistry();
    fake.requests.length = 0;
    visit();
    // Size and date (the manifest and config from IndexedDB) while the registry has not answered anything.
    await waitFor(() => expect(rowOf('v1').querySelector('time[datetime="2026-02-03T04:05:06.000Z"]')).not.toBeNull());
    expect(rowOf('v1')).toHaveTextContent(/\d KB/);
    expect(within(rowOf('v1')).getByRole('link', { name: shortDigest(one.digest) })).toBeInTheDocument();
    expect(within(rowOf('v1')).getByRole('img', { name: 'Checking' })).toBeInTheDocument();
    expect(screen.getByText(/^From cache, as of/)).toBeInTheDocument();
    expect(fake.requests).toEqual([]);

    gate.release();
    await waitFor(() => expect(within(table()).queryAllByRole('img', { name: 'Checking' })).toHaveLength(0));
    expect(screen.queryByText(/^From cache, as of/)).not.toBeInTheDocument();
    expect(shownTags()).toEqual(['v1', 'v2']);
    // The revisit re-resolved tags only: manifests and configs came from IndexedDB.
    expect(fake.requests.filter((r) => r.method === 'GET' && !r.path.endsWith('/tags/list') && !r.path.includes('/acr/'))).toEqual([]);
  });

  it('updates a moved tag in place, drops a deleted tag and adds a new one', async () => {
    const one = await pushImage(fake, REPO, { tags: ['v1'], layers: [5000] });
    const two = await pushImage(fake, REPO, { tags: ['v2'], layers: [7000] });
    await firstVisit();

    const moved = await pushImage(fake, REPO, { tags: ['v1'], layers: [9000], seed: 'moved' });
    fake.deleteManifest(REPO, two.digest);
    await tagExisting(fake, REPO, 'v3', one.digest);

    const gate = holdRegistry();
    visit();
    await waitFor(() => expect(within(rowOf('v1')).getByRole('link', { name: shortDigest(one.digest) })).toBeInTheDocument());
    expect(within(rowOf('v1')).getByRole('img', { name: 'Checking' })).toBeInTheDocument();
    expect(shownTags()).toEqual(['v1', 'v2']);

    gate.release();
    await waitFor(() => expect(within(rowOf('v1')).getByRole('link', { name: shortDigest(moved.digest) })).toBeInTheDocument());
    await waitFor(() => expect(shownTags()).toEqual(['v1', 'v3']));
    await waitFor(() => expect(within(table()).queryAllByRole('img', { name: 'Checking' })).toHaveLength(0));
    await waitFor(() => expect(within(rowOf('v3')).getByRole('link', { name: shortDigest(one.digest) })).toBeInTheDocument());
  });

  it('saves the digests and each image’s row as soon as the table completes, without leaving the page', async () => {
    const one = await pushImage(fake, REPO, { tags: ['v1', 'latest'], layers: [5000] });
    const two = await pushImage(fake, REPO, { tags: ['v2'], layers: [7000] });
    visit();
    await waitFor(async () => {
      const saved = await readRememberedTags(baseUrl, REPO);
      expect([...(saved?.summaries.keys() ?? [])].sort()).toEqual([one.digest, two.digest].sort());
    });
    const saved = await readRememberedTags(baseUrl, REPO);
    expect(saved?.heads.get('latest')?.digest).toBe(one.digest);
    expect(saved?.summaries.get(two.digest)).toMatchObject({ kind: 'image', complete: true, size: expect.any(Number) as number });
  });

  it('renders the whole table from that one record: no manifest or config is read, before or after the HEADs confirm it', async () => {
    await pushImage(fake, REPO, { tags: ['v1'], layers: [5000], created: '2026-02-03T04:05:06Z' });
    await pushImage(fake, REPO, { tags: ['v2'], layers: [7000], created: '2026-02-04T04:05:06Z' });
    await firstVisit();
    // The image cache is gone (evicted, cleared): only the remembered table is left.
    await clear(createStore('regatta-immutable', 'by-digest'));
    resetImmutableCacheForTests();

    const gate = holdRegistry();
    fake.requests.length = 0;
    visit();
    await waitFor(() => expect(rowOf('v2').querySelector('time[datetime="2026-02-04T04:05:06.000Z"]')).not.toBeNull());
    expect(rowOf('v1').querySelector('time[datetime="2026-02-03T04:05:06.000Z"]')).not.toBeNull();
    for (const tag of ['v1', 'v2']) {
      expect(rowOf(tag)).toHaveTextContent(/\d KB/);
      expect(within(rowOf(tag)).getByRole('img', { name: 'Checking' })).toBeInTheDocument();
    }
    expect(fake.requests).toEqual([]);

    gate.release();
    await waitFor(() => expect(within(table()).queryAllByRole('row', { busy: true })).toHaveLength(0));
    expect(within(table()).queryAllByRole('img', { name: 'Checking' })).toHaveLength(0);
    expect(rowOf('v2')).toHaveTextContent(/\d KB/);
    // HEADs (and tags/list) only: the rows' sizes and dates were never read again.
    expect(fake.requests.filter((r) => r.method === 'GET' && !r.path.endsWith('/tags/list') && !r.path.includes('/acr/'))).toEqual([]);
    expect(fake.requests.filter((r) => r.method === 'HEAD')).toHaveLength(2);
  });
});
