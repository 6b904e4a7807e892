/**
 * Azure Container Registry's metadata API (`/acr/v1/…`), next to the v2 API on the same host.
 * Written from Microsoft's published REST reference ("Container Registry data plane": Manifests -
 * Get List / Update Attributes, Tag - Get List / Update Attributes / Delete) and the recorded
 * answers in the Azure SDKs:
 *
 *   GET    /acr/v1/<name>/_manifests?n=&last=   → { registry, imageName, manifests: [ManifestAttributes] }  + Link rel="next"
 *   GET    /acr/v1/<name>/_tags?n=&last=        → { registry, imageName, tags: [TagAttributes] }            + Link rel="next"
 *   PATCH  /acr/v1/<name>/_manifests/<digest>   { deleteEnabled, writeEnabled, … } → { registry, imageName, manifest }
 *   PATCH  /acr/v1/<name>/_tags/<tag>           { deleteEnabled, writeEnabled, … } → { registry, imageName, tag }
 *   DELETE /acr/v1/<name>/_tags/<tag>           → 202 (removes the tag only; the manifest stays)
 *
 * Tokens for these calls carry the `metadata_read` / `metadata_write` / `delete` actions; the
 * registry's challenge names them, the core client answers it (see client.ts `request`).
 */
import { z } from 'zod/mini';
import type { RegistryClient, RequestOptions } from './client';
import { RegistryError } from './errors';
import { assertDigest, assertRepositoryName } from './names';
import { paginate } from './pagination';

/**
 * An optional field: absent is fine, and so is a value of another type (null, a number where a
 * string belongs, a field ACR reshaped): it reads as absent instead of failing the whole page.
 */
function lenient<T>(schema: z.ZodMiniType<T>) {
  return z.catch(z.optional(schema), undefined);
}

/** An optional array whose entries that do not parse are dropped: one odd entry keeps the rest. */
function lenientArray<T>(item: z.ZodMiniType<T>) {
  return z.catch(
    z.optional(
      z.pipe(
        z.array(z.unknown()),
        z.transform((entries) =>
          entries.flatMap((entry) => {
            const parsed = item.safeParse(entry);
            return parsed.success ? [parsed.data] : [];
          }),
        ),
      ),
    ),
    undefined,
  );
}

/*
 * Field by field from the 2021-07-01 spec (Azure/azure-rest-api-specs,
 * specification/containerregistry/data-plane/Azure.ContainerRegistry/stable/2021-07-01/containerregistry.json).
 * Required there, required here: a listing whose entry lacks one fails as RESPONSE_MALFORMED rather
 * than being guessed at (a tag dropped from a page would make its manifest look untagged, and a
 * cleanup would delete it). Everything else is lenient.
 */

/** ManifestChangeableAttributes / TagChangeableAttributes: four optional booleans. */
const changeableSchema = z.object({
  deleteEnabled: lenient(z.boolean()),
  writeEnabled: lenient(z.boolean()),
  readEnabled: lenient(z.boolean()),
  listEnabled: lenient(z.boolean()),
  /** Not in the 2021-07-01 spec; some registries send it. Anything but a string reads as absent. */
  quarantineState: lenient(z.string()),
});

/** ManifestAttributes_manifest_references: `digest` required; architecture and os optional. */
const platformReferenceSchema = z.object({ digest: z.string(), architecture: lenient(z.string()), os: lenient(z.string()) });

/** ManifestAttributesBase: required digest, createdTime, lastUpdateTime. */
const manifestAttributesSchema = z.object({
  digest: z.string(),
  createdTime: z.string(),
  lastUpdateTime: z.string(),
  imageSize: lenient(z.number()),
  /** x-nullable in the spec. */
  architecture: lenient(z.nullable(z.string())),
  os: lenient(z.nullable(z.string())),
  /** An index's platforms (children); empty for a single-platform manifest. */
  references: lenientArray(platformReferenceSchema),
  /** Not a property in the spec (only in its examples); ACR sends it. */
  mediaType: lenient(z.string()),
  configMediaType: lenient(z.string()),
  /** Absent or empty: the manifest is untagged. */
  tags: lenientArray(z.string()),
  changeableAttributes: lenient(changeableSchema),
});

/** TagAttributesBase: required name, digest, createdTime, lastUpdateTime, changeableAttributes. */
const tagAttributesSchema = z.object({
  name: z.string(),
  digest: z.string(),
  createdTime: z.string(),
  lastUpdateTime: z.string(),
  signed: lenient(z.boolean()),
  changeableAttributes: changeableSchema,
});

