import { createAuthenticator, isRealmAllowed, parseWwwAuthenticate } from './auth';
import type { RealmPolicy } from './auth';
import { isDigest } from './digest';
import { readBodyWithin } from './body';
import { MAX_CONFIG_BYTES, MAX_LISTING_BYTES, MAX_MANIFEST_BYTES } from './read-limited';
import { isAbortError, networkError, RegistryError, registryErrorFromResponse, withContext } from './errors';
import type { ErrorContext } from './errors';
import { isManifestMediaType, isSchema1MediaType, MANIFEST_ACCEPT, normalizeMediaType, OCI_INDEX } from './media-types';
import { assertDigest, assertReference, assertRepositoryName, isValidTag } from './names';
import { clampPageSize, pageSizeAt, paginate, withPageSize } from './pagination';
import type { ReferrersAnswer } from './referrers-api';
import type { Credentials, Descriptor, FetchedManifest, ImageConfig, ManifestHead } from './types';

export interface RegistryClientOptions {
  /** Registry base URL without /v2, e.g. "http://127.0.0.1:5000" or "" / location.origin when proxied. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Asked when a challenge needs credentials; null means anonymous. */
  credentials?: () => Credentials | null;
  /** Extra headers on every registry request, e.g. X-Meta-Source-Client. */
  headers?: Record<string, string>;
  /** Clock used for token expiry; defaults to Date.now (tests inject their own). */
  now?: () => number;
  /**
   * Token realms trusted besides the registry's own origin (config `tokenRealms`). A Bearer
   * challenge naming any other realm fails with REALM_NOT_ALLOWED before anything is sent there.
   */
  tokenRealms?: readonly string[];
  /**
   * The origin a same-origin proxy at `baseUrl` forwards to (config `upstream`): a Bearer realm
   * on it (ACR's https://<name>.azurecr.io/oauth2/token) is requested through the proxy instead.
   */
  upstream?: string;
  /**
   * Longest wait for one registry request, answer and body included (config `requestTimeoutMs`,
   * default 30 s). Past it the request is aborted and fails with code TIMEOUT.
   */
  requestTimeoutMs?: number;
}

/** Body parsers (zod schemas), loaded with the first manifest, config or referrers read: see body-parsers.ts. */
const loadBodyParsers = () => import('./body-parsers');

/** A registry that has not answered in this long is not going to (config `requestTimeoutMs`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface RegistryClient {
  readonly baseUrl: string;
  /** Config `upstream`: what a same-origin proxy at baseUrl forwards to, when known. */
  readonly upstream?: string;
  /** GET /v2/ — checks the API version and surfaces auth challenges early. */
  ping(options?: RequestOptions): Promise<void>;
  /**
   * GET /v2/_catalog page by page following Link rel="next" (relative or absolute). `firstPageSize`:
   * a shorter first page, then pages that end where pages of `pageSize` would (pageSizeAt).
   * `last`: start after this name (a read that failed part-way goes on from its last page).
   */
  catalogPages(options?: RequestOptions & { pageSize?: number; firstPageSize?: number; last?: string }): AsyncGenerator<string[], void, undefined>;
  /** GET /v2/<name>/tags/list, following Link if sent; `"tags": null` → []. */
  listTags(name: string, options?: RequestOptions): Promise<string[]>;
  /** GET a manifest by tag or digest with every supported media type in Accept; digest verified. */
  getManifest(name: string, reference: string, options?: RequestOptions): Promise<FetchedManifest>;
  /** HEAD a manifest: digest, media type and size; null when the registry answers 404. */
  headManifest(name: string, reference: string, options?: RequestOptions): Promise<ManifestHead | null>;
  /** GET a config blob by digest and parse it as an image config. */
  getImageConfig(name: string, digest: string, options?: RequestOptions): Promise<ImageConfig>;
  /** GET a small blob (a config, a signature) by digest as bytes: at most 8 MiB (MAX_CONFIG_BYTES). */
  getBlob(name: string, digest: string, options?: RequestOptions): Promise<Uint8Array>;
  /** DELETE /v2/<name>/manifests/<digest>. Resolves true when deleted, false when it was already gone (404). */
  deleteManifest(name: string, digest: string, options?: RequestOptions): Promise<boolean>;
  /** PUT exact manifest bytes with their media type; returns Docker-Content-Digest. */
  putManifest(name: string, reference: string, bytes: Uint8Array, mediaType: string, options?: RequestOptions): Promise<string>;
  /** GET /v2/<name>/referrers/<digest> (OCI 1.1); `supported: false` when the registry has no referrers API. */
  listReferrers(name: string, digest: string, options?: RequestOptions & { artifactType?: string }): Promise<ReferrersAnswer>;
  /**
   * Generic hook for registry extensions (ACR metadata API, blob uploads): one request with the
   * client's headers, 401 handling and RegistryError mapping. Statuses listed in `pass` are
   * returned as they are; any other non-2xx throws RegistryError.
   */
  request(init: ExtensionRequest): Promise<Response>;
  /** Forgets every token and learnt challenge (sign-out, or other credentials): the next request starts anonymous. */
  clearAuth(): void;
}

