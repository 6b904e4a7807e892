import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { RepositoryPage } from '../features/repository/repository-page';
import { acrDetectionQuery } from '../queries/acr-queries';
import { indexTagsQuery } from '../queries/index-queries';
import { rememberedTagsQuery } from '../queries/revisit-queries';
import type { RegistryContextValue } from '../queries/registry-context';
import { createIndexClient, type IndexClient } from '../registry/index-client';
import { indexTagsOverThreeImages } from '../testing/index-tags';
import { pushImage } from '../testing/fake-images';
import { stubLayout } from '../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { createCredentialsStore } from './credentials-store';
import { createRegistryEntries, type RegistryEntry } from './registry-entries';
import { createTestQueryClient, renderWithProviders } from './render-with-providers';
import { prefetchRouteData, preloadRouteModules, tagTableRepository } from './route-preload';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

const INDEX = 'http://index.test';
const SECOND_INDEX = 'http://second-index.test';
const tagsUrl = (index: string, name: string) => `${index}/index/v1/repositories/${name}/-/tags`;


const indexClient = (url: string) => createIndexClient({ baseUrl: url, fetch: (input, init) => fetch(input, init) });

function entry(name: string, index?: IndexClient): RegistryEntry {
  const context: RegistryContextValue = { name, client: createTestClient(baseUrl), url: baseUrl, loginServer: 'registry.test', catalogPageSize: 1000, readOnly: false, demo: false, index };
  return { context, credentials: createCredentialsStore({ storage: null }) };
}

/** Counts the requests each index gets for `name`'s tags, answering `count` tags. */
function countIndexRequests(name: string, count = 3) {
  const seen = { first: 0, second: 0 };
  server.use(
    http.get(tagsUrl(INDEX, name), () => {
      seen.first += 1;
      return HttpResponse.json({ repository: name, tags: indexTagsOverThreeImages(count) });
    }),
    http.get(tagsUrl(SECOND_INDEX, name), () => {
      seen.second += 1;
      return HttpResponse.json({ repository: name, tags: indexTagsOverThreeImages(count) });
    }),
  );
  return seen;
}

describe('tagTableRepository', () => {
  it.each([
    ['/r/team/app', 'team/app'],
    ['/r/team/app/', 'team/app'],
    ['/r/alpine', 'alpine'],
    ['/r/team/app/-/manifest/v1', null],
    ['/r/team/app/-/history/v1', null],
    ['/r/Team/App', null],
    ['/r/team%2Fapp', null],
    ['/r/', null],
    ['/', null],
    ['/orphans', null],
  ])('%s → %s', (path, repository) => {
    expect(tagTableRepository(path)).toBe(repository);
  });
});

