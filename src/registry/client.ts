import type { Credentials, FetchedManifest, ImageConfig, ManifestHead } from './types';

export interface RegistryClientOptions {
  /** Registry base URL without /v2, e.g. "http://127.0.0.1:5000" or "" / location.origin when proxied. */
  baseUrl: string;
  fetch: typeof fetch;
  /** Asked when a challenge needs credentials; null means anonymous. */
  credentials?: () => Credentials | null;
  /** Extra headers on every registry request, e.g. X-Meta-Source-Client. */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface RegistryClient {
  readonly baseUrl: string;
  /** GET /v2/ — checks the API version and surfaces auth challenges early. */
  ping(options?: RequestOptions): Promise<void>;
  /** GET /v2/_catalog page by page following Link rel="next" (relative or absolute). */
  catalogPages(options?: RequestOptions & { pageSize?: number }): AsyncGenerator<string[], void, undefined>;
  /** GET /v2/<name>/tags/list, following Link if sent; `"tags": null` → []. */
  listTags(name: string, options?: RequestOptions): Promise<string[]>;
  /** GET a manifest by tag or digest with every supported media type in Accept; digest verified. */
  getManifest(name: string, reference: string, options?: RequestOptions): Promise<FetchedManifest>;
  /** HEAD a manifest: digest, media type and size; null when the registry answers 404. */
  headManifest(name: string, reference: string, options?: RequestOptions): Promise<ManifestHead | null>;
  /** GET a config blob by digest and parse it as an image config. */
  getImageConfig(name: string, digest: string, options?: RequestOptions): Promise<ImageConfig>;
  /** GET any blob by digest as bytes. */
  getBlob(name: string, digest: string, options?: RequestOptions): Promise<Uint8Array>;
  /** DELETE /v2/<name>/manifests/<digest>. Resolves true when deleted, false when it was already gone (404). */
  deleteManifest(name: string, digest: string, options?: RequestOptions): Promise<boolean>;
  /** PUT exact manifest bytes with their media type; returns Docker-Content-Digest. */
  putManifest(name: string, reference: string, bytes: Uint8Array, mediaType: string, options?: RequestOptions): Promise<string>;
}
