/**
 * An Azure Container Registry as far as Regatta uses it: the v2 fake (FakeRegistry) plus ACR's
 * metadata API `/acr/v1/…` with the documented shapes (see src/registry/acr.ts for the sources):
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

  reset(): void {
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
      ...(isIndex ? { references: (body.manifests ?? []).map((child) => ({ digest: child.digest, architecture: child.platform?.architecture, os: child.platform?.os })) } : {}),
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

  /** n/last paging over keys sorted ascending; Link names the next page, relative, like ACR. */
  function page<T>(url: URL, path: string, keys: string[], entry: (key: string) => T | null) {
    const n = Math.max(1, Math.min(1000, Number(url.searchParams.get('n') ?? defaultN) || defaultN));
    const last = url.searchParams.get('last');
    const sorted = [...keys].sort();
    const rest = last ? sorted.filter((key) => key > last) : sorted;
    const chunk = rest.slice(0, n);
    const items = chunk.map(entry).filter((item): item is T => item !== null);
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    const lastKey = chunk.at(-1);
    if (rest.length > n && lastKey !== undefined) headers.Link = `<${path}?last=${encodeURIComponent(lastKey)}&n=${n}&orderby=>; rel="next"`;
    return { items, headers };
  }

  const repoOf = (raw: string) => decodeURIComponent(raw);

  return [
    http.get(`${base}/acr/v1/_catalog`, () => HttpResponse.json({ repositories: fake.catalog() })),

    http.get(new RegExp(`^${escape(base)}/acr/v1/(.+)/_manifests(\\?.*)?$`), ({ request }) => {
      const url = new URL(request.url);
      const repo = repoOf(/\/acr\/v1\/(.+)\/_manifests$/.exec(url.pathname)?.[1] ?? '');
      if (!fake.hasRepository(repo)) return notFound('NAME_UNKNOWN', 'repository name not known to registry');
      const { items, headers } = page(url, url.pathname, fake.manifestDigests(repo), (digest) => manifestEntry(repo, digest));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, manifests: items }, { headers });
    }),

    http.get(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags(\\?.*)?$`), ({ request }) => {
      const url = new URL(request.url);
      const repo = repoOf(/\/acr\/v1\/(.+)\/_tags$/.exec(url.pathname)?.[1] ?? '');
      if (!fake.hasRepository(repo)) return notFound('NAME_UNKNOWN', 'repository name not known to registry');
      let tags: string[];
      try {
        tags = fake.listTags(repo) ?? [];
      } catch {
        tags = [];
      }
      const { items, headers } = page(url, url.pathname, tags, (tag) => tagEntry(repo, tag));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, tags: items }, { headers });
    }),

    http.patch(new RegExp(`^${escape(base)}/acr/v1/(.+)/_manifests/([^/]+)$`), async ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', digest = ''] = /\/acr\/v1\/(.+)\/_manifests\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
      const reference = decodeURIComponent(digest);
      if (!isDigest(reference) || !fake.getManifest(repo, reference)) return notFound('MANIFEST_UNKNOWN', 'manifest unknown');
      acr.setManifestAttributes(repo, reference, pickAttributes(await request.json()));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, manifest: manifestEntry(repo, reference) });
    }),

    http.patch(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags/([^/]+)$`), async ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', tag = ''] = /\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
      if (!tagEntry(repo, tag)) return notFound('TAG_UNKNOWN', 'the specified tag does not exist');
      acr.setTagAttributes(repo, tag, pickAttributes(await request.json()));
      return HttpResponse.json({ registry: acr.loginServer, imageName: repo, tag: tagEntry(repo, tag) });
    }),

    http.delete(new RegExp(`^${escape(base)}/acr/v1/(.+)/_tags/([^/]+)$`), ({ request }) => {
      const url = new URL(request.url);
      const [, rawRepo = '', tag = ''] = /\/acr\/v1\/(.+)\/_tags\/([^/]+)$/.exec(url.pathname) ?? [];
      const repo = repoOf(rawRepo);
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
