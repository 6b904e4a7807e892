import { describe, expect, it } from 'vitest';
import { parseRepositorySplat, diffPath, orphansPath, tagHistoryPath, catalogSearchPath, manifestPath, namespaceCrumbs, pullByDigest, pullByTag, repositoryNameFromSplat } from './route-paths';

describe('repositoryNameFromSplat', () => {
  it('keeps slashes, drops trailing ones and sub-pages', () => {
    expect(repositoryNameFromSplat('marketing/campaign10-18/web')).toBe('marketing/campaign10-18/web');
    expect(repositoryNameFromSplat('a/b/')).toBe('a/b');
    expect(repositoryNameFromSplat('a/b/-/manifest/v1')).toBe('a/b');
    expect(repositoryNameFromSplat(undefined)).toBe('');
  });
});

describe('paths and commands', () => {
  it('builds manifest, catalog and pull references', () => {
    expect(manifestPath('a/b', 'v1')).toBe('/r/a/b/-/manifest/v1');
    expect(catalogSearchPath('marketing/campaign10-18')).toBe('/?q=marketing%2Fcampaign10-18');
    expect(pullByTag('reg.example:5000', 'a/b', 'v1')).toBe('docker pull reg.example:5000/a/b:v1');
    expect(pullByDigest('reg.example', 'a/b', `sha256:${'0'.repeat(64)}`)).toBe(`docker pull reg.example/a/b@sha256:${'0'.repeat(64)}`);
  });

  it('lists each namespace of a name', () => {
    expect(namespaceCrumbs('marketing/campaign10-18/web')).toEqual([
      { label: 'marketing', prefix: 'marketing' },
      { label: 'campaign10-18', prefix: 'marketing/campaign10-18' },
    ]);
    expect(namespaceCrumbs('solo')).toEqual([]);
  });
});

describe('parseRepositorySplat', () => {
  it.each([
    ['team/app/web', { view: 'tags', name: 'team/app/web' }],
    ['team/app/web/', { view: 'tags', name: 'team/app/web' }],
    ['team/app/-/manifest/v1', { view: 'manifest', name: 'team/app', reference: 'v1' }],
    [`a/-/manifest/sha256:${'a'.repeat(64)}`, { view: 'manifest', name: 'a', reference: `sha256:${'a'.repeat(64)}` }],
    ['a/b/-/diff/v1..v2', { view: 'diff', name: 'a/b', left: 'v1', right: 'v2' }],
    ['a/b/-/orphans', { view: 'orphans', name: 'a/b' }],
    ['a/b/-/history/latest', { view: 'history', name: 'a/b', tag: 'latest' }],
    ['a/b/-/history', { view: 'unknown', name: 'a/b', subpage: 'history' }],
    ['a/b/-/diff/v1', { view: 'unknown', name: 'a/b', subpage: 'diff/v1' }],
    ['a/b/-/nope', { view: 'unknown', name: 'a/b', subpage: 'nope' }],
  ])('%s', (splat, expected) => {
    expect(parseRepositorySplat(splat)).toEqual(expected);
  });

  it('round-trips the builders', () => {
    expect(parseRepositorySplat(diffPath('x/y', 'v1', 'v2').slice(3))).toEqual({ view: 'diff', name: 'x/y', left: 'v1', right: 'v2' });
    expect(parseRepositorySplat(orphansPath('x/y').slice(3))).toEqual({ view: 'orphans', name: 'x/y' });
    expect(parseRepositorySplat(tagHistoryPath('x/y', 'v1.2').slice(3))).toEqual({ view: 'history', name: 'x/y', tag: 'v1.2' });
  });
});
