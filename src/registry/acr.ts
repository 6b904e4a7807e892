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
import { clampPageSize, paginate } from './pagination';

const changeableSchema = z.object({
  deleteEnabled: z.optional(z.boolean()),
  writeEnabled: z.optional(z.boolean()),
  readEnabled: z.optional(z.boolean()),
  listEnabled: z.optional(z.boolean()),
  quarantineState: z.optional(z.string()),
});

const platformReferenceSchema = z.object({ digest: z.string(), architecture: z.optional(z.string()), os: z.optional(z.string()) });

const manifestAttributesSchema = z.object({
  digest: z.string(),
  imageSize: z.optional(z.number()),
  createdTime: z.optional(z.string()),
  lastUpdateTime: z.optional(z.string()),
  architecture: z.optional(z.nullable(z.string())),
  os: z.optional(z.nullable(z.string())),
  /** An index's platforms (children), when the registry reports them. */
  references: z.optional(z.nullable(z.array(platformReferenceSchema))),
  mediaType: z.optional(z.string()),
  configMediaType: z.optional(z.string()),
  /** Absent or empty: the manifest is untagged. */
  tags: z.optional(z.nullable(z.array(z.string()))),
  changeableAttributes: z.optional(changeableSchema),
});

const tagAttributesSchema = z.object({
  name: z.string(),
  digest: z.string(),
  createdTime: z.optional(z.string()),
  lastUpdateTime: z.optional(z.string()),
  signed: z.optional(z.boolean()),
  changeableAttributes: z.optional(changeableSchema),
});

const manifestListSchema = z.object({
  registry: z.optional(z.string()),
  imageName: z.optional(z.string()),
  manifests: z.optional(z.nullable(z.array(manifestAttributesSchema))),
});

const tagListSchema = z.object({
  registry: z.optional(z.string()),
  imageName: z.optional(z.string()),
  tags: z.optional(z.nullable(z.array(tagAttributesSchema))),
});

const manifestUpdateSchema = z.object({ registry: z.optional(z.string()), imageName: z.optional(z.string()), manifest: manifestAttributesSchema });
const tagUpdateSchema = z.object({ registry: z.optional(z.string()), imageName: z.optional(z.string()), tag: tagAttributesSchema });
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

export interface AcrClient {
  /**
   * GET /acr/v1/_catalog?n=1: an ACR answers `{ repositories: [...] }`. Anything else — a plain
   * 404 from distribution, an SPA proxy's index.html, a network error — means "no ACR API".
   */
  probe(options?: RequestOptions): Promise<boolean>;
  /** GET /acr/v1/<name>/_manifests page by page (n/last, Link rel="next"); untagged manifests included. */
  manifestPages(name: string, options?: RequestOptions & { pageSize?: number }): AsyncGenerator<AcrManifestAttributes[], void, undefined>;
  listManifests(name: string, options?: RequestOptions & { pageSize?: number }): Promise<AcrManifestAttributes[]>;
  /** GET /acr/v1/<name>/_tags page by page: digest, times and locks of each tag in one request per page. */
  listTags(name: string, options?: RequestOptions & { pageSize?: number }): Promise<AcrTagAttributes[]>;
  /** PATCH /acr/v1/<name>/_manifests/<digest> with the changeable attributes to set. */
  updateManifestAttributes(name: string, digest: string, attributes: AcrLockAttributes, options?: RequestOptions): Promise<AcrManifestAttributes>;
  /** PATCH /acr/v1/<name>/_tags/<tag>. */
  updateTagAttributes(name: string, tag: string, attributes: AcrLockAttributes, options?: RequestOptions): Promise<AcrTagAttributes>;
  /** DELETE /acr/v1/<name>/_tags/<tag>: removes the tag, keeps the manifest. true: deleted; false: already gone (404). */
  deleteTag(name: string, tag: string, options?: RequestOptions): Promise<boolean>;
}

const JSON_TYPE = 'application/json';

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

  async function* pages<T>(name: string, kind: '_manifests' | '_tags', schema: z.ZodMiniType<{ items: T[] }>, options: RequestOptions & { pageSize?: number }) {
    const n = clampPageSize(options.pageSize, 100);
    yield* paginate(`${base}${repoPath(name)}/${kind}?n=${n}`, base, async (url) => {
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

  const api: AcrClient = {
    async probe(options = {}) {
      try {
        const response = await client.request({ method: 'GET', url: '/acr/v1/_catalog?n=1', accept: JSON_TYPE, authKey: 'registry:catalog:*', signal: options.signal, pass: [404, 405] });
        if (!response.ok) return false;
        if (!(response.headers.get('Content-Type') ?? '').toLowerCase().includes('json')) return false;
        return catalogSchema.safeParse(await response.json().catch(() => null)).success;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        return false;
      }
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