/** AcrManifests: nothing required. */
const manifestListSchema = z.object({
  registry: lenient(z.string()),
  imageName: lenient(z.string()),
  manifests: z.optional(z.nullable(z.array(manifestAttributesSchema))),
});

/** TagList: registry, imageName and tags required. */
const tagListSchema = z.object({
  registry: z.string(),
  imageName: z.string(),
  tags: z.array(tagAttributesSchema),
});

/** ManifestAttributes (PATCH answer): `manifest` required. */
const manifestUpdateSchema = z.object({ registry: lenient(z.string()), imageName: lenient(z.string()), manifest: manifestAttributesSchema });
/** TagAttributes (PATCH answer): registry, imageName, tag required. */
const tagUpdateSchema = z.object({ registry: z.string(), imageName: z.string(), tag: tagAttributesSchema });
/** What the per-repository probe needs to see: a TagList (its entries are not checked). */
const tagProbeSchema = z.object({ tags: z.array(z.unknown()) });
/** Repositories: nothing required. */
const catalogSchema = z.object({ repositories: z.optional(z.nullable(z.array(z.string()))) });

export type AcrChangeableAttributes = z.infer<typeof changeableSchema>;
export type AcrManifestAttributes = z.infer<typeof manifestAttributesSchema>;
export type AcrTagAttributes = z.infer<typeof tagAttributesSchema>;

/** What PATCH accepts: `{ deleteEnabled: false, writeEnabled: false }` locks. */
export interface AcrLockAttributes {
  deleteEnabled?: boolean;
  writeEnabled?: boolean;
  readEnabled?: boolean;
  listEnabled?: boolean;
}

/** Locked for our purposes: the registry refuses to delete it (deleteEnabled false). */
export function isDeleteLocked(attributes: AcrChangeableAttributes | undefined): boolean {
  return attributes?.deleteEnabled === false;
}

/** A lock as the portal sets it: no delete, no overwrite. */
export function isLocked(attributes: AcrChangeableAttributes | undefined): boolean {
  return attributes?.deleteEnabled === false || attributes?.writeEnabled === false;
}

/** TagOrderBy / ManifestOrderBy: by lastUpdateTime, newest or oldest first ('none' is the default order). */
export type AcrOrderBy = 'timedesc' | 'timeasc';

export interface AcrListOptions extends RequestOptions {
  /** `n` per page (ACR's default 100). */
  pageSize?: number;
  orderby?: AcrOrderBy;
}

/** Azure's login-server suffixes: public cloud, Azure China, Azure US Government. */
const ACR_HOST_SUFFIXES = ['.azurecr.io', '.azurecr.cn', '.azurecr.us'];

/** Whether a host (or host:port, or URL) is an Azure Container Registry login server by its name. */
export function isAcrLoginServer(hostOrUrl: string | undefined): boolean {
  if (!hostOrUrl) return false;
  let host = hostOrUrl;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(hostOrUrl)) host = new URL(hostOrUrl).hostname;
  } catch {
    return false;
  }
  host = host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
  return ACR_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

/**
 * How Regatta decided whether the metadata API is there, for the pages to say so:
 * - `login-server`: a host ends in .azurecr.io/.cn/.us (no request needed);
 * - `catalog`: `/acr/v1/_catalog` answered as ACR does;
 * - `repository`: `/acr/v1/<repo>/_tags?n=1` answered (no catalog rights needed);
 * - `no-api`: the registry answered those paths without the API (a plain 404, index.html);
 * - `catalog-denied`: the catalog probe was refused (401/403) and no repository was named to try.
 */
export type AcrDetectionReason = 'login-server' | 'catalog' | 'repository' | 'no-api' | 'catalog-denied';

export interface AcrDetection {
  acr: boolean;
  reason: AcrDetectionReason;
  /** The host or repository the reason names. */
  subject?: string;
}

/** Why detection decided as it did, in one sentence for the orphans and cleanup pages. */
export function detectionWhy(detection: AcrDetection | undefined): string {
  switch (detection?.reason) {
    case 'login-server':
      return `Why: ${detection.subject ?? 'the login server'} is an Azure Container Registry name.`;
    case 'catalog':
      return 'Why: the registry answers /acr/v1/_catalog.';
    case 'repository':
      return `Why: the registry answers /acr/v1/${detection.subject ?? '…'}/_tags (no catalog rights needed).`;
    case 'no-api':
      return 'Why: the registry has no /acr/v1/ API (it answered without one).';
    case 'catalog-denied':
      return "Why: the registry refused the /acr/v1/_catalog probe (no catalog rights); open a repository's orphans page to probe that repository instead.";
    default:
      return '';
  }
}

/** Answer of one probe: the API is there, it is not, or the registry refused to say (401/403). */
type ProbeAnswer = 'yes' | 'no' | 'denied';

