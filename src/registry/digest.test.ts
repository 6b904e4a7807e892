import { describe, expect, it } from 'vitest';
import { isDigest } from './digest';

const ABC = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('isDigest', () => {
  it('recognises sha256 digests only', () => {
    expect(isDigest(ABC)).toBe(true);
    expect(isDigest('sha256:1234')).toBe(false);
    expect(isDigest(ABC.toUpperCase())).toBe(false);
    expect(isDigest(`sha512:${'a'.repeat(128)}`)).toBe(false);
    expect(isDigest(` ${ABC}`)).toBe(false);
  });
});
