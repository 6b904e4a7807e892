/**
 * An Azure Container Registry as far as Regatta uses it: the v2 fake (FakeRegistry) plus ACR's
 * metadata API `/acr/v1/…` as the 2021-07-01 spec describes it (Azure/azure-rest-api-specs,
 * specification/containerregistry/data-plane/Azure.ContainerRegistry/stable/2021-07-01/containerregistry.json):
 * `references` on every manifest (`[]` unless an index), `_catalog`, `_tags` and `_manifests`
 * paged by `n` (no maximum in the spec) and `last`, `orderby` (timedesc/timeasc by lastUpdateTime)
 * on `_tags` and `_manifests`, `digest` on `_tags`; with `challenge`, 401 Bearer challenges naming
 * the `metadata_read` / `metadata_write` / `delete` scopes and a token endpoint at /oauth2/token.
 * list answers wrap entries as `{ registry, imageName, manifests: [...] }` / `{ …, tags: [...] }`,
 * pages follow `n`/`last` with `Link: </acr/v1/<name>/_manifests?last=…&n=…&orderby=>; rel="next"`,
 * and a locked tag or manifest (deleteEnabled or writeEnabled false) is refused with
 * `405 REGISTRY_DISALLOWED_OPERATION`, as ACR answers (seen in Azure/acr-cli#70).
 */
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { FakeRegistry } from './fake-registry';
import { isDigest, OCI_INDEX, DOCKER_MANIFEST_LIST } from './fake-registry';

export interface AcrAttributes {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export interface AcrTimes {
  createdTime: string;
  lastUpdateTime: string;
}

const OPEN: AcrAttributes = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };
const DEFAULT_TIME = '2026-01-15T10:00:00.0000000Z';

/** Metadata ACR keeps next to the content: times and changeable attributes per manifest and per tag. */
export class AcrMetadata {
  readonly loginServer: string;
  private readonly manifestAttributes = new Map<string, AcrAttributes>();
  private readonly tagAttributes = new Map<string, AcrAttributes>();
  private readonly manifestTimes = new Map<string, AcrTimes>();
  private readonly tagTimes = new Map<string, AcrTimes>();

  constructor(
    readonly fake: FakeRegistry,
    loginServer = 'myregistry.azurecr.io',
  ) {
    this.loginServer = loginServer;
  }

  /** Scopes of every token request the fake's /oauth2/token answered (with `challenge`). */
  readonly tokenRequests: string[][] = [];

  reset(): void {
    this.tokenRequests.length = 0;
    this.manifestAttributes.clear();
    this.tagAttributes.clear();
    this.manifestTimes.clear();
    this.tagTimes.clear();
  }

  manifestLock(repo: string, digest: string): AcrAttributes {
    return this.manifestAttributes.get(`${repo}@${digest}`) ?? OPEN;
  }

  tagLock(repo: string, tag: string): AcrAttributes {
    return this.tagAttributes.get(`${repo}:${tag}`) ?? OPEN;
  }

  setManifestAttributes(repo: string, digest: string, attributes: Partial<AcrAttributes>): void {
    this.manifestAttributes.set(`${repo}@${digest}`, { ...this.manifestLock(repo, digest), ...attributes });
  }

  setTagAttributes(repo: string, tag: string, attributes: Partial<AcrAttributes>): void {
    this.tagAttributes.set(`${repo}:${tag}`, { ...this.tagLock(repo, tag), ...attributes });
  }

  setManifestTimes(repo: string, digest: string, times: Partial<AcrTimes>): void {
    this.manifestTimes.set(`${repo}@${digest}`, { ...this.manifestTimesOf(repo, digest), ...times });
  }

  setTagTimes(repo: string, tag: string, times: Partial<AcrTimes>): void {
    this.tagTimes.set(`${repo}:${tag}`, { ...this.tagTimesOf(repo, tag), ...times });
  }

  manifestTimesOf(repo: string, digest: string): AcrTimes {
    return this.manifestTimes.get(`${repo}@${digest}`) ?? { createdTime: DEFAULT_TIME, lastUpdateTime: DEFAULT_TIME };
  }

  tagTimesOf(repo: string, tag: string): AcrTimes {
    return this.tagTimes.get(`${repo}:${tag}`) ?? this.manifestTimesOf(repo, this.fake.getManifest(repo, tag)?.digest ?? '');
  }

