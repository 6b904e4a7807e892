import { describe, expect, it } from 'vitest';
import { digestColour, SHARED_COLOURS, sharedWithText } from './digest-groups';

const d = (c: string) => `sha256:${c.repeat(64)}`;

describe('sharedWithText', () => {
  it('names the other tags, then counts the rest', () => {
    expect(sharedWithText('v1', ['v1'])).toBe('');
    expect(sharedWithText('v1', ['latest', 'v1'])).toBe('same image as latest');
    expect(sharedWithText('v1', ['latest', 'v1', 'stable'])).toBe('same image as latest, stable');
    expect(sharedWithText('a', ['a', 'b', 'c', 'd', 'e'])).toBe('same image as b, c and 2 more');
  });
});

describe('digestColour', () => {
  it('is derived from the digest: stable and in range', () => {
    expect(digestColour(d('f'))).toBe(digestColour(d('f')));
    for (const c of '0123456789abcdef') expect(digestColour(d(c))).toBeLessThan(SHARED_COLOURS);
  });
});
