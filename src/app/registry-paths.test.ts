import { locateRegistry, pathForSwitch, registryBasename } from './registry-paths';

const names = ['local', 'second', 'team.prod'];

describe('locateRegistry', () => {
  it.each([
    ['/', { kind: 'registry', index: 0, basename: '' }],
    ['/r/a/b', { kind: 'registry', index: 0, basename: '' }],
    ['/connect', { kind: 'registry', index: 0, basename: '' }],
    ['/@second', { kind: 'registry', index: 1, basename: '/@second' }],
    ['/@second/', { kind: 'registry', index: 1, basename: '/@second' }],
    ['/@second/r/a/b/-/manifest/v1', { kind: 'registry', index: 1, basename: '/@second' }],
    ['/@team.prod/connect', { kind: 'registry', index: 2, basename: '/@team.prod' }],
    ['/@local/r/x', { kind: 'registry', index: 0, basename: '/@local' }],
    ['/@nope/r/x', { kind: 'unknown', name: 'nope' }],
    ['/@', { kind: 'unknown', name: '' }],
    ['/@secondary', { kind: 'unknown', name: 'secondary' }],
  ])('%s', (pathname, expected) => {
    expect(locateRegistry(pathname, names)).toEqual(expected);
  });
});

describe('registryBasename', () => {
  it('keeps plain paths for the default registry', () => {
    expect(registryBasename(names, 0)).toBe('');
    expect(registryBasename(names, 2)).toBe('/@team.prod');
    expect(locateRegistry(`${registryBasename(names, 1)}/r/x`, names)).toMatchObject({ index: 1 });
  });
});

describe('pathForSwitch', () => {
  it.each([
    ['/', '', '/@second', '/@second/'],
    ['/connect', '', '/@second', '/@second/connect'],
    ['/@second/orphans', '/@second', '', '/orphans'],
    ['/@second/r/a/b', '/@second', '', '/'],
    ['/r/a/b/-/manifest/v1', '', '/@team.prod', '/@team.prod/'],
    ['/@second', '/@second', '/@team.prod', '/@team.prod/'],
  ])('%s from %j to %j → %s', (pathname, from, to, expected) => {
    expect(pathForSwitch(pathname, from, to)).toBe(expected);
  });
});
