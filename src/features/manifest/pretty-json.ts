/** Most bytes shown in the page; the download always has all of them. */
export const MAX_SHOWN_BYTES = 1024 * 1024;

export interface PrettyJson {
  text: string;
  /** Re-indented JSON (false: shown as received). */
  pretty: boolean;
  /** Only the first MAX_SHOWN_BYTES are shown. */
  truncated: boolean;
  /** Why the bytes could not be shown as JSON. */
  problem?: string;
}

/**
 * Bytes → text for the raw view: pretty-printed JSON when it parses, else the text as received
 * with the reason. A huge document is not parsed at all (a 10 MB manifest would freeze the tab).
 */
export function prettyJson(bytes: Uint8Array, limit = MAX_SHOWN_BYTES): PrettyJson {
  if (bytes.byteLength > limit) {
    const text = new TextDecoder().decode(bytes.subarray(0, limit));
    return { text, pretty: false, truncated: true, problem: `Showing the first ${limit} of ${bytes.byteLength} bytes as received.` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { text: new TextDecoder().decode(bytes), pretty: false, truncated: false, problem: 'The bytes are not valid UTF-8.' };
  }
  try {
    return { text: JSON.stringify(JSON.parse(text), null, 2), pretty: true, truncated: false };
  } catch (error) {
    return { text, pretty: false, truncated: false, problem: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
