import { describe, expect, it } from 'vitest';
import { isValidReference, isValidRepositoryName, isValidTag, MAX_REPOSITORY_NAME_LENGTH } from './names';

describe('isValidRepositoryName (distribution grammar)', () => {
  it.each([
    'a',
    'library/nginx',
    'foo/bar/baz',
    'a0/b1',
    'foo.bar',
    'foo_bar',
    'foo__bar',
    'foo-bar',
    'foo--bar',
    'foo---bar',
    'a.b_c__d-e',
    '0',
    'team/sub.team/app-1',
  ])('accepts %s', (name) => {
    expect(isValidRepositoryName(name)).toBe(true);
  });

  it.each([
    '',
    'Library/nginx',
    'UPPER',
    '/leading',
    'trailing/',
    'double//slash',
    '.dot',
    'dot.',
    '-dash',
    'dash-',
    '_under',
    'foo___bar',
    'foo..bar',
    'foo._bar',
    'foo bar',
    'foo:bar',
    'foo@bar',
    'registry.example.com:5000/app',
  ])('rejects %j', (name) => {
    expect(isValidRepositoryName(name)).toBe(false);
  });

  it('limits the total length to 255', () => {
    const name255 = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(name255).toHaveLength(MAX_REPOSITORY_NAME_LENGTH);
    expect(isValidRepositoryName(name255)).toBe(true);
    expect(isValidRepositoryName(`${name255}c`)).toBe(false);
  });

  it('does not backtrack catastrophically', () => {
    const start = performance.now();
    expect(isValidRepositoryName(`${'a'.repeat(200)}!`)).toBe(false);
    expect(isValidRepositoryName(`${'a-'.repeat(100)}-`)).toBe(false);
    expect(performance.now() - start).toBeLessThan(50);
  });
});

describe('isValidTag', () => {
  it.each(['latest', 'v1.2.3', '_private', '1', 'A-b_c.d', 'x'.repeat(128)])('accepts %s', (tag) => {
    expect(isValidTag(tag)).toBe(true);
  });
  it.each(['', '.tag', '-tag', 'x'.repeat(129), 'a/b', 'a:b', 'tag with space', 'sha256:abc'])('rejects %j', (tag) => {
    expect(isValidTag(tag)).toBe(false);
  });
});

describe('isValidReference', () => {
  it('accepts tags and sha256 digests only', () => {
    expect(isValidReference('latest')).toBe(true);
    expect(isValidReference(`sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isValidReference('sha256:1234')).toBe(false);
    expect(isValidReference(`sha512:${'a'.repeat(128)}`)).toBe(false);
    expect(isValidReference(`sha256:${'A'.repeat(64)}`)).toBe(false);
  });
});
