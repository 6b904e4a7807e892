import { createTreeCache } from './tree-cache';

const paths = (node: { path: string; children: { path: string; children: unknown[] }[] }): string[] =>
  node.children.flatMap((child) => [child.path, ...paths(child as never)]);

describe('createTreeCache', () => {
  it('extends the tree page by page, keeping untouched subtrees', () => {
    const cache = createTreeCache();
    const first = cache.treeFor(['a/x', 'b/y']);
    const second = cache.treeFor(['a/x', 'b/y', 'c/z']);
    expect(second.repositoryCount).toBe(3);
    expect(second.children[0]).toBe(first.children[0]);
    expect(cache.treeFor(['a/x', 'b/y', 'c/z'])).not.toBe(first);
  });

  it('returns the same tree for the same list', () => {
    const cache = createTreeCache();
    const names = ['a', 'b'];
    expect(cache.treeFor(names)).toBe(cache.treeFor(names));
  });

  it('rebuilds when a refetch dropped a name', () => {
    const cache = createTreeCache();
    cache.treeFor(['a/x', 'b/y', 'c/z']);
    const tree = cache.treeFor(['a/x', 'c/z', 'd/w']);
    expect(paths(tree)).toEqual(['a', 'a/x', 'c', 'c/z', 'd', 'd/w']);
  });
});
