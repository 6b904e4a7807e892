/** distribution answers 400 PAGINATION_NUMBER_INVALID above 1000, and an empty list for n=0. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_CATALOG_PAGE_SIZE = 1000;

/** Clamps a requested page size to 1..1000 (non-numbers get the default). */
export function clampPageSize(n: number | undefined, fallback: number = DEFAULT_CATALOG_PAGE_SIZE): number {
  if (n === undefined || !Number.isFinite(n)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(n)));
}

interface Link {
  target: string;
  rels: string[];
}

/** RFC 8288 Link header: `<uri>; rel="next", <uri2>; rel=prev` — params may be quoted or not. */
export function parseLinkHeader(header: string): Link[] {
  const links: Link[] = [];
  const n = header.length;
  let i = 0;
  while (i < n) {
    const open = header.indexOf('<', i);
    if (open === -1) break;
    const close = header.indexOf('>', open + 1);
    if (close === -1) break;
    const link: Link = { target: header.slice(open + 1, close).trim(), rels: [] };
    links.push(link);
    i = close + 1;
    // params up to the next top-level comma
    while (i < n) {
      while (i < n && (header[i] === ' ' || header[i] === '\t' || header[i] === ';')) i++;
      if (i >= n) break;
      if (header[i] === ',') {
        i++;
        break;
      }
      const nameStart = i;
      while (i < n && !'=;,'.includes(header[i] ?? '')) i++;
      const name = header.slice(nameStart, i).trim().toLowerCase();
      let value = '';
      if (header[i] === '=') {
        i++;
        while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
        if (header[i] === '"') {
          i++;
          while (i < n && header[i] !== '"') {
            if (header[i] === '\\' && i + 1 < n) i++;
            value += header[i];
            i++;
          }
          i++;
        } else {
          const valueStart = i;
          while (i < n && !';,'.includes(header[i] ?? '')) i++;
          value = header.slice(valueStart, i).trim();
        }
      }
      if (name === 'rel') link.rels.push(...value.toLowerCase().split(/\s+/).filter(Boolean));
    }
  }
  return links;
}

const DUMMY_ORIGIN = 'http://registry.invalid';

/** Where a registry's paged listings live: the v2 API, and ACR's metadata API (`/acr/v1/…/_tags`, `_manifests`, `_catalog`). */
const REGISTRY_API_ROOTS = ['/v2/', '/acr/v1/'];

/**
 * The URL of the next page from a Link header, or null on the last page (distribution sends no
 * Link there). distribution announces a relative URL (`</v2/_catalog?last=a%2Fb&n=100>`), resolved
 * here against the registry base URL. With baseUrl '' (UI and registry on one origin) the result
 * stays a path. When the base URL has a path prefix (a proxy under /registry) and the registry —
 * unaware of the prefix — links to /v2/… or /acr/v1/…, the prefix is put back.
 */
export function nextPageUrl(linkHeader: string | null, baseUrl: string): string | null {
  if (!linkHeader) return null;
  const next = parseLinkHeader(linkHeader).find((link) => link.rels.includes('next'));
  if (!next || next.target === '') return null;
  const base = baseUrl.replace(/\/+$/, '');
  const isAbsoluteTarget = /^[a-z][a-z0-9+.-]*:/i.test(next.target);
  let resolved: URL;
  try {
    resolved = new URL(next.target, `${base === '' ? DUMMY_ORIGIN : base}/`);
  } catch {
    return null;
  }
  if (!isAbsoluteTarget && base !== '') {
    const prefix = new URL(`${base}/`).pathname.replace(/\/+$/, '');
    const api = REGISTRY_API_ROOTS.find((root) => resolved.pathname.startsWith(root));
    if (prefix !== '' && api !== undefined && !resolved.pathname.startsWith(`${prefix}${api}`)) {
      resolved.pathname = `${prefix}${resolved.pathname}`;
    }
  }
  if (base === '') return `${resolved.pathname}${resolved.search}`;
  return resolved.toString();
}

/**
 * `url` (a path or an absolute URL) with its `n` query parameter set to `n`, the rest of the query
 * kept byte for byte. distribution's Link repeats the `n` it was asked for, so a page size that
 * changes from one page to the next is written into the Link's URL.
 */
export function withPageSize(url: string, n: number): string {
  const hashAt = url.indexOf('#');
  const head = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const queryAt = head.indexOf('?');
  if (queryAt === -1) return `${head}?n=${n}${hash}`;
  const params = head.slice(queryAt + 1).split('&').filter((param) => param !== '' && !param.startsWith('n=') && param !== 'n');
  params.push(`n=${n}`);
  return `${head.slice(0, queryAt)}?${params.join('&')}${hash}`;
}

export interface Page<T> {
  items: T[];
  /** The Link header of the response, if any. */
  link: string | null;
}

/**
 * Yields page after page, following Link rel="next" until a response has none. A Link that points
 * back at a page already fetched ends the walk instead of looping forever.
 */
export async function* paginate<T>(
  firstUrl: string,
  baseUrl: string,
  fetchPage: (url: string) => Promise<Page<T>>,
  /** Rewrites the URL of page `index` (1 for the second page) before it is fetched. */
  nextUrl: (url: string, index: number) => string = (url) => url,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>();
  let url: string | null = firstUrl;
  for (let index = 1; url !== null && !seen.has(url); index++) {
    seen.add(url);
    const page: Page<T> = await fetchPage(url);
    yield page.items;
    const next = nextPageUrl(page.link, baseUrl);
    url = next === null ? null : nextUrl(next, index);
  }
}

/**
 * Page sizes for a listing that starts with a short page of `first` (the first rows arrive sooner),
 * then continues in pages of `n`: the second page asks for `n − first`, so every later page ends
 * where pages of `n` would have ended. distribution walks its storage from the first repository for
 * every `_catalog` page, so a page's cost grows with where it ends: aligned, the short first page
 * adds one request and the walk of `first` names, nothing more.
 */
export function pageSizeAt(index: number, first: number, n: number): number {
  if (first >= n) return n;
  if (index === 0) return first;
  return index === 1 ? n - first : n;
}
