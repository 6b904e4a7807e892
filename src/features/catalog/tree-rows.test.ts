import { buildNamespaceTree, flattenVisible } from '../../registry/namespace-tree';
import { defaultExpanded, foldRows, siblingPositions } from './tree-rows';

describe('defaultExpanded', () => {
  it('opens the top-level namespaces of a small catalog only', () => {
    expect([...defaultExpanded(buildNamespaceTree(['a/x', 'a/y/z', 'b']))]).toEqual(['a']);
    const big = buildNamespaceTree(Array.from({ length: 51 }, (_, i) => `ns/r${i}`));
    expect(defaultExpanded(big).size).toBe(0);
  });
});

describe('foldRows', () => {
  it('hides what is under a folded row and marks it collapsed', () => {
    const rows = flattenVisible(buildNamespaceTree(['a/x/1', 'a/x/2', 'a/y', 'b/z']), new Set(), 'a');
    const folded = foldRows(rows, new Set(['a/x']));
    expect(folded.map((row) => `${row.node.path}:${row.expanded}`)).toEqual(['a:true', 'a/x:false', 'a/y:false']);
  });
});

describe('siblingPositions', () => {
  it('numbers siblings within each parent of the flat list', () => {
    const rows = flattenVisible(buildNamespaceTree(['a/x', 'a/y', 'b', 'c/z']), new Set(['a', 'c']));
    const { posInSet, setSize } = siblingPositions(rows);
    // a, a/x, a/y, b, c, c/z
    expect([...posInSet]).toEqual([1, 1, 2, 2, 3, 1]);
    expect([...setSize]).toEqual([3, 2, 2, 3, 3, 1]);
  });
});
