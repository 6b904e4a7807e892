/**
 * An in-memory registry with the v2 semantics of CNCF distribution 2.8 that Regatta relies on
 * (see /work/shared/REGISTRY-NOTES.md). Pure: no msw, no fetch. `registry-handlers.ts` puts HTTP on top.
 */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export const MANIFEST_MEDIA_TYPES: readonly string[] = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST];

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${NAME_COMPONENT}(?:/${NAME_COMPONENT})*$`);

export function isDigest(reference: string): boolean {
  return DIGEST_RE.test(reference);
}

export function isValidTag(reference: string): boolean {
  return TAG_RE.test(reference);
}

/** distribution's repository name grammar; anything else never reaches a handler (plain-text 404). */
export function isValidRepositoryName(name: string): boolean {
  return name.length <= 255 && NAME_RE.test(name);
}

export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  // Copy into a fresh ArrayBuffer: subtle.digest rejects SharedArrayBuffer-backed views.
  const hash = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return `sha256:${Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface OciErrorEntry {
  code: string;
  message: string;
  detail?: unknown;
}

/** A protocol error: the HTTP status distribution answers with and its OCI error entries. */
export class FakeRegistryError extends Error {
  readonly status: number;
  readonly errors: OciErrorEntry[];

  constructor(status: number, errors: OciErrorEntry[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.name = 'FakeRegistryError';
    this.status = status;
    this.errors = errors;
  }

  get code(): string {
    return this.errors[0]?.code ?? 'UNKNOWN';
  }
}

export interface StoredManifest {
  digest: string;
  mediaType: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface RequestLogEntry {
  method: string;
  /** URL path without the query string, e.g. `/v2/acr-helloworld/manifests/v1`. */
  path: string;
  /** Query string including `?`, or ''. */
  query: string;
}

interface Repository {
  blobs: Map<string, Uint8Array<ArrayBuffer>>;
  manifests: Map<string, StoredManifest>;
  tags: Map<string, string>;
  /** distribution answers NAME_UNKNOWN to tags/list until the repo's tags directory exists. */
  everTagged: boolean;
}

const nameUnknown = (repo: string) =>
  new FakeRegistryError(404, [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: repo } }]);
const manifestUnknown = (reference: string) =>
  new FakeRegistryError(404, [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: reference }]);
