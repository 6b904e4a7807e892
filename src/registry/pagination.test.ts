// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from './client';
import { clampPageSize, nextPageUrl, pageSizeAt, paginate, parseLinkHeader, withPageSize } from './pagination';

describe('nextPageUrl', () => {
  const base = 'http://registry.test:5000';

  it('resolves distribution’s relative Link against the base URL', () => {
    expect(nextPageUrl('</v2/_catalog?last=a%2Fb&n=100>; rel="next"', base)).toBe('http://registry.test:5000/v2/_catalog?last=a%2Fb&n=100');
    expect(nextPageUrl('</v2/_catalog?last=a%2Fb&n=100>; rel="next"', `${base}/`)).toBe('http://registry.test:5000/v2/_catalog?last=a%2Fb&n=100');
  });

  it('keeps an absolute Link', () => {
    expect(nextPageUrl('<https://other.test/v2/_catalog?last=z&n=5>; rel=next', base)).toBe('https://other.test/v2/_catalog?last=z&n=5');
  });

  it('returns a path when the base URL is the same origin ("")', () => {
    expect(nextPageUrl('</v2/_catalog?last=a%2Fb&n=100>; rel="next"', '')).toBe('/v2/_catalog?last=a%2Fb&n=100');
    expect(nextPageUrl('<http://internal:5000/v2/_catalog?last=x>; rel="next"', '')).toBe('/v2/_catalog?last=x');
  });

  it('puts back a proxy path prefix the registry does not know about', () => {
    expect(nextPageUrl('</v2/_catalog?last=x&n=2>; rel="next"', 'https://host.test/registry')).toBe('https://host.test/registry/v2/_catalog?last=x&n=2');
    expect(nextPageUrl('</registry/v2/_catalog?last=x>; rel="next"', 'https://host.test/registry')).toBe('https://host.test/registry/v2/_catalog?last=x');
  });

  it("puts the prefix back on ACR's /acr/v1/ links too, keeping orderby", () => {
    const link = '</acr/v1/team/app/_tags?last=v100&n=100&orderby=timedesc>; rel="next"';
    expect(nextPageUrl(link, 'https://host.test/registry')).toBe('https://host.test/registry/acr/v1/team/app/_tags?last=v100&n=100&orderby=timedesc');
    expect(nextPageUrl('</registries/b/acr/v1/x/_manifests?last=sha256%3Aab&n=2>; rel="next"', 'http://app.test/registries/b')).toBe('http://app.test/registries/b/acr/v1/x/_manifests?last=sha256%3Aab&n=2');
    // Only the registry's API roots: another path is left as the registry wrote it.
    expect(nextPageUrl('</other/acr/v1/x>; rel="next"', 'https://host.test/registry')).toBe('https://host.test/other/acr/v1/x');
  });

  it('picks rel="next" among several links, quoted or not, any case', () => {
    const header = '</v2/_catalog?last=a>; rel="prev", </v2/_catalog?last=q>; title="x, y"; REL="last next"';
    expect(nextPageUrl(header, base)).toBe('http://registry.test:5000/v2/_catalog?last=q');
    expect(nextPageUrl('</v2/x?last=1>;rel=next', base)).toBe('http://registry.test:5000/v2/x?last=1');
  });

  it('returns null on the last page', () => {
    expect(nextPageUrl(null, base)).toBeNull();
    expect(nextPageUrl('', base)).toBeNull();
    expect(nextPageUrl('</v2/_catalog?last=a>; rel="prev"', base)).toBeNull();
  });

  it('parses link parameters', () => {
    expect(parseLinkHeader('<a>; rel="next prev"; type=text/html, <b>')).toEqual([
      { target: 'a', rels: ['next', 'prev'] },
      { target: 'b', rels: [] },
    ]);
  });
});

describe('clampPageSize', () => {
  it('keeps n within 1..1000', () => {
    expect(clampPageSize(5000)).toBe(1000);
    expect(clampPageSize(1000)).toBe(1000);
    expect(clampPageSize(0)).toBe(1);
    expect(clampPageSize(-3)).toBe(1);
    expect(clampPageSize(2.7)).toBe(2);
    expect(clampPageSize(undefined)).toBe(1000);
    expect(clampPageSize(Number.NaN, 50)).toBe(50);
  });
});

describe('withPageSize', () => {
  it('sets n on a path or an absolute URL, keeping the rest of the query as the registry wrote it', () => {
    expect(withPageSize('/v2/_catalog?last=a%2Fb&n=100', 900)).toBe('/v2/_catalog?last=a%2Fb&n=900');
    expect(withPageSize('http://r.test:5000/v2/_catalog?n=100&last=a%2Fb', 1000)).toBe('http://r.test:5000/v2/_catalog?last=a%2Fb&n=1000');
    expect(withPageSize('/acr/v1/_catalog?last=x&orderby=timedesc', 50)).toBe('/acr/v1/_catalog?last=x&orderby=timedesc&n=50');
    expect(withPageSize('/v2/_catalog', 7)).toBe('/v2/_catalog?n=7');
    expect(withPageSize('/v2/_catalog?nn=1&n=2#x', 3)).toBe('/v2/_catalog?nn=1&n=3#x');
  });
});

