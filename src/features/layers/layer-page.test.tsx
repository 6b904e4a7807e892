import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { resetCrawlStoreForTests, writeFacts, writeRepository } from '../../queries/crawl-store';
import { resetLedgerStoreForTests } from '../../queries/ledger-store';
import { createRegistryClient } from '../../registry/client';
import { LayerPage } from './layer-page';

const URL_ = 'http://registry.test';
const d = (n: string) => `sha256:${n.padStart(64, '0')}`;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetLedgerStoreForTests();
});

it('lists the repositories and tags whose images use a layer, platforms of an index included', async () => {
  const base = d('ba5e');
  await writeFacts(URL_, [
    { digest: d('1'), kind: 'image', blobs: [[d('c1'), 10], [base, 5000], [d('a1'), 100]] },
    { digest: d('2'), kind: 'image', blobs: [[d('c2'), 10], [d('a2'), 100]] },
    { digest: d('31'), kind: 'image', blobs: [[d('c31'), 10], [base, 5000]] },
    { digest: d('3'), kind: 'index', blobs: [], children: [d('31')] },
  ]);
  await writeRepository({ registryUrl: URL_, repository: 'team/web', tags: { v1: d('1'), latest: d('1'), other: d('2') }, crawledAt: 1 });
  await writeRepository({ registryUrl: URL_, repository: 'team/multi', tags: { '1.0': d('3') }, crawledAt: 1 });

  renderWithProviders(<LayerPage />, { route: `/layers/${base}`, path: '/layers/:digest', registry: { client: createRegistryClient({ baseUrl: URL_, fetch: (...a) => fetch(...a) }) } });
  const table = await screen.findByRole('table', { name: 'Images using this blob' });
  const rows = within(table).getAllByRole('row').slice(1);
  expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['team/multi', 'team/web']);
  expect(within(rows[1] as HTMLElement).getByRole('link', { name: 'latest' })).toHaveAttribute('href', '/r/team/web/-/manifest/latest');
  expect(within(rows[1] as HTMLElement).queryByRole('link', { name: 'other' })).not.toBeInTheDocument();
  expect(within(rows[0] as HTMLElement).getByText('(platform of an index)')).toBeInTheDocument();
  // The shared table rules: the manifest's digest shortened by width, whole in its link, with a copy button.
  expect(within(rows[1] as HTMLElement).getByRole('link', { name: d('1') })).toHaveAttribute('href', `/r/team/web/-/manifest/${d('1')}`);
  expect(within(rows[1] as HTMLElement).getByRole('button', { name: 'Copy digest of the image in team/web' })).toBeInTheDocument();
  expect(screen.getByText(/used by 2 images in 2 repositories/)).toBeInTheDocument();
});

it('counts distinct image manifests, not tags or copies of one manifest in other repositories', async () => {
  const base = d('ba5e');
  await writeFacts(URL_, [
    { digest: d('1'), kind: 'image', blobs: [[d('c1'), 10], [base, 5000]] },
    { digest: d('2'), kind: 'image', blobs: [[d('c2'), 10], [base, 5000]] },
    { digest: d('3'), kind: 'index', blobs: [], children: [d('2')] },
    { digest: d('4'), kind: 'index', blobs: [], children: [d('2')] },
  ]);
  // d('1') is tagged three times in one repository and copied to two others; d('2') is a platform of two indexes.
  await writeRepository({ registryUrl: URL_, repository: 'a/one', tags: { v1: d('1'), latest: d('1'), stable: d('1') }, crawledAt: 1 });
  await writeRepository({ registryUrl: URL_, repository: 'b/one-copy', tags: { v1: d('1'), also: d('1') }, crawledAt: 1 });
  await writeRepository({ registryUrl: URL_, repository: 'c/multi', tags: { '1.0': d('3'), '1.1': d('4'), plain: d('2') }, crawledAt: 1 });

  renderWithProviders(<LayerPage />, { route: `/layers/${base}`, path: '/layers/:digest', registry: { client: createRegistryClient({ baseUrl: URL_, fetch: (...a) => fetch(...a) }) } });
  await screen.findByRole('table', { name: 'Images using this blob' });
  expect(screen.getByText(/used by 2 images in 3 repositories/)).toBeInTheDocument();
});

it('says when no crawled image uses the blob', async () => {
  renderWithProviders(<LayerPage />, { route: `/layers/${d('f')}`, path: '/layers/:digest', registry: { client: createRegistryClient({ baseUrl: URL_, fetch: (...a) => fetch(...a) }) } });
  expect(await screen.findByText(/No crawled image uses this blob/)).toBeInTheDocument();
});
