/**
 * The write side of the Distribution API beyond putManifest/deleteManifest: delete by tag, blob
 * existence, monolithic upload and cross-repository mount. Built on the client's `request` (its
 * auth, headers and RegistryError mapping), kept out of client.ts so the read client stays small.
 */
import type { RegistryClient, RequestOptions } from './client';
import { isDigest } from './digest';
import { sha256Digest } from './sha256';
import { isAbortError, RegistryError, registryErrorFromResponse } from './errors';
import { assertDigest, assertRepositoryName, isValidTag } from './names';
import { classifyTagDelete, uploadTargetUrl, type DeleteSupport, type TagDeleteOutcome } from './uploads';

const pushKey = (name: string) => `repository:${name}:pull,push`;
const deleteKey = (name: string) => `repository:${name}:delete`;

function discard(response: Response): void {
  try {
    void response.body?.cancel().catch(() => undefined);
  } catch {
    // already consumed
  }
}

export interface TagDeleteResult {
  outcome: TagDeleteOutcome;
  /** The registry's refusal when `unsupported` (400 DIGEST_INVALID, 405, UNSUPPORTED). */
  error?: RegistryError;
}

/**
 * DELETE /v2/<name>/manifests/<tag> (OCI 1.1: removes only the tag). distribution 2.x answers
 * `400 DIGEST_INVALID` and changes nothing; a registry with deletes off answers `405 UNSUPPORTED`.
 * Both come back as `unsupported`; 404 as `not-found`; anything else throws.
 */
export async function deleteManifestByTag(client: RegistryClient, name: string, tag: string, options: RequestOptions = {}): Promise<TagDeleteResult> {
  assertRepositoryName(name);
  if (!isValidTag(tag)) throw new RegistryError({ status: 0, code: 'REFERENCE_INVALID', message: `Invalid tag "${tag}".`, repository: name, reference: tag });
  const context = { repository: name, reference: tag };
  const response = await client.request({
    method: 'DELETE',
    url: `/v2/${name}/manifests/${tag}`,
    authKey: deleteKey(name),
    context,
    signal: options.signal,
    pass: [400, 404, 405, 501],
  });
  if (response.ok) {
    discard(response);
    return { outcome: 'deleted' };
  }
  const error = await registryErrorFromResponse(response, context);
  const outcome = classifyTagDelete(error.status, error.code);
  if (outcome === null) throw error;
  return outcome === 'unsupported' ? { outcome, error } : { outcome };
}

/**
 * A digest no manifest has (sha256 of "regatta: is deleting manifests enabled on this registry?"): deleting it changes nothing. distribution
 * checks `storage.delete.enabled` before looking the manifest up, so the answer tells whether
 * deletes are on (404 MANIFEST_UNKNOWN) or off (405 UNSUPPORTED) without touching anything.
 */
export const DELETE_PROBE_DIGEST = 'sha256:f99b93f117806a593c0ad72f608cc8e3b2d93430a612ae74ac32f87ea4661f1e';

/** Probes whether the registry deletes manifests: `unknown` for any answer that does not say (401, 403, 5xx, network). */
export async function probeDeleteSupport(client: RegistryClient, name: string, options: RequestOptions = {}): Promise<DeleteSupport> {
  assertRepositoryName(name);
  try {
    const response = await client.request({
      method: 'DELETE',
      url: `/v2/${name}/manifests/${DELETE_PROBE_DIGEST}`,
      authKey: deleteKey(name),
      context: { repository: name, reference: DELETE_PROBE_DIGEST },
      signal: options.signal,
      pass: [400, 401, 403, 404, 405, 501],
    });
    const status = response.status;
    const error = response.ok ? null : await registryErrorFromResponse(response);
    if (response.ok) discard(response);
    if (status === 405 || status === 501 || error?.code === 'UNSUPPORTED') return 'disabled';
    if (status === 404 || response.ok) return 'enabled';
    return 'unknown';
  } catch (error) {
    if (isAbortError(error)) throw error;
    return 'unknown';
  }
}

