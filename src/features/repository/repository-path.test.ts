import { describe, expect, it } from 'vitest';
import { catalogSearchPath, manifestPath, namespaceCrumbs, pullByDigest, pullByTag, repositoryNameFromSplat } from './repository-path';

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