export interface AcrClient {
  /**
   * Whether this registry has the metadata API: by login-server name first, then `_catalog`, then
   * (without catalog rights) the named repository's `_tags?n=1`. A network error, timeout, 429,
   * 5xx or an anonymous 401 throws, so the caller retries (or asks to sign in) instead of
   * remembering "no".
   */
  detect(options?: RequestOptions & { hosts?: readonly (string | undefined)[]; repository?: string }): Promise<AcrDetection>;
  /** GET /acr/v1/<name>/_manifests page by page (n/last, Link rel="next"); untagged manifests included. */
  manifestPages(name: string, options?: AcrListOptions): AsyncGenerator<AcrManifestAttributes[], void, undefined>;
  listManifests(name: string, options?: AcrListOptions): Promise<AcrManifestAttributes[]>;
  /**
   * GET /acr/v1/<name>/_tags page by page: digest, times and locks of each tag in one request per
   * page; `digest` lists only the tags pointing at that manifest.
   */
  listTags(name: string, options?: AcrListOptions & { digest?: string }): Promise<AcrTagAttributes[]>;
  /** PATCH /acr/v1/<name>/_manifests/<digest> with the changeable attributes to set. */
  updateManifestAttributes(name: string, digest: string, attributes: AcrLockAttributes, options?: RequestOptions): Promise<AcrManifestAttributes>;
  /** PATCH /acr/v1/<name>/_tags/<tag>. */
  updateTagAttributes(name: string, tag: string, attributes: AcrLockAttributes, options?: RequestOptions): Promise<AcrTagAttributes>;
  /** DELETE /acr/v1/<name>/_tags/<tag>: removes the tag, keeps the manifest. true: deleted; false: already gone (404). */
  deleteTag(name: string, tag: string, options?: RequestOptions): Promise<boolean>;
}

const JSON_TYPE = 'application/json';

/** ACR's default page size; the spec sets no maximum, so none is invented here. */
export const ACR_DEFAULT_PAGE_SIZE = 100;

/** `n` for a listing: a whole number of at least 1 (default 100). */
export function acrPageSize(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return ACR_DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.floor(n));
}

/**
 * The next page's URL with `orderby` as first asked: ACR's Link carries `orderby=` (empty), and
 * a page fetched without the order would continue `last` in another order (Azure/acr-cli sends
 * orderby with every page for this reason).
 */
export function withOrderBy(url: string, orderby: AcrOrderBy | undefined): string {
  if (!orderby) return url;
  const relative = url.startsWith('/');
  const parsed = new URL(url, 'http://relative.invalid');
  if (parsed.searchParams.get('orderby') === orderby) return url;
  parsed.searchParams.set('orderby', orderby);
  return relative ? `${parsed.pathname}${parsed.search}` : parsed.toString();
}

/** Names keep their slashes in the path (as `az acr` sends them); the SDKs' %2F is equivalent. */
function repoPath(name: string): string {
  return `/acr/v1/${name}`;
}

function assertTag(name: string, tag: string): void {
  // ACR's tag grammar is the OCI one; anything else must never be spliced into a path.
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw new RegistryError({ status: 0, code: 'REFERENCE_INVALID', message: `"${tag}" is not a valid tag.`, repository: name, reference: tag });
  }
}

async function readJson<T>(response: Response, schema: z.ZodMiniType<T>, url: string, repository?: string): Promise<T> {
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new RegistryError({ status: 0, code: 'RESPONSE_MALFORMED', message: `Unexpected answer from ${url}: not the JSON the ACR metadata API documents.`, url, repository });
}