describe('prefetchRouteData', () => {
  it("asks the shown registry's index for the repository's tags, under the table's own query", async () => {
    const seen = countIndexRequests('team/app');
    const queryClient = createTestQueryClient();
    const first = indexClient(INDEX);
    prefetchRouteData('/r/team/app', [entry('a', first), entry('b', indexClient(SECOND_INDEX))], queryClient);
    await vi.waitFor(() => expect(queryClient.getQueryData(indexTagsQuery(first, baseUrl, 'team/app').queryKey)).toHaveLength(3));
    expect(seen).toEqual({ first: 1, second: 0 });
  });

  it('follows a registry named in the address', async () => {
    const seen = countIndexRequests('team/app');
    const queryClient = createTestQueryClient();
    const second = indexClient(SECOND_INDEX);
    prefetchRouteData('/@b/r/team/app', [entry('a', indexClient(INDEX)), entry('b', second)], queryClient);
    await vi.waitFor(() => expect(queryClient.getQueryData(indexTagsQuery(second, baseUrl, 'team/app').queryKey)).toHaveLength(3));
    expect(seen).toEqual({ first: 0, second: 1 });
  });

  it("carries the signed-in user's credentials, as the table's own request would", async () => {
    let authorization: string | null = null;
    server.use(
      http.get(tagsUrl(INDEX, 'team/app'), ({ request }) => {
        authorization = request.headers.get('Authorization');
        return HttpResponse.json({ repository: 'team/app', tags: indexTagsOverThreeImages(1) });
      }),
    );
    const entries = createRegistryEntries({ registries: [{ name: 'a', url: baseUrl, index: INDEX }] }, { origin: 'http://ui.test', host: 'ui.test', fetch: (input, init) => fetch(input, init), storage: null });
    entries[0]?.credentials.set({ username: 'u', password: 'p' });
    const queryClient = createTestQueryClient();
    prefetchRouteData('/r/team/app', entries, queryClient);
    await vi.waitFor(() => expect(authorization).toBe(`Basic ${btoa('u:p')}`));
  });

  it.each([
    ['another page', '/orphans', [entry('a', indexClient(INDEX))]],
    ['a manifest page', '/r/team/app/-/manifest/v1', [entry('a', indexClient(INDEX))]],
    ['an unknown registry', '/@nope/r/team/app', [entry('a', indexClient(INDEX))]],
  ])('asks nothing for %s', async (_, path, entries) => {
    const seen = countIndexRequests('team/app');
    const queryClient = createTestQueryClient();
    prefetchRouteData(path, entries, queryClient);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
    expect(seen).toEqual({ first: 0, second: 0 });
  });

  it("without an index: reads the last visit's record and asks whether the registry is ACR, under the table's queries; no tags/list yet", async () => {
    const seen = countIndexRequests('team/app');
    const queryClient = createTestQueryClient();
    const registry = entry('a');
    prefetchRouteData('/r/team/app', [registry], queryClient);
    await vi.waitFor(() => {
      expect(queryClient.getQueryState(rememberedTagsQuery(baseUrl, 'team/app').queryKey)?.status).toBe('success');
      expect(queryClient.getQueryState(acrDetectionQuery(registry.context).queryKey)?.status).toBe('success');
    });
    expect(queryClient.getQueryData(acrDetectionQuery(registry.context).queryKey)?.acr).toBe(false);
    expect(seen).toEqual({ first: 0, second: 0 });
    expect(fake.requests.filter((r) => r.path.includes('/tags/list') || r.path.includes('/manifests/'))).toEqual([]);
  });
});

describe('preloadRouteModules', () => {
  it('loads nothing for a page that is not a tag table', async () => {
    await expect(preloadRouteModules('/orphans')).resolves.toBeUndefined();
  });

  it("loads the tag table's module for a repository, under any registry", async () => {
    await expect(preloadRouteModules('/@b/r/team/app')).resolves.toBeUndefined();
  });
});

describe('a tag table opened by its address', () => {
  it('shows the listing asked for at start-up, with no second request', async () => {
    const seen = countIndexRequests('team/app', 500);
    const queryClient = createTestQueryClient();
    const index = indexClient(INDEX);
    prefetchRouteData('/r/team/app', [entry('a', index)], queryClient);
    renderWithProviders(<RepositoryPage />, { route: '/r/team/app', path: '/r/*', queryClient, registry: { client: createTestClient(baseUrl), index } });

    expect(await screen.findByText('500 tags · 3 distinct images')).toBeInTheDocument();
    expect(screen.getByText(/From the index, as of/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveAttribute('data-resolved', '500');
    expect(seen.first).toBe(1);
    expect(fake.requests.filter((r) => r.path.includes('/tags/list') || r.path.includes('/manifests/'))).toEqual([]);
  });

  it('falls back to the registry, and says why, when that listing failed before the page rendered', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'], layers: [5000], created: '2026-02-03T04:05:06Z' });
    server.use(http.get(tagsUrl(INDEX, 'team/app'), () => HttpResponse.json({ error: { code: 'INTERNAL', message: 'database locked' } }, { status: 500 })));
    const queryClient = createTestQueryClient();
    const index = indexClient(INDEX);
    prefetchRouteData('/r/team/app', [entry('a', index)], queryClient);
    await vi.waitFor(() => expect(queryClient.getQueryState(indexTagsQuery(index, baseUrl, 'team/app').queryKey)?.status).toBe('error'));
    renderWithProviders(<RepositoryPage />, { route: '/r/team/app', path: '/r/*', queryClient, registry: { client: createTestClient(baseUrl), index } });

    const notice = await screen.findByText(/The registry index does not answer/);
    expect(notice).toHaveTextContent('database locked');
    expect(notice).toHaveTextContent('reading the tags from the registry instead');
    const row = (await screen.findByRole('link', { name: 'v1' })).closest('tr');
    if (!row) throw new Error('no row for v1');
    expect(await within(row).findByTitle(`${image.size} bytes`)).toBeInTheDocument();
  });
});
