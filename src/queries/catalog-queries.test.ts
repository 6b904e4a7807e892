// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../registry/client';
import { catalogQueryOptions, FIRST_CATALOG_PAGE_SIZE, type CatalogData } from './catalog-queries';

const BASE = 'http://registry.test';
const NAMES = Array.from({ length: 2_500 }, (_, i) => `team-${String(i % 50).padStart(2, '0')}/app-${String(i).padStart(4, '0')}`).sort();
const requested: string[] = [];
let laterPages: Promise<void> = Promise.resolve();

// distribution's paging: n names after `last`, and a relative Link when more remain.
const server = setupServer(
  http.get(`${BASE}/v2/_catalog`, async ({ request }) => {
    const url = new URL(request.url);
    requested.push(url.search);
    const n = Number(url.searchParams.get('n'));
    const last = url.searchParams.get('last');
    if (last !== null) await laterPages;
    const after = last === null ? NAMES : NAMES.filter((name) => name > last);
    const page = after.slice(0, n);
    const more = after.length > page.length;
    return HttpResponse.json({ repositories: page }, { headers: more ? { Link: `</v2/_catalog?last=${encodeURIComponent(page.at(-1)!)}&n=${n}>; rel="next"` } : {} });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  requested.length = 0;
  laterPages = Promise.resolve();
});
afterAll(() => server.close());

// fetch is looked up at each call: msw patches it once the server listens.
const registry = { url: BASE, client: createRegistryClient({ baseUrl: BASE, fetch: (input, init) => fetch(input, init) }), catalogPageSize: 1000 };

describe('catalogQueryOptions', () => {
  it('shows a short first page while the rest is read in full pages', async () => {
    let release: () => void = () => undefined;
    laterPages = new Promise((resolve) => (release = resolve));
    const queryClient = new QueryClient();
    const options = catalogQueryOptions(registry);
    const done = queryClient.fetchQuery(options);

    await expect.poll(() => queryClient.getQueryData<CatalogData>(options.queryKey)?.names.length).toBe(FIRST_CATALOG_PAGE_SIZE);
    expect(queryClient.getQueryData<CatalogData>(options.queryKey)?.complete).toBe(false);
    await expect.poll(() => requested.length).toBe(2); // the second page is on its way meanwhile

    release();
    expect(await done).toEqual({ names: NAMES, complete: true });
    // 100, then 900 (up to where a first page of 1,000 would end), then 1,000 each.
    expect(requested.map((search) => new URLSearchParams(search).get('n'))).toEqual(['100', '900', '1000', '1000']);
    expect(new URLSearchParams(requested[1]).get('last')).toBe(NAMES[99]);
    expect(new URLSearchParams(requested[2]).get('last')).toBe(NAMES[999]);
  });

  it('reads a list already on screen again in full pages (nothing to show sooner)', async () => {
    const queryClient = new QueryClient();
    const options = catalogQueryOptions(registry);
    await queryClient.fetchQuery(options);
    requested.length = 0;
    await queryClient.fetchQuery({ ...options, staleTime: 0 });
    expect(requested.map((search) => new URLSearchParams(search).get('n'))).toEqual(['1000', '1000', '1000']);
    expect(queryClient.getQueryData<CatalogData>(options.queryKey)).toEqual({ names: NAMES, complete: true });
  });
});
