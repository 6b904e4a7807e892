// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aggregateFigures, buildNamespaceTree, emptyNamespaceTree, flattenVisible, insertNames } from './namespace-tree';
import type { NamespaceNode } from './namespace-tree';

function child(node: NamespaceNode, segment: string): NamespaceNode {
  const found = node.children.find((c) => c.segment === segment);
  if (!found) throw new Error(`no child ${segment} under "${node.path}"`);
  return found;
}

const rowPaths = (rows: ReturnType<typeof flattenVisible>) => rows.map((row) => `${'  '.repeat(row.depth)}${row.node.path}`);

describe('buildNamespaceTree', () => {
  it('is an empty root for no names', () => {
    expect(buildNamespaceTree([])).toEqual({ segment: '', path: '', isRepository: false, repositoryCount: 0, children: [] });
    expect(buildNamespaceTree(['', '/']).repositoryCount).toBe(0);
  });

  it('lets a repository also be a namespace (a/b and a/b/c)', () => {
    const root = buildNamespaceTree(['a/b/c', 'a/b']);
    const a = child(root, 'a');
    const b = child(a, 'b');
    expect(a).toMatchObject({ path: 'a', isRepository: false, repositoryCount: 2 });
    expect(b).toMatchObject({ path: 'a/b', isRepository: true, repositoryCount: 2 });
    expect(child(b, 'c')).toMatchObject({ path: 'a/b/c', isRepository: true, repositoryCount: 1, children: [] });
    expect(root.repositoryCount).toBe(2);
  });

  it('counts duplicates once and sorts children naturally', () => {
    const root = buildNamespaceTree(['team/app10', 'team/app2', 'team/App1', 'team/app2', 'nginx', 'alpine']);
    expect(root.repositoryCount).toBe(5);
    expect(root.children.map((c) => c.segment)).toEqual(['alpine', 'nginx', 'team']);
    expect(child(root, 'team').children.map((c) => c.segment)).toEqual(['App1', 'app2', 'app10']);
    expect(child(root, 'team').repositoryCount).toBe(3);
  });

  it('grows incrementally with structural sharing', () => {
    const first = buildNamespaceTree(['a/x', 'b/y']);
    const second = insertNames(first, ['a/z']);
    expect(second).not.toBe(first);
    expect(child(second, 'b')).toBe(child(first, 'b'));
    expect(child(second, 'a').children.map((c) => c.path)).toEqual(['a/x', 'a/z']);
    expect(second.repositoryCount).toBe(3);
    expect(first.repositoryCount).toBe(2); // the old tree is untouched
    expect(insertNames(second, ['a/x', 'b/y'])).toBe(second); // nothing new → same root
    const third = insertNames(second, ['a']);
    expect(child(third, 'a')).toMatchObject({ isRepository: true, repositoryCount: 3 });
    expect(third.repositoryCount).toBe(4);
  });

  it('equals a full build when fed page by page', () => {
    const names = Array.from({ length: 500 }, (_, i) => `ns${i % 7}/group${i % 13}/repo${i}`);
    let incremental = emptyNamespaceTree();
    for (let i = 0; i < names.length; i += 37) incremental = insertNames(incremental, names.slice(i, i + 37));
    expect(incremental).toEqual(buildNamespaceTree(names));
  });

  it('builds 10,000 names quickly', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `team${i % 50}/project${i % 400}/service-${i}`);
    const start = performance.now();
    const root = buildNamespaceTree(names);
    const built = performance.now() - start;
    let paged = emptyNamespaceTree();
    const startPaged = performance.now();
    for (let i = 0; i < names.length; i += 100) paged = insertNames(paged, names.slice(i, i + 100));
    const pagedTime = performance.now() - startPaged;
    const startFlat = performance.now();
    const rows = flattenVisible(root, new Set(), 'service-99');
    const flatTime = performance.now() - startFlat;
    console.info(`10k names: build ${built.toFixed(1)} ms; 100 pages of 100 incrementally ${pagedTime.toFixed(1)} ms; filter ${flatTime.toFixed(1)} ms`);
    expect(root.repositoryCount).toBe(10_000);
    expect(paged.repositoryCount).toBe(10_000);
    expect(rows.filter((row) => row.node.isRepository)).toHaveLength(111); // service-99, -990…999, -9900…9999
    expect(built).toBeLessThan(1000);
  });
});