export interface ExtensionRequest extends RequestOptions {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL, or a path starting with '/' resolved against the registry base URL. */
  url: string;
  /** Memory key of the auth challenge, e.g. "repository:a/b:metadata_read". */
  authKey: string;
  accept?: string;
  contentType?: string;
  /** `Content-Range: <start>-<end>` of a chunked upload PATCH (distribution's form, no "bytes "). */
  contentRange?: string;
  body?: ArrayBuffer | string;
  context?: ErrorContext;
  /** Non-2xx statuses handed back to the caller instead of thrown (e.g. [404]). */
  pass?: number[];
}

/**
 * A listing's names: an array of strings, or absent / null (→ []); undefined for anything else.
 * Read by hand, not with zod: the catalog is the first page, and zod stays out of its JavaScript.
 */
function namesIn(json: unknown, field: string): string[] | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const value = (json as Record<string, unknown>)[field];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

const catalogNames = (json: unknown) => namesIn(json, 'repositories');
// distribution answers `"tags": null` once the last tag of a repository is deleted.
const tagNames = (json: unknown) => {
  const name = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).name : undefined;
  return name === undefined || typeof name === 'string' ? namesIn(json, 'tags') : undefined;
};

type Method = ExtensionRequest['method'];

interface SendOptions {
  method: Method;
  url: string;
  /** Token scope family of the request, e.g. "repository:a/b:pull": the authenticator's memory key. */
  authKey: string;
  context: ErrorContext;
  accept?: string;
  body?: ArrayBuffer | string;
  contentType?: string;
  contentRange?: string;
  signal?: AbortSignal;
}

function discard(response: Response): void {
  try {
    void response.body?.cancel().catch(() => undefined);
  } catch {
    // already consumed or locked: nothing to free
  }
}

function digestMismatch(message: string, context: ErrorContext): RegistryError {
  return new RegistryError({ status: 0, code: 'DIGEST_MISMATCH', message, ...context });
}

const ACTION_WORDS: Record<string, string> = {
  pull: 'read (pull)',
  push: 'write (push: tag, re-tag, copy)',
  delete: 'delete',
  '*': 'use',
};

/** "signed in as x, but the token service did not grant repository:a/b:delete (delete in a/b)". */
export function missingAccess(scope: string, username: string): string {
  const parts = scope.split(' ').map((one) => {
    const first = one.indexOf(':');
    const last = one.lastIndexOf(':');
    if (first < 0 || last === first) return one;
    const [type, name, actions] = [one.slice(0, first), one.slice(first + 1, last), one.slice(last + 1).split(',')];
    const verbs = actions.map((action) => ACTION_WORDS[action] ?? action).join(' and ');
    const what = type === 'registry' && name === 'catalog' ? 'the catalog (the list of repositories)' : `"${name}"`;
    return `${one} (${verbs} ${what})`;
  });
  return `signed in as "${username}", but the token service did not grant ${parts.join(', ')}. This account lacks that permission; everything else it may do still works.`;
}

/**
 * URLs the registry hands us (a `Link` rel="next", an upload `Location`) are followed with the
 * Authorization header: only the registry's own origin and the configured token realms may be
 * asked. Anything else is refused before a request is sent (code URL_NOT_ALLOWED).
 */
