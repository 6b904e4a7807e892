/**
 * Reading response bodies with a ceiling. A registry (or anything answering for it) decides how
 * many bytes it sends; the client decides how many it keeps. The body is read as a stream and
 * the read stops as soon as the cap is passed — Content-Length is only an early hint, never trusted
 * to be true (it may be absent, or lie).
 */
const MIB = 1024 * 1024;

/** distribution refuses manifests over 4 MiB (`maxManifestBodySize`), so no valid one is larger. */
export const MAX_MANIFEST_BYTES = 4 * MIB;
/**
 * Image configs: no registry limit exists; 8 MiB is far past real ones (a config with thousands of
 * history entries and labels stays under 1 MiB) and still harmless to hold and parse in a tab.
 */
export const MAX_CONFIG_BYTES = 8 * MIB;
/** Error bodies are a short JSON document or an HTML page from a proxy: 64 KiB of it is plenty. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** `_catalog`, `tags/list` and referrers pages: 64 MiB holds well over a million tag names. */
export const MAX_LISTING_BYTES = 64 * MIB;

export interface LimitedBody {
  bytes: Uint8Array;
  /** The body went on past `limit`; `bytes` holds the first `limit` bytes. */
  truncated: boolean;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk.subarray(0, length - offset), offset);
    offset += Math.min(chunk.byteLength, length - offset);
    if (offset >= length) break;
  }
  return out;
}

/** Reads at most `limit` bytes of the body, cancelling the rest of the stream past it. */
export async function readLimited(response: Response, limit: number): Promise<LimitedBody> {
  const reader = response.body?.getReader();
  if (!reader) return { bytes: new Uint8Array(0), truncated: false };
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
    if (length > limit) {
      void reader.cancel().catch(() => undefined);
      return { bytes: concat(chunks, limit), truncated: true };
    }
  }
  return { bytes: concat(chunks, length), truncated: false };
}
