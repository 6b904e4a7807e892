// Runs under the project's default jsdom environment on purpose: Web Crypto must work there too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Digest, verifyDigest } from './sha256';

const EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Digest', () => {
  it('hashes exact bytes', async () => {
    expect(await sha256Digest(new Uint8Array())).toBe(EMPTY);
    expect(await sha256Digest(new TextEncoder().encode('abc'))).toBe(ABC);
    // a view into a larger buffer hashes only its own bytes
    const big = new TextEncoder().encode('xxabcxx');
    expect(await sha256Digest(big.subarray(2, 5))).toBe(ABC);
  });

  it('verifies', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await verifyDigest(bytes, ABC)).toBe(true);
    expect(await verifyDigest(bytes, EMPTY)).toBe(false);
    expect(await verifyDigest(bytes, 'nonsense')).toBe(false);
  });
});

describe('digest outside a secure context (no crypto.subtle)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function withoutSubtle() {
    // What Chromium exposes at http://<non-localhost>: crypto with getRandomValues, no subtle.
    vi.stubGlobal('crypto', { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto), subtle: undefined });
    expect(globalThis.crypto.subtle).toBeUndefined();
  }

  it('still hashes exact bytes', async () => {
    withoutSubtle();
    expect(await sha256Digest(new Uint8Array())).toBe(EMPTY);
    expect(await sha256Digest(new TextEncoder().encode('abc'))).toBe(ABC);
    const big = new TextEncoder().encode('xxabcxx');
    expect(await sha256Digest(big.subarray(2, 5))).toBe(ABC);
  });

  it('still verifies, and still refuses a mismatch', async () => {
    withoutSubtle();
    const bytes = new TextEncoder().encode('abc');
    expect(await verifyDigest(bytes, ABC)).toBe(true);
    expect(await verifyDigest(bytes, EMPTY)).toBe(false);
  });

  it('agrees with Web Crypto on a large body', async () => {
    const bytes = new Uint8Array(1_000_003).map((_, i) => (i * 31 + 7) & 0xff);
    const viaSubtle = await sha256Digest(bytes);
    withoutSubtle();
    expect(await sha256Digest(bytes)).toBe(viaSubtle);
  });
});
