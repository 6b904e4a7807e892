/**
 * SHA-256 of exact bytes, as a digest. Not in digest.ts: the catalog's first page needs isDigest
 * but no hashing, so this module loads with the body parsers (body-parsers.ts).
 */
import { isDigest } from './digest';

function toHex(buffer: ArrayBuffer | Uint8Array): string {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * `crypto.subtle` exists only in secure contexts (https, localhost): a portal opened at
 * http://registry-ui.corp:8080 has `crypto` but no `subtle`. There the pure-JS SHA-256 of
 * @noble/hashes is used, loaded on first need so secure contexts never download it.
 */
function webCryptoSubtle(): SubtleCrypto | undefined {
  return (globalThis.crypto as Crypto | undefined)?.subtle ?? undefined;
}

let nobleSha256: Promise<(bytes: Uint8Array) => Uint8Array> | undefined;
function fallbackSha256(): Promise<(bytes: Uint8Array) => Uint8Array> {
  nobleSha256 ??= import('@noble/hashes/sha2').then((module) => module.sha256);
  return nobleSha256;
}

/** "sha256:<hex>" of the exact bytes: Web Crypto when the context has it, else @noble/hashes. */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const subtle = webCryptoSubtle();
  if (!subtle) return `sha256:${toHex((await fallbackSha256())(bytes))}`;
  // subtle.digest wants an ArrayBuffer-backed view; copy only when handed a SharedArrayBuffer view.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const hash = await subtle.digest('SHA-256', view);
  return `sha256:${toHex(hash)}`;
}

/** True when `expected` is a sha256 digest equal to sha256(bytes). */
export async function verifyDigest(bytes: Uint8Array, expected: string): Promise<boolean> {
  if (!isDigest(expected)) return false;
  return (await sha256Digest(bytes)) === expected;
}
