import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { flushRevisitWrites, readRememberedCatalog, resetRevisitCacheForTests } from '../../queries/revisit-cache';
import { stubLayout } from '../../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { CatalogPage } from './catalog-page';
import { forgetTreeViewsForTests } from './tree-view-memory';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
afterEach(forgetTreeViewsForTests);
stubLayout({ clientHeight: 560 });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetRevisitCacheForTests();
});

const blob = new Uint8Array([1]);
const addRepositories = async (names: string[]) => {
  for (const name of names) await fake.putBlob(name, blob);
};
/** A new browser session: fresh query client and registry client, the same IndexedDB. */
const visit = () => renderWithProviders(<CatalogPage />, { route: '/', registry: { client: createTestClient(baseUrl), catalogPageSize: 1000 } });
const status = () => screen.getByRole('status');
const tree = () => screen.getByRole('tree', { name: 'Repositories' });

describe('the catalog on a revisit', () => {
  it('shows the list the last visit read at once, then the registry’s', async () => {
    await addRepositories(['team/app', 'team/old']);
    const first = visit();
    await waitFor(() => expect(status()).toHaveTextContent(/^2 repositories$/));
    first.unmount();
    // The list is saved through a lazy import: wait until it has reached IndexedDB.
    await waitFor(async () => {
      await flushRevisitWrites();
      expect(await readRememberedCatalog(baseUrl)).toBeDefined();
    });

    await addRepositories(['team/new']);
    fake.requests.length = 0;
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Returning nothing passes the request on to the fake registry.
    server.use(http.get(`${baseUrl}/v2/_catalog`, async () => void (await held)));

    visit();
    await waitFor(() => expect(status()).toHaveTextContent(/^2 repositories \(from cache, as of .+; refreshing\)$/));
    expect(within(tree()).getByRole('treeitem', { name: /^team, 2 repositories/ })).toBeInTheDocument();
    // Nothing has reached the registry yet: the list is the remembered one.
    expect(fake.requests.filter((entry) => entry.path === '/v2/_catalog')).toHaveLength(0);

    release();
    await waitFor(() => expect(status()).toHaveTextContent(/^3 repositories$/));
    expect(within(tree()).getByRole('treeitem', { name: /^team, 3 repositories/ })).toBeInTheDocument();
  });
});