  /** ACR refuses to delete a manifest that is locked or has a locked tag. */
  deleteRefused(repo: string, digest: string): boolean {
    if (lockedAgainstDelete(this.manifestLock(repo, digest))) return true;
    return this.fake.tagsOf(repo, digest).some((tag) => lockedAgainstDelete(this.tagLock(repo, tag)));
  }
}

/** acr purge treats either flag as a lock (Azure/acr-cli#134); so does the fake. */
function lockedAgainstDelete(attributes: AcrAttributes): boolean {
  return !attributes.deleteEnabled || !attributes.writeEnabled;
}

function disallowed(): Response {
  return HttpResponse.json(
    {
      errors: [
        {
          code: 'REGISTRY_DISALLOWED_OPERATION',
          message: 'The operation is disallowed on this registry, repository or image.',
          detail: {},
        },
      ],
    },
    { status: 405 },
  );
}

function notFound(code: string, message: string): Response {
  return HttpResponse.json({ errors: [{ code, message, detail: {} }] }, { status: 404 });
}

interface ParsedManifest {
  config?: { digest: string; size: number; mediaType: string };
  layers?: { size: number }[];
  manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[];
}

function parse(bytes: Uint8Array): ParsedManifest {
  return JSON.parse(new TextDecoder().decode(bytes)) as ParsedManifest;
}

export interface AcrHandlersOptions {
  /** Registry origin; default 'http://registry.test'. */
  baseUrl?: string;
  /** Page size when the request sends no `n` (ACR's default is 100). */
  defaultPageSize?: number;
  /**
   * Ask for tokens as ACR does: a request to /acr/v1/ without a Bearer token granting its scope
   * answers 401 `Bearer realm="<base>/oauth2/token",service="<host>",scope="…"`, and GET
   * /oauth2/token issues JWT-shaped tokens (with `exp`) for the scopes asked, recorded in
   * `acr.tokenRequests`.
   */
  challenge?: boolean;
}

/** What a fake access token grants (its JWT payload). */
interface FakeTokenClaims {
  scopes: string[];
  exp: number;
}