const digestInvalid = () =>
  new FakeRegistryError(400, [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' }]);
const manifestInvalid = (detail: string) =>
  new FakeRegistryError(400, [{ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail }]);

export class FakeRegistry {
  /** distribution's default is false; the fake defaults to true because the app's rig enables deletes. */
  deleteEnabled = true;
  /** Every request the HTTP handlers served, in order (for tests that count requests). */
  readonly requests: RequestLogEntry[] = [];

  private readonly repos = new Map<string, Repository>();

  /** Empties the registry and the request log. */
  reset(): void {
    this.repos.clear();
    this.requests.length = 0;
  }

  logRequest(method: string, url: string): void {
    const parsed = new URL(url, 'http://fake.invalid');
    this.requests.push({ method, path: parsed.pathname, query: parsed.search });
  }

  /** The tags of `repo` resolved so far (HEAD or GET of /manifests/<tag>, not by digest), sorted. */
  tagRequests(repo: string): string[] {
    const prefix = `/v2/${repo}/manifests/`;
    return this.requests
      .filter((r) => (r.method === 'HEAD' || r.method === 'GET') && r.path.startsWith(prefix) && !r.path.slice(prefix.length).startsWith('sha256:'))
      .map((r) => r.path.slice(prefix.length))
      .sort();
  }

  hasRepository(repo: string): boolean {
    return this.repos.has(repo);
  }

  /** Every repository that ever received a blob or a manifest, sorted lexically like `_catalog`. */
  catalog(): string[] {
    return [...this.repos.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async putBlob(repo: string, bytes: Uint8Array): Promise<string> {
    const digest = await sha256Digest(bytes);
    this.ensureRepo(repo).blobs.set(digest, new Uint8Array(bytes));
    return digest;
  }

  hasBlob(repo: string, digest: string): boolean {
    return this.repos.get(repo)?.blobs.has(digest) ?? false;
  }

  getBlob(repo: string, digest: string): Uint8Array<ArrayBuffer> | undefined {
    return this.repos.get(repo)?.blobs.get(digest);
  }

  /** Links a blob of `from` into `to`; false (nothing changes) when `from` does not have it. */
  mountBlob(to: string, digest: string, from: string): boolean {
    const bytes = this.getBlob(from, digest);
    if (!bytes) return false;
    this.ensureRepo(to).blobs.set(digest, bytes);
    return true;
  }

  /** Removes a layer link (DELETE /blobs/<digest>); false when the repo does not have it. */
  deleteBlob(repo: string, digest: string): boolean {
    this.assertDeleteEnabled();
    return this.repos.get(repo)?.blobs.delete(digest) ?? false;
  }

  /**
   * Stores a manifest under a tag or its digest. Like distribution: the media type must be one of
   * the four manifest types, every referenced blob (image) or child manifest (index) must already
   * be in THIS repository, and a digest reference must match the bytes.
   */
  async putManifest(repo: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const type = mediaType.split(';')[0]?.trim() ?? '';
    if (!MANIFEST_MEDIA_TYPES.includes(type)) throw manifestInvalid(`unsupported manifest media type "${mediaType}"`);
    const digest = await sha256Digest(bytes);
    if (isDigest(reference) && reference !== digest) throw digestInvalid();
    if (!isDigest(reference) && !isValidTag(reference)) {
      throw new FakeRegistryError(400, [{ code: 'TAG_INVALID', message: 'manifest tag did not match URI', detail: reference }]);
    }

    let body: { mediaType?: unknown; config?: { digest?: unknown }; layers?: { digest?: unknown; urls?: unknown }[]; manifests?: { digest?: unknown }[] };
    try {
      body = JSON.parse(new TextDecoder().decode(bytes)) as typeof body;
    } catch {
      throw manifestInvalid('manifest is not valid JSON');
    }
    if (typeof body !== 'object' || body === null) throw manifestInvalid('manifest is not a JSON object');
    if (typeof body.mediaType === 'string' && body.mediaType !== type) {
      throw manifestInvalid(`mediaType in manifest should be "${type}" not "${body.mediaType}"`);
    }

    const existing = this.repos.get(repo);
    const isIndex = type === OCI_INDEX || type === DOCKER_MANIFEST_LIST;
    const missing: string[] = [];
    if (isIndex) {
      if (!Array.isArray(body.manifests)) throw manifestInvalid('index has no manifests array');
      for (const child of body.manifests) {
        const d = String(child.digest);
        if (!existing?.manifests.has(d)) missing.push(d);
      }
    } else {
      if (typeof body.config?.digest !== 'string' || !Array.isArray(body.layers)) throw manifestInvalid('manifest needs config and layers');
      const refs = [body.config.digest, ...body.layers.filter((l) => !Array.isArray(l.urls)).map((l) => String(l.digest))];
      for (const d of refs) if (!existing?.blobs.has(d)) missing.push(d);
    }
    if (missing.length > 0) {
      throw new FakeRegistryError(
        400,
        [...new Set(missing)].map((d) => ({ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: d })),
      );
    }

    const r = this.ensureRepo(repo);
    r.manifests.set(digest, { digest, mediaType: type, bytes: new Uint8Array(bytes) });
    if (!isDigest(reference)) {
      r.tags.set(reference, digest);
      r.everTagged = true;
    }
    return digest;
  }

  /** Resolves a tag or digest; undefined when the repo or the reference is unknown. */
  getManifest(repo: string, reference: string): StoredManifest | undefined {
    const r = this.repos.get(repo);
    if (!r) return undefined;
    const digest = isDigest(reference) ? reference : r.tags.get(reference);
    return digest === undefined ? undefined : r.manifests.get(digest);
  }

  /**
   * Deletes a manifest by digest and every tag pointing at it, like distribution. There is no delete
   * by tag in distribution 2.x: a tag reference answers 400 DIGEST_INVALID.
   */
  deleteManifest(repo: string, digest: string): void {
    this.assertDeleteEnabled();
    if (!isDigest(digest)) throw digestInvalid();
    const r = this.repos.get(repo);
    if (!r?.manifests.delete(digest)) throw manifestUnknown(digest);
    for (const [tag, target] of r.tags) if (target === digest) r.tags.delete(tag);
  }

  /**
   * Removes one tag and keeps the manifest. distribution has no such call; registries with a
   * metadata API do (ACR `DELETE /acr/v1/<name>/_tags/<tag>`, see acr-fake.ts). false: no such tag.
   */
  deleteTag(repo: string, tag: string): boolean {
    return this.repos.get(repo)?.tags.delete(tag) ?? false;
  }

  /**
   * Tags in insertion order (distribution makes no ordering promise); null once every tag is gone;
   * throws NAME_UNKNOWN for an unknown repo or one that never had a tag.
   */
  listTags(repo: string): string[] | null {
    const r = this.repos.get(repo);
    if (!r?.everTagged) throw nameUnknown(repo);
    return r.tags.size === 0 ? null : [...r.tags.keys()];
  }

  /** Tags currently pointing at a digest (test convenience; the v2 API has no such query). */
  tagsOf(repo: string, digest: string): string[] {
    const r = this.repos.get(repo);
    return r ? [...r.tags].filter(([, d]) => d === digest).map(([tag]) => tag) : [];
  }

  /** Every manifest digest stored in a repo, tagged or not (test convenience). */
  manifestDigests(repo: string): string[] {
    return [...(this.repos.get(repo)?.manifests.keys() ?? [])];
  }

  private assertDeleteEnabled(): void {
    if (!this.deleteEnabled) {
      throw new FakeRegistryError(405, [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }]);
    }
  }

  private ensureRepo(name: string): Repository {
    let r = this.repos.get(name);
    if (!r) {
      r = { blobs: new Map(), manifests: new Map(), tags: new Map(), everTagged: false };
      this.repos.set(name, r);
    }
    return r;
  }
}
