import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { resetCrawlStoreForTests } from '../../queries/crawl-store';
import { resetImmutableCacheForTests } from '../../queries/immutable-cache';
import { resetLedgerStoreForTests } from '../../queries/ledger-store';
import { createRegistryClient } from '../../registry/client';
import { createIndexClient, type IndexTagListRow } from '../../registry/index-client';
import { makeLayer, pushImage, type PushedImage } from '../../testing/fake-images';
import { setupTestRegistry } from '../../testing/test-server';
import { AuditPage } from './audit-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
const INDEX = 'http://index.test';
const client = () => createRegistryClient({ baseUrl, fetch: (...args) => fetch(...args) });
const index = () => createIndexClient({ baseUrl: INDEX, fetch: (...args) => fetch(...args) });
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetCrawlStoreForTests();
  resetImmutableCacheForTests();
  resetLedgerStoreForTests();
});

function row(repository: string, tag: string, image: PushedImage, created: string): IndexTagListRow {
  const layerBytes = image.layers.reduce((s, l) => s + l.size, 0);
  return {
    repository,
    tag,
    digest: image.digest,
    mediaType: image.mediaType,
    imageSize: image.size,
    created,
    updatedAt: created,
    blobs: [[image.configDigest, image.size - layerBytes], ...image.layers.map((l): [string, number] => [l.digest, l.size])],
  };
}

/** The index's answers, the tags in pages of `pageSize` (the client asks for 1000; the index may give fewer). */
function serveIndex(repositories: { name: string; untaggedCount: number }[], tags: IndexTagListRow[], pageSize = 2) {
  const requests: string[] = [];
  server.use(
    http.get(`${INDEX}/index/v1/status`, () => HttpResponse.json({ schemaVersion: 1, lastScan: { at: '2026-12-01T10:00:00.000Z' }, eventsEnabled: true })),
    http.get(`${INDEX}/index/v1/repositories`, ({ request }) => {
      requests.push(new URL(request.url).pathname + new URL(request.url).search);
      return HttpResponse.json({
        repositories: repositories.map((r) => ({ ...r, tagCount: 0, manifestCount: 0, sizeBytes: 0, lastPush: null })),
        next: null,
      });
    }),
    http.get(`${INDEX}/index/v1/tags`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url.pathname + url.search);
      const last = url.searchParams.get('last');
      const from = last ? tags.findIndex((t) => `${t.repository}:${t.tag}` === last) + 1 : 0;
      const page = tags.slice(from, from + pageSize);
      const end = from + pageSize >= tags.length;
      return HttpResponse.json({ tags: page, next: end ? null : `${page.at(-1)?.repository}:${page.at(-1)?.tag}` });
    }),
  );
  return requests;
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  return within(table).getByRole('rowheader', { name }).closest('tr') as HTMLElement;
}
const bytes = (r: HTMLElement, column: string) => Number(r.querySelector(`[data-column="${column}"] [data-bytes]`)?.getAttribute('data-bytes'));
const text = (r: HTMLElement, column: string) => r.querySelector(`[data-column="${column}"]`)?.textContent;

describe('audit page with a registry index', () => {
  it('shows every repository from the index, paged, without crawling, marked as such', async () => {
    const base = makeLayer('base', 20_000);
    const web1 = await pushImage(fake, 'team/web', { tags: ['v1', 'latest'], sharedLayers: [base], layers: [3000], seed: 'w1' });
    const web2 = await pushImage(fake, 'team/web', { tags: ['v2'], sharedLayers: [base], layers: [4000], seed: 'w2' });
    const api = await pushImage(fake, 'team/api', { tags: ['1.0'], sharedLayers: [base], layers: [5000], seed: 'a1' });
    const requests = serveIndex(
      [
        { name: 'empty', untaggedCount: 0 },
        { name: 'team/api', untaggedCount: 0 },
        { name: 'team/web', untaggedCount: 3 },
      ],
      [row('team/api', '1.0', api, daysAgo(400)), row('team/web', 'latest', web1, daysAgo(10)), row('team/web', 'v1', web1, daysAgo(10)), row('team/web', 'v2', web2, daysAgo(700))],
    );
    fake.requests.length = 0;

    renderWithProviders(<AuditPage />, { route: '/audit', path: '/audit/*', registry: { client: client(), index: index() } });
    const source = await screen.findByRole('region', { name: 'Source' });
    expect(source).toHaveTextContent(/From the index, as of/);
    expect(screen.queryByRole('button', { name: /^Crawl/ })).not.toBeInTheDocument();

    const table = await screen.findByRole('table', { name: 'Namespaces' });
    const team = rowOf(table, 'team');
    expect(text(team, 'repositories')).toBe('2');
    expect(text(team, 'tags')).toBe('4');
    expect(text(team, 'images')).toBe('3');
    expect(text(team, 'untagged')).toBe('3');
    expect(within(table).getByRole('columnheader', { name: 'Untagged' })).toBeInTheDocument();
    expect(bytes(team, 'logical')).toBe(web1.size + web2.size + api.size);
    // The shared base layer once.
    expect(bytes(team, 'stored')).toBe(web1.size + web2.size + api.size - 2 * base.byteLength);
    // team/api (400 days) is stale at 90 days, and so is the empty repository.
    const root = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(text(root, 'repositories')).toBe('3');
    expect(text(root, 'stale')).toBe('2');
    expect(text(team, 'latest')).toBe('1');

    // Two pages of tags (the index gave 2 rows per page), one of repositories; nothing asked of the registry.
    expect(requests.filter((r) => r.startsWith('/index/v1/tags'))).toHaveLength(2);
    expect(requests.filter((r) => r.startsWith('/index/v1/repositories'))).toHaveLength(1);
    expect(fake.requests).toEqual([]);
  });

  it('falls back to the crawl when the index fails, and says why', async () => {
    await pushImage(fake, 'team/web', { tags: ['v1'], seed: 'w1' });
    server.use(
      http.get(`${INDEX}/index/v1/status`, () => HttpResponse.json({ schemaVersion: 1, lastScan: null, eventsEnabled: false })),
      http.get(`${INDEX}/index/v1/repositories`, () => HttpResponse.json({ error: { code: 'INTERNAL', message: 'database locked' } }, { status: 500 })),
      http.get(`${INDEX}/index/v1/tags`, () => HttpResponse.json({ error: { code: 'INTERNAL', message: 'database locked' } }, { status: 500 })),
    );
    const { user } = renderWithProviders(<AuditPage />, { route: '/audit', path: '/audit/*', registry: { client: client(), index: index() } });
    expect(await screen.findByRole('alert')).toHaveTextContent(/The registry index does not answer.*database locked.*falls back to crawling/);
    await user.click(screen.getByRole('button', { name: 'Crawl the whole registry' }));
    expect(await screen.findByText('Crawl of the whole registry complete.')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Namespaces' });
    expect(text(rowOf(table, 'team'), 'tags')).toBe('1');
    expect(within(table).getByRole('columnheader', { name: 'Untagged (known)' })).toBeInTheDocument();
  });

  it('falls back to the crawl when the index is unreachable', async () => {
    server.use(http.get(`${INDEX}/index/v1/status`, () => HttpResponse.error()));
    renderWithProviders(<AuditPage />, { route: '/audit', path: '/audit/*', registry: { client: client(), index: index() } });
    expect(await screen.findByRole('alert')).toHaveTextContent(/The registry index does not answer/);
    expect(screen.getByRole('button', { name: 'Crawl the whole registry' })).toBeInTheDocument();
  });
});