export function createAcrClient(client: RegistryClient): AcrClient {
  const base = client.baseUrl;
  const read = (name: string) => `repository:${name}:metadata_read`;

  async function* pages<T>(name: string, kind: '_manifests' | '_tags', schema: z.ZodMiniType<{ items: T[] }>, options: AcrListOptions & { digest?: string }) {
    const query = new URLSearchParams({ n: String(acrPageSize(options.pageSize)) });
    if (options.orderby) query.set('orderby', options.orderby);
    if (options.digest) query.set('digest', options.digest);
    yield* paginate(`${base}${repoPath(name)}/${kind}?${query.toString()}`, base, async (link) => {
      const url = withOrderBy(link, options.orderby);
      const response = await client.request({ method: 'GET', url, accept: JSON_TYPE, authKey: read(name), context: { repository: name }, signal: options.signal });
      const body = await readJson(response, schema, url, name);
      return { items: body.items, link: response.headers.get('Link') };
    });
  }

  /** PATCH /acr/v1/<name>/<kind>/<reference> with the attributes; the answer wraps the updated item. Reference checked by the caller. */
  async function patchAttributes<T>(name: string, kind: '_manifests' | '_tags', reference: string, attributes: AcrLockAttributes, schema: z.ZodMiniType<T>, options: RequestOptions): Promise<T> {
    const url = `${repoPath(name)}/${kind}/${reference}`;
    const response = await client.request({
      method: 'PATCH',
      url,
      accept: JSON_TYPE,
      contentType: JSON_TYPE,
      body: JSON.stringify(attributes),
      authKey: `repository:${name}:metadata_write`,
      context: { repository: name, reference },
      signal: options.signal,
    });
    return readJson(response, schema, url, name);
  }

  const manifestItems = z.pipe(manifestListSchema, z.transform((body) => ({ items: body.manifests ?? [] })));
  const tagItems = z.pipe(tagListSchema, z.transform((body) => ({ items: body.tags ?? [] })));

  /**
   * GET a probe URL: JSON the schema accepts → yes; 404/405, HTML, other JSON → no; 403 (signed in
   * without the right, which the client also reports for ACR's 401 insufficient_scope) → denied.
   * Anything else throws, 401 included: anonymous, the answer after signing in may differ.
   */
  async function probeUrl(url: string, authKey: string, schema: z.ZodMiniType<unknown>, signal: AbortSignal | undefined): Promise<ProbeAnswer> {
    let response: Response;
    try {
      response = await client.request({ method: 'GET', url, accept: JSON_TYPE, authKey, signal, pass: [403, 404, 405] });
    } catch (error) {
      if (error instanceof RegistryError && error.status === 403) return 'denied';
      throw error;
    }
    if (response.status === 403) {
      void response.body?.cancel().catch(() => undefined);
      return 'denied';
    }
    if (!response.ok || !(response.headers.get('Content-Type') ?? '').toLowerCase().includes('json')) {
      void response.body?.cancel().catch(() => undefined);
      return 'no';
    }
    return schema.safeParse(await response.json().catch(() => null)).success ? 'yes' : 'no';
  }

  const api: AcrClient = {
    async detect(options = {}) {
      const named = (options.hosts ?? []).find((host) => isAcrLoginServer(host));
      if (named) return { acr: true, reason: 'login-server', subject: named };
      const catalog = await probeUrl(`${base}/acr/v1/_catalog?n=1`, 'registry:catalog:*', catalogSchema, options.signal);
      if (catalog === 'yes') return { acr: true, reason: 'catalog' };
      if (catalog === 'no') return { acr: false, reason: 'no-api' };
      if (!options.repository) return { acr: false, reason: 'catalog-denied' };
      assertRepositoryName(options.repository);
      const repository = await probeUrl(`${base}${repoPath(options.repository)}/_tags?n=1`, read(options.repository), tagProbeSchema, options.signal);
      if (repository === 'yes') return { acr: true, reason: 'repository', subject: options.repository };
      return { acr: false, reason: repository === 'no' ? 'no-api' : 'catalog-denied', subject: options.repository };
    },

    manifestPages(name, options = {}) {
      assertRepositoryName(name);
      return pages(name, '_manifests', manifestItems, options);
    },

    async listManifests(name, options = {}) {
      const all: AcrManifestAttributes[] = [];
      for await (const page of api.manifestPages(name, options)) all.push(...page);
      return all;
    },

    async listTags(name, options = {}) {
      assertRepositoryName(name);
      if (options.digest !== undefined) assertDigest(name, options.digest);
      const all: AcrTagAttributes[] = [];
      for await (const page of pages(name, '_tags', tagItems, options)) all.push(...page);
      return all;
    },

    async updateManifestAttributes(name, digest, attributes, options = {}) {
      assertRepositoryName(name);
      assertDigest(name, digest);
      return (await patchAttributes(name, '_manifests', digest, attributes, manifestUpdateSchema, options)).manifest;
    },

    async updateTagAttributes(name, tag, attributes, options = {}) {
      assertRepositoryName(name);
      assertTag(name, tag);
      return (await patchAttributes(name, '_tags', tag, attributes, tagUpdateSchema, options)).tag;
    },

    async deleteTag(name, tag, options = {}) {
      assertRepositoryName(name);
      assertTag(name, tag);
      const response = await client.request({
        method: 'DELETE',
        url: `${repoPath(name)}/_tags/${tag}`,
        authKey: `repository:${name}:delete`,
        context: { repository: name, reference: tag },
        signal: options.signal,
        pass: [404],
      });
      // Not awaited: cancelling a body that is still arriving can wait on the network.
      void response.body?.cancel().catch(() => undefined);
      return response.status !== 404;
    },
  };
  return api;
}