function fakeToken(claims: FakeTokenClaims): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.fake`;
}

function claimsOf(authorization: string | null): FakeTokenClaims | null {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    return JSON.parse(atob(payload.replaceAll('-', '+').replaceAll('_', '/'))) as FakeTokenClaims;
  } catch {
    return null;
  }
}

/** MSW handlers for `/acr/v1/…` and the lock checks ACR adds to v2 deletes and pushes. Put them BEFORE registryHandlers. */
export function acrHandlers(acr: AcrMetadata, options: AcrHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? 'http://registry.test').replace(/\/+$/, '');
  const fake = acr.fake;
  const defaultN = options.defaultPageSize ?? 100;

  function imageSize(repo: string, digest: string, depth = 0): number {
    const stored = fake.getManifest(repo, digest);
    if (!stored || depth > 2) return 0;
    const body = parse(stored.bytes);
    if (body.manifests) return body.manifests.reduce((sum, child) => sum + imageSize(repo, child.digest, depth + 1), 0);
    return (body.config?.size ?? 0) + (body.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
  }

  function configOf(repo: string, body: ParsedManifest): { os?: string; architecture?: string } {
    if (!body.config) return {};
    const blob = fake.getBlob(repo, body.config.digest);
    if (!blob) return {};
    try {
      return JSON.parse(new TextDecoder().decode(blob)) as { os?: string; architecture?: string };
    } catch {
      return {};
    }
  }

  function manifestEntry(repo: string, digest: string) {
    const stored = fake.getManifest(repo, digest);
    if (!stored) return null;
    const body = parse(stored.bytes);
    const isIndex = stored.mediaType === OCI_INDEX || stored.mediaType === DOCKER_MANIFEST_LIST;
    const config = configOf(repo, body);
    const tags = fake.tagsOf(repo, digest).sort();
    return {
      digest,
      imageSize: imageSize(repo, digest),
      ...acr.manifestTimesOf(repo, digest),
      ...(isIndex ? {} : { architecture: config.architecture ?? null, os: config.os ?? null }),
      // "empty if this is a leaf manifest and not a manifest list" (the spec): present on every manifest.
      references: isIndex ? (body.manifests ?? []).map((child) => ({ digest: child.digest, architecture: child.platform?.architecture, os: child.platform?.os })) : [],
      mediaType: stored.mediaType,
      ...(body.config ? { configMediaType: body.config.mediaType } : {}),
      // ACR leaves `tags` out for untagged manifests.
      ...(tags.length > 0 ? { tags } : {}),
      changeableAttributes: { ...acr.manifestLock(repo, digest) },
    };
  }

  function tagEntry(repo: string, tag: string) {
    const stored = fake.getManifest(repo, tag);
    if (!stored) return null;
    return { name: tag, digest: stored.digest, ...acr.tagTimesOf(repo, tag), signed: false, changeableAttributes: { ...acr.tagLock(repo, tag) } };
  }

  /**
   * n/last paging, keys ascending, or by time with `orderby` (timedesc/timeasc; `last` is then the
   * key after which to continue in that order). Link names the next page, relative, with the same
   * n and orderby. `n` has no maximum (the spec sets none).
   */
  function page<T>(url: URL, path: string, keys: string[], entry: (key: string) => T | null, timeOf: (key: string) => string = () => '') {
    const requested = Number(url.searchParams.get('n') ?? defaultN);
    const n = Number.isInteger(requested) && requested > 0 ? requested : defaultN;
    const last = url.searchParams.get('last');
    const orderby = url.searchParams.get('orderby') ?? '';
    const byTime = orderby === 'timedesc' || orderby === 'timeasc';
    const sorted = [...keys].sort((a, b) => {
      if (!byTime) return a < b ? -1 : a > b ? 1 : 0;
      const order = timeOf(a).localeCompare(timeOf(b)) * (orderby === 'timedesc' ? -1 : 1);
      return order || (a < b ? -1 : a > b ? 1 : 0);
    });
    const rest = last === null ? sorted : byTime ? sorted.slice(sorted.indexOf(last) + 1) : sorted.filter((key) => key > last);
    const chunk = rest.slice(0, n);
    const items = chunk.map(entry).filter((item): item is T => item !== null);
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    const lastKey = chunk.at(-1);
    if (rest.length > n && lastKey !== undefined) headers.Link = `<${path}?last=${encodeURIComponent(lastKey)}&n=${n}&orderby=${orderby}>; rel="next"`;
    return { items, headers };
  }

  const host = new URL(base).host;
  /** With `challenge`: null when the request's token grants `scope`, else the 401 naming it. */
  function refused(request: Request, scope: string): Response | null {
    if (!options.challenge) return null;
    const claims = claimsOf(request.headers.get('Authorization'));
    if (claims && claims.exp * 1000 > Date.now() && claims.scopes.includes(scope)) return null;
    return HttpResponse.json(
      { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: [{ Type: scope.split(':')[0], Name: scope.split(':')[1], Action: scope.split(':')[2] }] }] },
      { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${base}/oauth2/token",service="${host}",scope="${scope}"${claims ? ',error="insufficient_scope"' : ''}` } },
    );
  }

  const repoOf = (raw: string) => decodeURIComponent(raw);

  return [
    http.get(`${base}/oauth2/token`, ({ request }) => {
      if (!options.challenge) return passthroughToNext();
      const url = new URL(request.url);
      if (url.searchParams.get('service') !== host) return HttpResponse.json({ errors: [{ code: 'BAD_REQUEST', message: 'unknown service' }] }, { status: 400 });
      const scopes = url.searchParams.getAll('scope');
      acr.tokenRequests.push(scopes);
      return HttpResponse.json({ access_token: fakeToken({ scopes, exp: Math.floor(Date.now() / 1000) + 3600 }) });
    }),

    http.get(`${base}/acr/v1/_catalog`, ({ request }) => {
      const denied = refused(request, 'registry:catalog:*');
      if (denied) return denied;
      const url = new URL(request.url);
      const { items, headers } = page(url, url.pathname, fake.catalog(), (name) => name);
      return HttpResponse.json({ repositories: items }, { headers });
    }),

    http.get(new RegExp(`^${escape(base)}/acr/v1/(.+)/_manifests(\\?.*)?$`), ({ request }) => {
      const url = new URL(request.url);
      const repo = repoOf(/\/acr\/v1\/(.+)\/_manifests$/.exec(url.pathname)?.[1] ?? '');
      const denied = refused(request, `repository:${repo}:metadata_read`);
      if (denied) return denied;
      if (!fake.hasRepository(repo)) return notFound('NAME_UNKNOWN', 'repository name not known to registry');
      const { items, headers } = page(url, url.pathname, fake.manifestDigests(repo), (digest) => manifestEntry(repo, digest), (digest) => acr.manifestTimesOf(repo, digest).lastUpdateTime);
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, manifests: items }, { headers });
    }),

    http.get(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags(\\?.*)?$`), ({ request }) => {
      const url = new URL(request.url);
      const repo = repoOf(/\/acr\/v1\/(.+)\/_tags$/.exec(url.pathname)?.[1] ?? '');
      const denied = refused(request, `repository:${repo}:metadata_read`);
      if (denied) return denied;
      if (!fake.hasRepository(repo)) return notFound('NAME_UNKNOWN', 'repository name not known to registry');
      let tags: string[];
      try {
        tags = fake.listTags(repo) ?? [];
      } catch {
        tags = [];
      }
      // `digest`: only the tags pointing at that manifest.
      const digest = url.searchParams.get('digest');
      if (digest !== null) tags = tags.filter((tag) => fake.getManifest(repo, tag)?.digest === digest);
      const { items, headers } = page(url, url.pathname, tags, (tag) => tagEntry(repo, tag), (tag) => acr.tagTimesOf(repo, tag).lastUpdateTime);
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, tags: items }, { headers });
    }),

    http.patch(new RegExp(`^${escape(base)}/acr/v1/(.+)/_manifests/([^/]+)$`), async ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', digest = ''] = /\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
      const denied = refused(request, `repository:${repo}:metadata_write`);
      if (denied) return denied;
      const reference = decodeURIComponent(digest);
      if (!isDigest(reference) || !fake.getManifest(repo, reference)) return notFound('MANIFEST_UNKNOWN', 'manifest unknown');
      acr.setManifestAttributes(repo, reference, pickAttributes(await request.json()));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, manifest: manifestEntry(repo, reference) });
    }),

    http.patch(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags/([^/]+)$`), async ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', tag = ''] = /\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
      const denied = refused(request, `repository:${repo}:metadata_write`);
      if (denied) return denied;
      if (!tagEntry(repo, tag)) return notFound('TAG_UNKNOWN', 'the specified tag does not exist');
      acr.setTagAttributes(repo, tag, pickAttributes(await request.json()));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, tag: tagEntry(repo, tag) });
    }),

    http.delete(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags/([^/]+)$`), ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', tag = ''] = /\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
      const denied = refused(request, `repository:${repo}:delete`);
      if (denied) return denied;
      if (!tagEntry(repo, tag)) return notFound('TAG_UNKNOWN', 'the specified tag does not exist');
      if (lockedAgainstDelete(acr.tagLock(repo, tag))) return disallowed();
      fake.deleteTag(repo, tag);
      return new HttpResponse(null, { status: 202 });
    }),

    // ACR's locks on the v2 API: a locked manifest (or one with a locked tag) is not deleted, and
    // a write-locked tag is not overwritten. Everything else falls through to registryHandlers.
    http.delete(new RegExp(`^${escape(base)}/v2/(.+)/manifests/(sha256:[a-f0-9]{64})$`), ({ request }) => {
      const [, repo = '', digest = ''] = /\/v2\/(.+)\/manifests\/([^/]+)$/.exec(new URL(request.url).pathname) ?? [];
      if (fake.getManifest(repo, digest) && acr.deleteRefused(repo, digest)) return disallowed();
      return passthroughToNext();
    }),
    http.put(new RegExp(`^${escape(base)}/v2/(.+)/manifests/([^/]+)$`), ({ request }) => {
      const [, repo = '', reference = ''] = /\/v2\/(.+)\/manifests\/([^/]+)$/.exec(new URL(request.url).pathname) ?? [];
      if (!isDigest(reference) && fake.getManifest(repo, reference) && !acr.tagLock(repo, reference).writeEnabled) return disallowed();
      return passthroughToNext();
    }),
  ];
}

/** Returning nothing lets MSW try the next handler (the v2 fake); msw's passthrough() would skip them all. */
function passthroughToNext(): undefined {
  return undefined;
}

function pickAttributes(body: unknown): Partial<AcrAttributes> {
  const out: Partial<AcrAttributes> = {};
  if (typeof body !== 'object' || body === null) return out;
  const record = body as Record<string, unknown>;
  for (const key of ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const) {
    if (typeof record[key] === 'boolean') out[key] = record[key];
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
