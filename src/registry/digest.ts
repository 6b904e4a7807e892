const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Only sha256 for now: distribution answers a malformed digest in a URL with a 500 whose detail
 * leaks a storage path, so anything else is refused before sending.
 */
export function isDigest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** "sha256:<hex>" of the exact bytes, via Web Crypto (browser and Node ≥ 20 alike). */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  // subtle.digest wants an ArrayBuffer-backed view; copy only when handed a SharedArrayBuffer view.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  const hash = await globalThis.crypto.subtle.digest('SHA-256', view);
  return `sha256:${toHex(hash)}`;
}

/** True when `expected` is a sha256 digest equal to sha256(bytes). */
export async function verifyDigest(bytes: Uint8Array, expected: string): Promise<boolean> {
  if (!isDigest(expected)) return false;
  return (await sha256Digest(bytes)) === expected;
}