describe('flattenVisible', () => {
  const root = buildNamespaceTree(['a/b', 'a/b/c', 'a/d', 'library/nginx', 'library/Redis', 'solo']);

  it('shows top level when nothing is expanded', () => {
    const rows = flattenVisible(root, new Set());
    expect(rowPaths(rows)).toEqual(['a', 'library', 'solo']);
    expect(rows.map((r) => [r.hasChildren, r.expanded])).toEqual([
      [true, false],
      [true, false],
      [false, false],
    ]);
  });

  it('descends only into expanded paths', () => {
    const rows = flattenVisible(root, new Set(['a', 'a/b', 'library/nginx']));
    expect(rowPaths(rows)).toEqual(['a', '  a/b', '    a/b/c', '  a/d', 'library', 'solo']);
    expect(rows[1]).toMatchObject({ depth: 1, expanded: true, hasChildren: true });
    expect(rows[0]?.node.repositoryCount).toBe(3);
  });

  it('filters case-insensitively on the full name and keeps ancestors expanded', () => {
    const rows = flattenVisible(root, new Set(), 'REDIS');
    expect(rowPaths(rows)).toEqual(['library', '  library/Redis']);
    expect(rows[0]).toMatchObject({ expanded: true, hasChildren: true });
    expect(rows[1]).toMatchObject({ expanded: false, hasChildren: false });
  });

  it('matches on the path, not only the last segment', () => {
    expect(rowPaths(flattenVisible(root, new Set(), 'a/b'))).toEqual(['a', '  a/b', '    a/b/c']);
    expect(rowPaths(flattenVisible(root, new Set(), '  b/c '))).toEqual(['a', '  a/b', '    a/b/c']);
    expect(flattenVisible(root, new Set(), 'nothing-matches')).toEqual([]);
  });

  it('does not show a namespace that is not a repository as a match', () => {
    // "library" itself is only a namespace: filtering for it shows its repositories
    expect(rowPaths(flattenVisible(root, new Set(), 'library'))).toEqual(['library', '  library/nginx', '  library/Redis']);
    // "a" matches every path containing "a"
    expect(rowPaths(flattenVisible(root, new Set(), 'a/d'))).toEqual(['a', '  a/d']);
  });
});

describe('aggregateFigures', () => {
  it('sums known figures, counts how many are known, and leaves nodes with nothing known out', () => {
    const root = buildNamespaceTree(['a/x', 'a/y', 'a/y/z', 'b/q']);
    const figures = aggregateFigures(
      root,
      new Map([
        ['a/x', { tagCount: 2, sizeBytes: 100, lastPush: '2026-01-02T00:00:00Z' }],
        ['a/y', { tagCount: 0, sizeBytes: 0, lastPush: null }],
        ['a/y/z', { tagCount: 5, lastPush: '2026-03-01T00:00:00Z' }],
      ]),
    );
    expect(figures.get('a/x')).toEqual({ total: 1, tagCount: 2, tagsKnown: 1, sizeBytes: 100, sizesKnown: 1, lastPush: '2026-01-02T00:00:00Z' });
    // a/y is a repository and a namespace: its own figures plus a/y/z's.
    expect(figures.get('a/y')).toEqual({ total: 2, tagCount: 5, tagsKnown: 2, sizeBytes: 0, sizesKnown: 1, lastPush: '2026-03-01T00:00:00Z' });
    expect(figures.get('a')).toEqual({ total: 3, tagCount: 7, tagsKnown: 3, sizeBytes: 100, sizesKnown: 2, lastPush: '2026-03-01T00:00:00Z' });
    expect(figures.has('b')).toBe(false);
    expect(figures.has('b/q')).toBe(false);
  });

  it('gives a namespace a last push only when every repository below knows its own', () => {
    const root = buildNamespaceTree(['n/one', 'n/two']);
    expect(aggregateFigures(root, new Map([['n/one', { tagCount: 1, lastPush: '2026-01-01T00:00:00Z' }]])).get('n')?.lastPush).toBeUndefined();
  });

  it('aggregates 10,000 repositories in one pass', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `ns${i % 40}/team${i % 7}/repo-${i}`);
    const root = buildNamespaceTree(names);
    const known = new Map(names.map((name, i) => [name, { tagCount: i % 9, sizeBytes: i * 10, lastPush: null }]));
    const started = performance.now();
    const figures = aggregateFigures(root, known);
    console.log(`10k repositories: aggregate ${(performance.now() - started).toFixed(1)} ms`);
    expect(figures.get('ns0')?.total).toBe(250);
    expect([...figures.values()].filter((f) => f.total === f.tagsKnown).length).toBe(figures.size);
  });
});
