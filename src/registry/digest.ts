const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Only sha256 for now: distribution answers a malformed digest in a URL with a 500 whose detail
 * leaks a storage path, so anything else is refused before sending.
 */
export function isDigest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}