describe('pageSizeAt', () => {
  it('starts short, then ends every page where pages of n would end', () => {
    expect([0, 1, 2, 3].map((index) => pageSizeAt(index, 100, 1000))).toEqual([100, 900, 1000, 1000]);
    expect([0, 1, 2].map((index) => pageSizeAt(index, 1000, 1000))).toEqual([1000, 1000, 1000]);
    expect([0, 1].map((index) => pageSizeAt(index, 100, 10))).toEqual([10, 10]);
  });
});

describe('paginate', () => {
  it('stops when a Link points back at a page already fetched', async () => {
    const seen: string[] = [];
    const pages = paginate('/p1', '', async (url) => {
      seen.push(url);
      return { items: [url], link: '</p1>; rel="next"' };
    });
    const out: string[][] = [];
    for await (const page of pages) out.push(page);
    expect(out).toEqual([['/p1']]);
    expect(seen).toEqual(['/p1']);
  });
});

const BASE = 'http://registry.test';
const requested: string[] = [];
const server = setupServer(
  http.get(`${BASE}/v2/_catalog`, ({ request }) => {
    const url = new URL(request.url);
    requested.push(`${url.pathname}${url.search}`);
    const last = url.searchParams.get('last');
    const n = url.searchParams.get('n');
    if (Number(n) > 1000) {
      return HttpResponse.json({ errors: [{ code: 'PAGINATION_NUMBER_INVALID', message: 'invalid number of results requested', detail: { n } }] }, { status: 400 });
    }
    if (last === null) {
      // distribution: relative Link
      return HttpResponse.json({ repositories: ['a/b', 'alpine'] }, { headers: { Link: `</v2/_catalog?last=alpine&n=${n}>; rel="next"` } });
    }
    if (last === 'alpine') {
      // another registry: absolute Link
      return HttpResponse.json({ repositories: ['nginx'] }, { headers: { Link: `<${BASE}/v2/_catalog?last=nginx&n=${n}>; rel="next"` } });
    }
    return HttpResponse.json({ repositories: null }); // last page: no Link
  }),
  http.get(`${BASE}/v2/team/app/tags/list`, ({ request }) => {
    const last = new URL(request.url).searchParams.get('last');
    if (last === null) return HttpResponse.json({ name: 'team/app', tags: ['v1', 'v2'] }, { headers: { Link: '</v2/team/app/tags/list?last=v2>; rel="next"' } });
    return HttpResponse.json({ name: 'team/app', tags: ['v10'] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requested.length = 0;
});
afterAll(() => server.close());

describe('catalogPages', () => {
  it('follows relative then absolute Links until a page has none', async () => {
    const client = createRegistryClient({ baseUrl: BASE, fetch });
    const pages: string[][] = [];
    for await (const page of client.catalogPages({ pageSize: 2 })) pages.push(page);
    expect(pages).toEqual([['a/b', 'alpine'], ['nginx'], []]);
    expect(requested).toEqual(['/v2/_catalog?n=2', '/v2/_catalog?last=alpine&n=2', '/v2/_catalog?last=nginx&n=2']);
  });

  it('asks for a short first page, then pages that end where full pages would', async () => {
    const client = createRegistryClient({ baseUrl: BASE, fetch });
    const pages: string[][] = [];
    for await (const page of client.catalogPages({ pageSize: 1000, firstPageSize: 100 })) pages.push(page);
    expect(pages).toEqual([['a/b', 'alpine'], ['nginx'], []]);
    expect(requested).toEqual(['/v2/_catalog?n=100', '/v2/_catalog?last=alpine&n=900', '/v2/_catalog?last=nginx&n=1000']);
  });

  it('never asks for a first page larger than the page size', async () => {
    const client = createRegistryClient({ baseUrl: BASE, fetch });
    for await (const page of client.catalogPages({ pageSize: 2, firstPageSize: 100 })) void page;
    expect(requested).toEqual(['/v2/_catalog?n=2', '/v2/_catalog?last=alpine&n=2', '/v2/_catalog?last=nginx&n=2']);
  });

  it('clamps n to 1000 (distribution answers 400 above)', async () => {
    const client = createRegistryClient({ baseUrl: `${BASE}/`, fetch });
    const first = await client.catalogPages({ pageSize: 5000 }).next();
    expect(first.value).toEqual(['a/b', 'alpine']);
    expect(requested[0]).toBe('/v2/_catalog?n=1000');
  });

  it('follows Link pages of tags', async () => {
    const client = createRegistryClient({ baseUrl: BASE, fetch });
    expect(await client.listTags('team/app')).toEqual(['v1', 'v2', 'v10']);
  });
});
