import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { act, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from './memory-router';
import { resetCrawlStoreForTests } from '../queries/crawl-store';
import { resetImmutableCacheForTests } from '../queries/immutable-cache';
import { resetLedgerStoreForTests } from '../queries/ledger-store';
import type { RegistryContextValue } from '../queries/registry-context';
import { createRegistryClient } from '../registry/client';
import { pushImage } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { AppProviders } from './app-providers';
import { createCredentialsStore } from './credentials-store';
import { createTestQueryClient } from './render-with-providers';
import { appRoutes } from './router';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetImmutableCacheForTests();
  resetLedgerStoreForTests();
});

function renderApp(route: string) {
  const client = createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });
  const registry: RegistryContextValue = {
    name: 'acme',
    client,
    url: client.baseUrl,
    loginServer: 'acme.azurecr.io',
    catalogPageSize: 1000,
    readOnly: false,
    demo: false,
  };
  const router = createMemoryRouter(appRoutes, { initialEntries: [route] });
  render(
    <AppProviders queryClient={createTestQueryClient()} registry={registry} credentials={createCredentialsStore({ storage: null })}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return router;
}

describe('page titles', () => {
  it('names the image on a manifest page and the repository on its tag list', async () => {
    const image = await pushImage(fake, 'big/app', { tags: ['1.0.0'] });
    const router = renderApp('/r/big/app/-/manifest/1.0.0');
    await waitFor(() => expect(document.title).toBe('big/app:1.0.0 · Regatta'));

    await act(() => router.navigate('/r/big/app'));
    await waitFor(() => expect(document.title).toBe('big/app · Regatta'));

    await act(() => router.navigate(`/r/big/app/-/manifest/${image.digest}`));
    await waitFor(() => expect(document.title).toBe(`big/app@sha256:${image.digest.slice(7, 19)} · Regatta`));
  });

  it('names the audit, its namespace, and the other pages', async () => {
    const router = renderApp('/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit' })).toBeInTheDocument();
    expect(document.title).toBe('Audit · Regatta');

    await act(() => router.navigate('/audit/team'));
    await waitFor(() => expect(document.title).toBe('Audit of team/ · Regatta'));

    await act(() => router.navigate('/'));
    await waitFor(() => expect(document.title).toBe('Repositories · Regatta'));

    await act(() => router.navigate('/no/such/page'));
    await waitFor(() => expect(document.title).toBe('Page not found · Regatta'));
  });
});
