import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { createIndexClient } from '../../registry/index-client';
import { resetCrawlStoreForTests, writeFacts, writeRepository } from '../../queries/crawl-store';
import { stubLayout } from '../../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { CatalogPage } from './catalog-page';
import { forgetTreeViewsForTests } from './tree-view-memory';

const { server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
afterEach(() => {
  forgetTreeViewsForTests();
  resetCrawlStoreForTests();
});
stubLayout({ clientHeight: 560 });

const INDEX_URL = 'http://index.test';
const indexRequests: URL[] = [];
afterEach(() => {
  indexRequests.length = 0;
});

interface Row {
  name: string;
  tagCount: number;
  sizeBytes: number;
  lastPush: string | null;
}

/** The catalog answers `names`; the index answers `rows` in pages as regatta-index does (n, last → next). */
function serve(names: string[], rows: Row[] | 'fail') {
  server.use(
    http.get(`${baseUrl}/v2/_catalog`, () => HttpResponse.json({ repositories: names })),
    http.get(`${INDEX_URL}/index/v1/repositories`, ({ request }) => {
      const url = new URL(request.url);
      indexRequests.push(url);
      if (rows === 'fail') return HttpResponse.json({ error: { code: 'INTERNAL', message: 'database is locked' } }, { status: 500 });
      const n = Number(url.searchParams.get('n') ?? 100);
      const last = url.searchParams.get('last');
      const sorted = [...rows].sort((a, b) => (a.name < b.name ? -1 : 1));
      const from = last === null ? 0 : sorted.findIndex((row) => row.name > last);
      const page = from < 0 ? [] : sorted.slice(from, from + n);
      const next = from >= 0 && from + n < sorted.length ? (page.at(-1)?.name ?? null) : null;
      return HttpResponse.json({ repositories: page.map((row) => ({ ...row, manifestCount: row.tagCount, untaggedCount: 0 })), next });
    }),
  );
}

function renderCatalog(withIndex = true) {
  const client = createTestClient(baseUrl);
  const index = withIndex ? createIndexClient({ baseUrl: INDEX_URL, fetch: (...args) => fetch(...args) }) : undefined;
  return renderWithProviders(<CatalogPage />, { route: '/', registry: { client, index } });
}

const bulk = Array.from({ length: 1200 }, (_, i) => `bulk/r-${String(i).padStart(4, '0')}`);
const TODAY = new Date(Date.now() - 3 * 3600_000).toISOString();

describe('catalog figures', () => {
  it('reads every page of the index (past 1,000) and shows counts, sizes and sums on namespaces', async () => {
    const rows: Row[] = [
      ...bulk.map((name) => ({ name, tagCount: 2, sizeBytes: 1000, lastPush: '2026-01-01T00:00:00Z' })),
      { name: 'team/a', tagCount: 3, sizeBytes: 2_500_000, lastPush: TODAY },
      { name: 'team/empty', tagCount: 0, sizeBytes: 0, lastPush: null },
    ];
    serve([...bulk, 'team/a', 'team/b', 'team/empty'], rows);
    const { user } = renderCatalog();

    const tree = await screen.findByRole('tree', { name: 'Repositories' });
    // Every repository of `bulk` is known: exact sums, and the newest push.
    const bulkRow = await within(tree).findByRole('treeitem', { name: /^bulk, 1,200 repositories, 2,400 tags, 1\.2 MB, last push/ });
    expect(bulkRow).toHaveTextContent('2,400 tags');
    expect(indexRequests.map((url) => [url.searchParams.get('n'), url.searchParams.get('last')])).toEqual([
      ['1000', null],
      ['1000', 'bulk/r-0999'],
    ]);
    expect(screen.getByText(/Counts from the index, as of/)).toBeInTheDocument();

    // team/b is not in the index: it stays blank, and team's sums are lower bounds.
    const team = within(tree).getByRole('treeitem', { name: /^team, 3 repositories, at least 3 tags \(2 of 3 repositories known\), at least 2\.5 MB/ });
    expect(team).toHaveTextContent('≥ 3 tags');
    expect(team.getAttribute('aria-label')).not.toMatch(/last push/);
    await user.click(within(team).getByRole('button', { name: 'Expand team' }));
    expect(within(tree).getByRole('treeitem', { name: /^a, 3 tags, 2\.5 MB, last push 3 hours ago$/ })).toBeInTheDocument();
    expect(within(tree).getByRole('treeitem', { name: 'b' })).not.toHaveTextContent(/\d/);
    // Known to be empty is 0, said as such.
    expect(within(tree).getByRole('treeitem', { name: /^empty, 0 tags, 0 B$/ })).toBeInTheDocument();
  });

  it('falls back when the index fails: tag counts of visited repositories, and says so', async () => {
    serve(['team/a', 'team/b'], 'fail');
    const rendered = renderCatalog();
    rendered.queryClient.setQueryData(['registry', baseUrl, 'repo', 'team/a', 'tags'], ['v1', 'v2']);

    expect(await screen.findByText(/The index did not answer \(The registry index refused: database is locked\)/)).toHaveTextContent(
      /\. Tag counts from repositories opened in this session\.$/,
    );
    const tree = screen.getByRole('tree', { name: 'Repositories' });
    expect(await within(tree).findByRole('treeitem', { name: /^a, 2 tags$/ })).toBeInTheDocument();
    expect(within(tree).getByRole('treeitem', { name: 'b' })).not.toHaveTextContent(/\d/);
    expect(within(tree).getByRole('treeitem', { name: /^team, 2 repositories, at least 2 tags \(1 of 2 repositories known\)$/ })).toBeInTheDocument();
  });

  it('without an index, takes tag counts and sizes from the audit crawl and names its date', async () => {
    serve(['team/a', 'team/b'], []);
    await writeFacts(baseUrl, [{ digest: 'sha256:img', kind: 'image', blobs: [['sha256:cfg', 500], ['sha256:layer', 1_500]] }]);
    await writeRepository({ registryUrl: baseUrl, repository: 'team/a', tags: { v1: 'sha256:img', latest: 'sha256:img' }, crawledAt: Date.parse('2026-11-30T10:00:00Z') });
    renderCatalog(false);

    const tree = await screen.findByRole('tree', { name: 'Repositories' });
    expect(await within(tree).findByRole('treeitem', { name: /^a, 2 tags, 2\.0 KB$/ })).toBeInTheDocument();
    expect(screen.getByText((_, element) => element?.tagName === 'P' && /^Counts from the audit of .+\.$/.test(element.textContent ?? ''))).toBeInTheDocument();
    expect(indexRequests).toEqual([]);
  });
});
