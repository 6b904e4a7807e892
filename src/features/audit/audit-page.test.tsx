import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { resetCrawlStoreForTests } from '../../queries/crawl-store';
import { resetImmutableCacheForTests } from '../../queries/immutable-cache';
import { resetLedgerStoreForTests } from '../../queries/ledger-store';
import { createRegistryClient } from '../../registry/client';
import { makeLayer, pushImage } from '../../testing/fake-images';
import { setupTestRegistry } from '../../testing/test-server';
import { AuditPage } from './audit-page';

const { fake, baseUrl } = setupTestRegistry();
const client = () => createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });

beforeEach(() => {
  fake.reset();
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetImmutableCacheForTests();
  resetLedgerStoreForTests();
});

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const header = within(table).getByRole('rowheader', { name });
  return header.closest('tr') as HTMLElement;
}
const bytes = (row: HTMLElement, column: string) => Number(row.querySelector(`[data-column="${column}"] [data-bytes]`)?.getAttribute('data-bytes'));
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
const text = (row: HTMLElement, column: string) => row.querySelector(`[data-column="${column}"]`)?.textContent;

describe('audit page on the fake registry', () => {
  it('crawls, then shows per-namespace figures with shared layers stored once', async () => {
    const base = makeLayer('base', 20_000);
    const web1 = await pushImage(fake, 'team/web', { tags: ['v1', 'latest'], sharedLayers: [base], layers: [3000], seed: 'w1', created: daysAgo(10) });
    const web2 = await pushImage(fake, 'team/web', { tags: ['v2'], sharedLayers: [base], layers: [4000], seed: 'w2', created: daysAgo(700) });
    const api = await pushImage(fake, 'team/api', { tags: ['1.0', 'Bad_Tag'], sharedLayers: [base], layers: [5000], seed: 'a1', created: daysAgo(400) });
    await pushImage(fake, 'solo', { tags: ['x'], layers: [1000], seed: 's', created: daysAgo(20) });

    const { user, location } = renderWithProviders(<AuditPage />, {
      route: '/audit',
      path: '/audit/*',
      registry: { client: client(), namingRules: { tagPattern: 'v\\d+|latest|\\d+\\.\\d+|x' } },
    });
    expect(await screen.findByText('Nothing crawled yet in this browser.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Crawl the whole registry' }));
    expect(await screen.findByText('Crawl of the whole registry complete.')).toBeInTheDocument();
    const progress = screen.getByRole('progressbar', { name: 'Crawl progress' });
    expect(progress).toHaveAttribute('aria-valuenow', '100');

    const table = await screen.findByRole('table', { name: 'Namespaces' });
    const team = rowOf(table, 'team');
    const layerBytes = (img: typeof web1) => img.layers.reduce((s, l) => s + l.size, 0);
    const configBytes = (img: typeof web1) => img.size - layerBytes(img);
    expect(text(team, 'repositories')).toBe('2');
    expect(text(team, 'tags')).toBe('5');
    expect(text(team, 'images')).toBe('3');
    expect(bytes(team, 'logical')).toBe(web1.size + web2.size + api.size);
    // the base layer once, then every config and own layer
    const stored = base.byteLength + [web1, web2, api].reduce((s, img) => s + configBytes(img) + layerBytes(img) - base.byteLength, 0);
    expect(bytes(team, 'stored')).toBe(stored);
    expect(text(team, 'ratio')).toBe(`${(Math.round(((web1.size + web2.size + api.size) / stored) * 100) / 100).toFixed(2)}×`);
    expect(text(team, 'latest')).toBe('1');
    // team/api's newest image is 400 days old: stale at 90 days, not at 1000
    expect(text(team, 'stale')).toBe('1');
    await user.clear(screen.getByRole('spinbutton', { name: /Stale after/ }));
    await user.type(screen.getByRole('spinbutton', { name: /Stale after/ }), '1000');
    await waitFor(() => expect(text(rowOf(screen.getByRole('table', { name: 'Namespaces' }), 'team'), 'stale')).toBe('0'));
    expect(location()).toBe('/audit?stale=1000');

    // the team tag pattern flags Bad_Tag
    const violations = screen.getByRole('table', { name: 'Naming violations' });
    expect(within(violations).getByText('Bad_Tag')).toBeInTheDocument();
    expect(within(violations).getByText('tag-pattern')).toBeInTheDocument();

    // the shared base layer saves 2 × its size
    const shared = screen.getByRole('table', { name: 'Shared layers' });
    const first = within(shared).getAllByRole('row')[1] as HTMLElement;
    expect(bytes(first, 'saved')).toBe(2 * base.byteLength);

    // treemap: a rectangle per top-level namespace, named with its size; a click zooms in
    const zoom = screen.getByRole('link', { name: /^Zoom into team\/: .* stored$/ });
    expect(zoom).toHaveAttribute('data-bytes', String(stored));
    await user.click(zoom);
    expect(location()).toBe('/audit/team');
    expect(await screen.findByRole('heading', { name: 'Audit of team/' })).toBeInTheDocument();
    const scoped = await screen.findByRole('table', { name: 'Namespaces' });
    expect(bytes(rowOf(scoped, 'team/web'), 'stored')).toBe(base.byteLength + configBytes(web1) + configBytes(web2) + layerBytes(web1) + layerBytes(web2) - 2 * base.byteLength);
    expect(screen.getByRole('link', { name: 'All repositories' })).toBeInTheDocument();
  });

  it('a second crawl reads no manifest or blob again', async () => {
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'w1' });
    const { user } = renderWithProviders(<AuditPage />, { route: '/audit', path: '/audit/*', registry: { client: client() } });
    await user.click(await screen.findByRole('button', { name: 'Crawl the whole registry' }));
    await screen.findByText('Crawl of the whole registry complete.');
    const mark = fake.requests.length;
    await user.click(screen.getByRole('button', { name: 'Crawl the whole registry' }));
    await screen.findByText('Crawl of the whole registry complete.');
    await waitFor(() => expect(screen.getByTestId('crawl-reused')).toHaveTextContent('1 digests'));
    const again = fake.requests.slice(mark);
    expect(again.filter((r) => r.method === 'GET' && (r.path.includes('/manifests/') || r.path.includes('/blobs/')))).toEqual([]);
    expect(again.filter((r) => r.method === 'HEAD')).toHaveLength(1);
  });

  it('refuses an invalid namespace the way /r/<name> refuses an invalid name, without a request', async () => {
    await pushImage(fake, 'team/web', { tags: ['v1'] });
    fake.requests.length = 0;
    const { queryClient } = renderWithProviders(<AuditPage />, { route: '/audit/Team/Web', path: '/audit/*', registry: { client: client() } });
    expect(screen.getByRole('heading', { level: 1, name: 'Namespace not found' })).toBeInTheDocument();
    expect(screen.getByText(/is not a valid namespace/)).toHaveTextContent('Team/Web is not a valid namespace');
    expect(screen.queryByRole('button', { name: /^Crawl/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit the whole registry' })).toHaveAttribute('href', '/audit');
    // Nothing read, not even the stored snapshot; nothing sent.
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});