/** HEAD /v2/<name>/blobs/<digest>: true when this repository has the blob (404 → false). */
export async function blobExists(client: RegistryClient, name: string, digest: string, options: RequestOptions = {}): Promise<boolean> {
  assertRepositoryName(name);
  assertDigest(name, digest);
  const response = await client.request({
    method: 'HEAD',
    url: `/v2/${name}/blobs/${digest}`,
    authKey: `repository:${name}:pull`,
    context: { repository: name, reference: digest },
    signal: options.signal,
    pass: [404],
  });
  discard(response);
  return response.ok;
}

/**
 * Monolithic upload: POST /v2/<name>/blobs/uploads/ opens a session, PUT <Location>?digest=<d>
 * with the bytes closes it. Location may be absolute (distribution, with a `_state` query) or
 * relative; `digest` is appended to its query. Returns the digest, checked against the bytes.
 */
export async function uploadBlob(client: RegistryClient, name: string, bytes: Uint8Array, options: RequestOptions = {}): Promise<string> {
  assertRepositoryName(name);
  const digest = await sha256Digest(bytes);
  const context = { repository: name, reference: digest };
  const started = await client.request({ method: 'POST', url: `/v2/${name}/blobs/uploads/`, authKey: pushKey(name), context, signal: options.signal });
  discard(started);
  const location = started.headers.get('Location');
  if (!location) {
    throw new RegistryError({ status: started.status, code: 'UPLOAD_LOCATION_MISSING', message: 'The registry opened an upload session without a Location header (is it exposed by CORS?).', ...context });
  }
  const finished = await client.request({
    method: 'PUT',
    url: uploadTargetUrl(location, client.baseUrl, digest),
    authKey: pushKey(name),
    context,
    contentType: 'application/octet-stream',
    body: new Uint8Array(bytes).buffer,
    signal: options.signal,
  });
  discard(finished);
  const announced = finished.headers.get('Docker-Content-Digest')?.trim();
  if (announced && isDigest(announced) && announced !== digest) {
    throw new RegistryError({ status: 0, code: 'DIGEST_MISMATCH', message: `The registry stored ${announced} for a blob that hashes to ${digest}.`, ...context });
  }
  return digest;
}

export type MountOutcome = 'mounted' | 'not-mounted';

/**
 * POST /v2/<to>/blobs/uploads/?mount=<digest>&from=<from>: 201 when the registry linked the blob.
 * A refused mount is no error: distribution silently answers 202 with an upload session, which is
 * cancelled here (DELETE <Location>) so no session is left open; the caller then uploads.
 */
export async function mountBlob(client: RegistryClient, to: string, digest: string, from: string, options: RequestOptions = {}): Promise<MountOutcome> {
  assertRepositoryName(to);
  assertRepositoryName(from);
  assertDigest(to, digest);
  const context = { repository: to, reference: digest };
  const response = await client.request({
    method: 'POST',
    url: `/v2/${to}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`,
    authKey: `repository:${to}:pull,push repository:${from}:pull`,
    context,
    signal: options.signal,
  });
  discard(response);
  if (response.status === 201) return 'mounted';
  const location = response.headers.get('Location');
  if (location) {
    try {
      const cancelled = await client.request({
        method: 'DELETE',
        url: uploadTargetUrl(location, client.baseUrl),
        authKey: pushKey(to),
        context,
        signal: options.signal,
        pass: [404, 405],
      });
      discard(cancelled);
    } catch {
      // A session left open expires on its own (distribution purges them); the upload goes on.
    }
  }
  return 'not-mounted';
}

/** Bytes per PATCH of a streamed upload: the most a copy holds in memory per blob at once. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export interface StreamCopyOptions extends RequestOptions {
  /** Bytes per PATCH (default UPLOAD_CHUNK_BYTES). */
  chunkBytes?: number;
  /** Called after each chunk the registry accepted, with the bytes sent so far. */
  onProgress?: (sent: number) => void;
}