export function assertUrlAllowed(url: string, policy: RealmPolicy, context: ErrorContext = {}): void {
  if (isRealmAllowed(url, policy)) return;
  throw new RegistryError({
    status: 0,
    code: 'URL_NOT_ALLOWED',
    message:
      `The registry pointed Regatta at ${url}, which is neither on the registry's origin nor one of its configured "tokenRealms". ` +
      'No request was sent there (it would carry your credentials).',
    ...context,
    url,
  });
}

function timeoutError(url: string, ms: number, cause: unknown): RegistryError {
  const seconds = ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
  return new RegistryError({
    status: 0,
    code: 'TIMEOUT',
    message: `The registry did not answer ${url} within ${seconds}. Retry, or raise "requestTimeoutMs" in config.json for a slow registry.`,
    url,
    cause,
  });
}

function pullKey(name: string): string {
  return `repository:${name}:pull`;
}

/**
 * Creates the registry client. Every request carries options.headers, answers 401 challenges
 * once (Basic or Bearer token per scope, see auth.ts) and turns failures into RegistryError with
 * the repository/reference concerned. `fetch` is injected so the browser, Vitest (MSW) and Node
 * scripts share this code.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  // Called detached: a browser's fetch throws "Illegal invocation" when `this` is not the global.
  const fetchFn = options.fetch;
  const extraHeaders = options.headers ?? {};
  const now = options.now ?? Date.now;
  const auth = createAuthenticator({
    fetch: fetchFn,
    credentials: options.credentials,
    now,
    realmPolicy: { registryUrl: baseUrl, tokenRealms: options.tokenRealms, upstream: options.upstream },
  });

  // References are validated before use (tag grammar or sha256:<hex>), so they need no escaping;
  // sending the digest's colon literally is what docker and distribution's own clients do.
  const manifestUrl = (name: string, reference: string) => `${baseUrl}/v2/${name}/manifests/${reference}`;
  const blobUrl = (name: string, digest: string) => `${baseUrl}/v2/${name}/blobs/${digest}`;

  const realmPolicy: RealmPolicy = { registryUrl: baseUrl, tokenRealms: options.tokenRealms, upstream: options.upstream };
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  /**
   * Runs one request (and the reading of its body) under the timeout, combined with the caller's
   * signal. A caller's abort passes through unchanged (AbortError); the timeout becomes a
   * RegistryError TIMEOUT. The race ends it even when a fetch ignores its signal.
   */
  async function timed<T>(callerSignal: AbortSignal | undefined, url: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (callerSignal?.aborted) throw callerSignal.reason;
    const controller = new AbortController();
    let timedOut = false;
    const expired = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    expired.catch(() => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      return await Promise.race([run(controller.signal), expired]);
    } catch (error) {
      if (timedOut && !callerSignal?.aborted) throw timeoutError(url, timeoutMs, error);
      throw error;
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async function attempt(request: SendOptions, authorization: string | undefined): Promise<Response> {
    const headers = new Headers(extraHeaders);
    if (request.accept) headers.set('Accept', request.accept);
    if (request.contentType) headers.set('Content-Type', request.contentType);
    if (request.contentRange) headers.set('Content-Range', request.contentRange);
    if (authorization) headers.set('Authorization', authorization);
    try {
      // credentials 'omit': the client sends its own Authorization. With the browser's default
      // ('same-origin'), a same-origin 401 carrying `WWW-Authenticate: Basic` (htpasswd behind the
      // proxy) opens the browser's own login dialog and the request hangs until it is answered.
      return await fetchFn(request.url, { method: request.method, headers, body: request.body, signal: request.signal, credentials: 'omit' });
    } catch (error) {
      if (isAbortError(error) || request.signal?.aborted) throw error;
      throw networkError(error, { ...request.context, url: request.url });
    }
  }

  async function inRequestContext<T>(request: SendOptions, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof RegistryError) throw withContext(error, { repository: request.context.repository, reference: request.context.reference });
      throw error;
    }
  }

  /** One request with the 401 dance: at most one retry with fresh credentials or token. */
  async function send(request: SendOptions): Promise<Response> {
    // Checked before anything (a token included) is fetched for it: see assertUrlAllowed.
    assertUrlAllowed(request.url, realmPolicy, request.context);
    const context = { ...request.context, url: request.url, now: now() };
    const initial = await inRequestContext(request, () => auth.authorizationFor(request.authKey, request.signal));
    const first = await attempt(request, initial);
    if (first.status !== 401) return first;

    const challenges = parseWwwAuthenticate(first.headers.get('WWW-Authenticate') ?? '');
    const retryWith = await inRequestContext(request, () => auth.respond(challenges, request.authKey, initial, request.signal));
    if (retryWith === null) throw await registryErrorFromResponse(first, { ...context, challenges });
    discard(first);

    const second = await attempt(request, retryWith);
    if (second.status !== 401) return second;
    const again = parseWwwAuthenticate(second.headers.get('WWW-Authenticate') ?? '');
    const scope = again.find((challenge) => challenge.params.error === 'insufficient_scope')?.params.scope;
    const user = options.credentials?.()?.username;
    if (scope !== undefined && user !== undefined) {
      // Signed in, and the token service issued a token without this action: the account lacks
      // the right. A 403, not a 401: signing in again would not help, and the rest stays usable.
      const response = await registryErrorFromResponse(second, { ...context, challenges: again });
      throw new RegistryError({
        status: 403,
        code: 'DENIED',
        message: `403 DENIED: ${missingAccess(scope, user)}`,
        errors: response.errors,
        repository: response.repository,
        reference: response.reference,
        url: response.url,
        challenges: again,
      });
    }
    throw await registryErrorFromResponse(second, {
      ...context,
      challenges: again,
      code: 'UNAUTHORIZED',
      message:
        scope !== undefined
          ? `the token does not grant the access this request needs (${scope}).`
          : retryWith.startsWith('Basic ')
            ? 'the registry refused these credentials.'
            : 'the registry refused the token it asked for.',
    });
  }

  async function ensureOk(response: Response, context: ErrorContext): Promise<Response> {
    if (response.ok) return response;
    throw await registryErrorFromResponse(response, { ...context, url: context.url ?? response.url, now: now() });
  }

  /** The body as JSON, read by `parse` (undefined: not the expected shape → RESPONSE_MALFORMED). */
  async function readJson<T>(response: Response, parse: (json: unknown) => T | undefined, context: ErrorContext): Promise<T> {
    const bytes = await readBodyWithin(response, MAX_LISTING_BYTES, 'listing', context);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      json = undefined;
    }
    const parsed = parse(json);
    if (parsed !== undefined) return parsed;
    throw new RegistryError({
      status: 0,
      code: 'RESPONSE_MALFORMED',
      message: `Unexpected answer from ${context.url ?? 'the registry'}: not the JSON the Registry API v2 specifies.`,
      ...context,
    });
  }

  /**
   * The digest of bytes received: sha256 computed locally must equal Docker-Content-Digest (when
   * sent and sha256) and the digest asked for (when the reference was one).
   */
  async function checkedDigest(bytes: Uint8Array, header: string | null, expected: string | undefined, context: ErrorContext): Promise<string> {
    const { sha256Digest } = await loadBodyParsers();
    const computed = await sha256Digest(bytes);
    const announced = header?.trim() || undefined;
    if (announced?.startsWith('sha256:') && announced !== computed) {
      throw digestMismatch(`Digest mismatch: the registry announced ${announced} but the bytes received hash to ${computed}.`, context);
    }
    if (expected !== undefined && expected !== computed) {
      throw digestMismatch(`Digest mismatch: asked for ${expected} but the bytes received hash to ${computed}.`, context);
    }
    // Another algorithm (sha512) cannot be checked here yet: keep the registry's word for it.
    return announced ?? computed;
  }

  function fetchManifest(name: string, reference: string, signal: AbortSignal | undefined): Promise<FetchedManifest> {
    return timed(signal, manifestUrl(name, reference), (timedSignal) => fetchManifestNow(name, reference, timedSignal));
  }

  async function fetchManifestNow(name: string, reference: string, signal: AbortSignal): Promise<FetchedManifest> {
    assertRepositoryName(name);
    assertReference(name, reference);
    const url = manifestUrl(name, reference);
    const context = { repository: name, reference, url };
    // Loads while the request is in flight.
    const bodyParsers = loadBodyParsers();
    const response = await ensureOk(
      await send({ method: 'GET', url, accept: MANIFEST_ACCEPT, authKey: pullKey(name), context, signal }),
      context,
    );
    const { digestedBytes, parseManifest } = await bodyParsers;
    const bytes = await readBodyWithin(response, MAX_MANIFEST_BYTES, 'manifest', context);
    const contentType = response.headers.get('Content-Type') ?? '';
    // Docker schema 1: the digest covers the payload without the JWS signatures (see schema1.ts).
    const digest = await checkedDigest(digestedBytes(bytes, contentType), response.headers.get('Docker-Content-Digest'), isDigest(reference) ? reference : undefined, context);
    try {
      const manifest = parseManifest(bytes, contentType);
      return { digest, mediaType: manifest.mediaType, bytes, manifest };
    } catch (error) {
      if (error instanceof RegistryError) throw withContext(error, context);
      throw error;
    }
  }

  function fetchBlob(name: string, digest: string, signal: AbortSignal | undefined): Promise<Uint8Array> {
    return timed(signal, blobUrl(name, digest), (timedSignal) => fetchBlobNow(name, digest, timedSignal));
  }

  async function fetchBlobNow(name: string, digest: string, signal: AbortSignal): Promise<Uint8Array> {
    assertRepositoryName(name);
    assertDigest(name, digest);
    const url = blobUrl(name, digest);
    const context = { repository: name, reference: digest, url };
    // distribution may redirect blob GETs to object storage; fetch follows the redirect.
    const response = await ensureOk(await send({ method: 'GET', url, authKey: pullKey(name), context, signal }), context);
    // Configs and other small blobs only (layers are streamed by write-operations.ts).
    const bytes = await readBodyWithin(response, MAX_CONFIG_BYTES, 'blob', context);
    await checkedDigest(bytes, null, digest, context);
    return bytes;
  }

  return {
    baseUrl,
    upstream: options.upstream,

    /** GET /v2/: 200 means a v2 registry; a 401 here surfaces the auth challenge early. */
    async ping(requestOptions = {}) {
      const url = `${baseUrl}/v2/`;
      const context = { url };
      await timed(requestOptions.signal, url, async (signal) => {
        const response = await ensureOk(await send({ method: 'GET', url, accept: 'application/json', authKey: 'registry:base', context, signal }), context);
        discard(response);
      });
    },

    /**
     * GET /v2/_catalog?n=… page by page, following Link rel="next" (distribution sends a relative
     * URL, absent on the last page). n is clamped to 1..1000; `"repositories": null` → [].
     */
    async *catalogPages(requestOptions = {}) {
      const n = clampPageSize(requestOptions.pageSize);
      const first = Math.min(n, clampPageSize(requestOptions.firstPageSize, n));
      const signal = requestOptions.signal;
      yield* paginate(
        `${baseUrl}/v2/_catalog?n=${first}${requestOptions.last === undefined ? '' : `&last=${encodeURIComponent(requestOptions.last)}`}`,
        baseUrl,
        (url) =>
          timed(signal, url, async (timedSignal) => {
            const context = { url };
            const response = await ensureOk(await send({ method: 'GET', url, accept: 'application/json', authKey: 'registry:catalog:*', context, signal: timedSignal }), context);
            return { items: await readJson(response, catalogNames, context), link: response.headers.get('Link') };
          }),
        (url, index) => (first < n ? withPageSize(url, pageSizeAt(index, first, n)) : url),
      );
    },

    /** GET /v2/<name>/tags/list; distribution sends everything at once (ignores n), others page with Link. */
    async listTags(name, requestOptions = {}) {
      assertRepositoryName(name);
      const signal = requestOptions.signal;
      const tags: string[] = [];
      const pages = paginate(`${baseUrl}/v2/${name}/tags/list`, baseUrl, (url) =>
        timed(signal, url, async (timedSignal) => {
          const context = { repository: name, url };
          const response = await ensureOk(await send({ method: 'GET', url, accept: 'application/json', authKey: pullKey(name), context, signal: timedSignal }), context);
          return { items: await readJson(response, tagNames, context), link: response.headers.get('Link') };
        }),
      );
      for await (const page of pages) tags.push(...page);
      return tags;
    },

    /**
     * GET /v2/<name>/manifests/<reference> with all four manifest types in Accept (else OCI content
     * is 404 and Docker schema2 by tag is converted to schema1). The exact bytes are hashed: the
     * result must match Docker-Content-Digest and a digest reference, or DIGEST_MISMATCH.
     */
    getManifest(name, reference, requestOptions = {}) {
      return fetchManifest(name, reference, requestOptions.signal);
    },

    /**
     * HEAD /v2/<name>/manifests/<reference>: 404 → null. Falls back to GET when the digest header
     * is missing (not exposed by CORS) or the media type/size are unusable. Note: registries count
     * a HEAD as a pull.
     */
    async headManifest(name, reference, requestOptions = {}) {
      assertRepositoryName(name);
      assertReference(name, reference);
      const url = manifestUrl(name, reference);
      const context = { repository: name, reference, url };
      const response = await timed(requestOptions.signal, url, async (signal) => {
        const answer = await send({ method: 'HEAD', url, accept: MANIFEST_ACCEPT, authKey: pullKey(name), context, signal });
        if (answer.status !== 404) await ensureOk(answer, context);
        discard(answer);
        return answer;
      });
      if (response.status === 404) return null;
      const digest = response.headers.get('Docker-Content-Digest')?.trim();
      const mediaType = normalizeMediaType(response.headers.get('Content-Type'));
      const size = Number(response.headers.get('Content-Length') ?? Number.NaN);
      // Schema 1 too: its Docker-Content-Digest resolves the tag without fetching and parsing it.
      if (digest && (isManifestMediaType(mediaType) || isSchema1MediaType(mediaType)) && Number.isInteger(size) && size >= 0) {
        if (isDigest(reference) && digest !== reference) {
          throw digestMismatch(`Digest mismatch: asked for ${reference} but the registry answered ${digest}.`, context);
        }
        return { digest, mediaType, size } satisfies ManifestHead;
      }
      try {
        const fetched = await fetchManifest(name, reference, requestOptions.signal);
        return { digest: fetched.digest, mediaType: fetched.mediaType, size: fetched.bytes.byteLength };
      } catch (error) {
        if (error instanceof RegistryError && error.status === 404) return null;
        throw error;
      }
    },

    /** GET /v2/<name>/blobs/<digest>, digest verified, parsed as an image config (bad JSON → CONFIG_MALFORMED). */
    async getImageConfig(name, digest, requestOptions = {}) {
      const bodyParsers = loadBodyParsers();
      const bytes = await fetchBlob(name, digest, requestOptions.signal);
      const { imageConfigSchema } = await bodyParsers;
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch (error) {
        throw new RegistryError({
          status: 0,
          code: 'CONFIG_MALFORMED',
          message: `Config blob ${digest} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
          repository: name,
          reference: digest,
        });
      }
      const parsed = typeof json === 'object' && json !== null && !Array.isArray(json) ? imageConfigSchema.safeParse(json) : null;
      if (!parsed?.success) {
        throw new RegistryError({ status: 0, code: 'CONFIG_MALFORMED', message: `Config blob ${digest} is not an image configuration object.`, repository: name, reference: digest });
      }
      return parsed.data satisfies ImageConfig;
    },

    /** GET /v2/<name>/blobs/<digest> as exact bytes, digest verified. */
    getBlob(name, digest, requestOptions = {}) {
      return fetchBlob(name, digest, requestOptions.signal);
    },

    /**
     * GET /v2/<name>/referrers/<digest>[?artifactType=…], following Link pages. A registry with the
     * API never answers 404 here (OCI 1.1), so 404 — distribution 2.8's plain-text "404 page not
     * found", which carries no CORS headers and may surface as a network error cross-origin — means
     * "unsupported": the caller falls back to the `sha256-<hex>` tag schema.
     */
    async listReferrers(name, digest, requestOptions = {}) {
      assertRepositoryName(name);
      assertDigest(name, digest);
      const query = requestOptions.artifactType ? `?artifactType=${encodeURIComponent(requestOptions.artifactType)}` : '';
      const signal = requestOptions.signal;
      const { isReferrersUnsupportedStatus, referrersIndexSchema } = await loadBodyParsers();
      const descriptors: Descriptor[] = [];
      let filtered = false;
      // Written from the page callback: a plain `let` would stay narrowed to null for the compiler.
      const state: { unsupported: number | null } = { unsupported: null };
      const pages = paginate(`${baseUrl}/v2/${name}/referrers/${digest}${query}`, baseUrl, (url) =>
        timed(signal, url, async (timedSignal) => {
          const context = { repository: name, reference: digest, url };
          const response = await send({ method: 'GET', url, accept: OCI_INDEX, authKey: pullKey(name), context, signal: timedSignal });
          if (isReferrersUnsupportedStatus(response.status)) {
            discard(response);
            state.unsupported = response.status;
            return { items: [], link: null };
          }
          await ensureOk(response, context);
          if (response.headers.get('OCI-Filters-Applied')?.includes('artifactType')) filtered = true;
          const body = await readJson(response, (json) => referrersIndexSchema.safeParse(json).data, context);
          return { items: body.manifests ?? [], link: response.headers.get('Link') };
        }),
      );
      for await (const page of pages) descriptors.push(...page);
      if (state.unsupported !== null) return { supported: false, status: state.unsupported };
      return { supported: true, descriptors, filtered };
    },

    /**
     * DELETE /v2/<name>/manifests/<digest>. Digests only: distribution has no delete by tag (it
     * answers 400 DIGEST_INVALID) and deleting a digest removes every tag pointing at it.
     * 202 → true; 404 → false (already gone); 405 UNSUPPORTED when storage.delete.enabled is off.
     */
    async deleteManifest(name, digest, requestOptions = {}) {
      assertRepositoryName(name);
      if (!isDigest(digest) && isValidTag(digest)) {
        throw new RegistryError({
          status: 0,
          code: 'REFERENCE_INVALID',
          message: `Cannot delete "${digest}" by tag: the registry deletes manifests by digest only, which removes every tag pointing at it.`,
          repository: name,
          reference: digest,
        });
      }
      assertDigest(name, digest);
      const url = manifestUrl(name, digest);
      const context = { repository: name, reference: digest, url };
      return timed(requestOptions.signal, url, async (signal) => {
        const response = await send({ method: 'DELETE', url, authKey: `repository:${name}:delete`, context, signal });
        if (response.status === 404) {
          discard(response);
          return false;
        }
        await ensureOk(response, context);
        discard(response);
        return true;
      });
    },

    /**
     * PUT /v2/<name>/manifests/<reference> with the exact bytes as an ArrayBuffer and Content-Type
     * set to the media type (without it, or with fetch's text/plain default, distribution answers
     * 400 MANIFEST_INVALID). Returns Docker-Content-Digest, checked against the bytes sent.
     */
    async putManifest(name, reference, bytes, mediaType, requestOptions = {}) {
      assertRepositoryName(name);
      assertReference(name, reference);
      const url = manifestUrl(name, reference);
      const context = { repository: name, reference, url };
      if (normalizeMediaType(mediaType) === '') {
        throw new RegistryError({ status: 0, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'A manifest must be sent with its media type as Content-Type.', ...context });
      }
      // Docker schema 1: the digest covers the payload without the JWS signatures (see schema1.ts).
      const { digestedBytes, sha256Digest } = await loadBodyParsers();
      const computed = await sha256Digest(digestedBytes(bytes, mediaType));
      if (isDigest(reference) && reference !== computed) {
        throw digestMismatch(`Digest mismatch: pushing to ${reference} bytes that hash to ${computed}.`, context);
      }
      const body = new Uint8Array(bytes).buffer;
      const response = await timed(requestOptions.signal, url, async (signal) =>
        ensureOk(await send({ method: 'PUT', url, body, contentType: mediaType, authKey: `repository:${name}:pull,push`, context, signal }), context),
      );
      discard(response);
      const announced = response.headers.get('Docker-Content-Digest')?.trim();
      if (announced?.startsWith('sha256:') && announced !== computed) {
        throw digestMismatch(`Digest mismatch: the registry stored ${announced} for bytes that hash to ${computed}.`, context);
      }
      return announced || computed;
    },

    clearAuth() {
      auth.clear();
    },

    async request(init) {
      const url = /^[a-z][a-z0-9+.-]*:/i.test(init.url) ? init.url : `${baseUrl}${init.url}`;
      const context = { ...init.context, url };
      return timed(init.signal, url, async (signal) => {
        const response = await send({ method: init.method, url, authKey: init.authKey, context, accept: init.accept, contentType: init.contentType, contentRange: init.contentRange, body: init.body, signal });
        if (init.pass?.includes(response.status)) return response;
        return ensureOk(response, context);
      });
    },
  };
}
