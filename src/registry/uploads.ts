/**
 * Pure pieces of the write side of the Distribution API: upload session URLs and how to read a
 * registry's answer to a delete. The requests themselves are in client.ts (they need its auth).
 */
import { RegistryError } from './errors';

/**
 * The URL to PUT the bytes to, from an upload session's `Location`. distribution answers with an
 * absolute URL carrying a `_state` query; other registries send a path relative to the registry
 * (ACR, Harbor behind a proxy) — resolve against the base and append `digest` with `&` or `?`.
 */
export function uploadTargetUrl(location: string, baseUrl: string, digest?: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(location);
  let url = location;
  if (!absolute && baseUrl !== '') url = new URL(location, `${baseUrl}/`).href;
  // Appended as text: re-serialising the query would re-encode the registry's opaque `_state`.
  if (digest !== undefined) url += `${url.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`;
  return url;
}

/** What a `DELETE /v2/<name>/manifests/<tag>` taught us. */
export type TagDeleteOutcome = 'deleted' | 'not-found' | 'unsupported';

/**
 * distribution 2.x has no delete by tag: it answers `400 DIGEST_INVALID` (deletes on) or
 * `405 UNSUPPORTED` (deletes off); other registries answer 405 or `UNSUPPORTED` with another
 * status. All of them mean "use another way", not "failed".
 */
export function classifyTagDelete(status: number, code: string): TagDeleteOutcome | null {
  if (status >= 200 && status < 300) return 'deleted';
  if (status === 404) return 'not-found';
  if (status === 405 || code === 'UNSUPPORTED' || (status === 400 && code === 'DIGEST_INVALID')) return 'unsupported';
  return null;
}

/** Whether a registry lets us delete manifests at all (storage.delete.enabled on distribution). */
export type DeleteSupport = 'enabled' | 'disabled' | 'unknown';

/** 405 or `UNSUPPORTED`: deletes are switched off on this registry. */
export function isDeleteDisabledError(error: unknown): boolean {
  return error instanceof RegistryError && (error.status === 405 || error.code === 'UNSUPPORTED');
}