/**
 * Copies one blob from repository `from` to `to` without holding it whole: GET the source as a
 * stream, POST an upload session, PATCH it chunk by chunk (`Content-Range: <start>-<end>`, each
 * answer's `Location` is where the next chunk goes), then `PUT <Location>?digest=<d>` with no body.
 * The registry hashes what it received and refuses the PUT when it is not `digest` (400
 * DIGEST_INVALID), so nothing is hashed here. On failure the upload session is cancelled.
 */
export async function streamBlob(client: RegistryClient, from: string, to: string, digest: string, options: StreamCopyOptions = {}): Promise<string> {
  assertRepositoryName(from);
  assertRepositoryName(to);
  assertDigest(from, digest);
  const chunkBytes = options.chunkBytes ?? UPLOAD_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  const { signal } = options;
  const context = { repository: to, reference: digest };

  const source = await client.request({
    method: 'GET',
    url: `/v2/${from}/blobs/${digest}`,
    authKey: `repository:${from}:pull`,
    context: { repository: from, reference: digest },
    signal,
  });
  const reader = source.body?.getReader();
  const started = await client.request({ method: 'POST', url: `/v2/${to}/blobs/uploads/`, authKey: pushKey(to), context, signal });
  discard(started);
  let location = started.headers.get('Location');
  if (!location) {
    void reader?.cancel().catch(() => undefined);
    throw new RegistryError({ status: started.status, code: 'UPLOAD_LOCATION_MISSING', message: 'The registry opened an upload session without a Location header (is it exposed by CORS?).', ...context });
  }
  const nextLocation = (response: Response) => {
    const next = response.headers.get('Location');
    if (!next) throw new RegistryError({ status: response.status, code: 'UPLOAD_LOCATION_MISSING', message: 'The registry accepted a chunk without saying where the next one goes (Location).', ...context });
    return next;
  };

  let sent = 0;
  try {
    // One chunk buffer at a time: filled from the stream, sent, then let go.
    let chunk = new Uint8Array(chunkBytes);
    let filled = 0;
    const flush = async () => {
      if (filled === 0) return;
      // A full chunk goes as it is; only the last, partial one is copied (to its own length).
      const body = filled === chunkBytes ? chunk.buffer : chunk.buffer.slice(0, filled);
      const patched = await client.request({
        method: 'PATCH',
        url: uploadTargetUrl(location as string, client.baseUrl),
        authKey: pushKey(to),
        context,
        contentType: 'application/octet-stream',
        contentRange: `${sent}-${sent + filled - 1}`,
        body,
        signal,
      });
      discard(patched);
      location = nextLocation(patched);
      sent += filled;
      options.onProgress?.(sent);
      chunk = new Uint8Array(chunkBytes);
      filled = 0;
    };
    for (;;) {
      const part = reader ? await reader.read() : { done: true as const, value: undefined };
      if (part.done) break;
      let offset = 0;
      while (offset < part.value.byteLength) {
        const take = Math.min(chunkBytes - filled, part.value.byteLength - offset);
        chunk.set(part.value.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === chunkBytes) await flush();
      }
    }
    await flush();
    const finished = await client.request({ method: 'PUT', url: uploadTargetUrl(location, client.baseUrl, digest), authKey: pushKey(to), context, signal });
    discard(finished);
    const announced = finished.headers.get('Docker-Content-Digest')?.trim();
    if (announced && isDigest(announced) && announced !== digest) {
      throw new RegistryError({ status: 0, code: 'DIGEST_MISMATCH', message: `The registry stored ${announced} for blob ${digest}.`, ...context });
    }
    return digest;
  } catch (error) {
    void reader?.cancel().catch(() => undefined);
    const session = location;
    void client
      .request({ method: 'DELETE', url: uploadTargetUrl(session, client.baseUrl), authKey: pushKey(to), context, pass: [404, 405] })
      .then(discard, () => undefined);
    throw error;
  }
}
