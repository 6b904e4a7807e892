import type { NamespaceNode, VisibleNode } from '../../registry/namespace-tree';

/** Catalogs this small open with their top-level namespaces expanded. */
export const EXPAND_TOP_LEVEL_UP_TO = 50;

export function defaultExpanded(root: NamespaceNode): Set<string> {
  if (root.repositoryCount > EXPAND_TOP_LEVEL_UP_TO) return new Set();
  return new Set(root.children.filter((child) => child.children.length > 0).map((child) => child.path));
}

/**
 * With a filter every kept namespace comes expanded; the user may still fold some: drop the rows
 * under those, and mark them collapsed.
 */
export function foldRows(rows: VisibleNode[], collapsed: ReadonlySet<string>): VisibleNode[] {
  if (collapsed.size === 0) return rows;
  const out: VisibleNode[] = [];
  let skipDeeperThan = -1;
  for (const row of rows) {
    if (skipDeeperThan >= 0) {
      if (row.depth > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    if (row.hasChildren && collapsed.has(row.node.path)) {
      out.push({ ...row, expanded: false });
      skipDeeperThan = row.depth;
    } else {
      out.push(row);
    }
  }
  return out;
}

/** aria-posinset / aria-setsize for a flat (virtualized) tree, where the DOM cannot tell them. */
export function siblingPositions(rows: readonly VisibleNode[]): { posInSet: Uint32Array; setSize: Uint32Array } {
  const posInSet = new Uint32Array(rows.length);
  const groupOf = new Uint32Array(rows.length);
  const sizes: number[] = [];
  const open: number[] = [];
  rows.forEach((row, index) => {
    if (open.length > row.depth + 1) open.length = row.depth + 1;
    let group = open[row.depth];
    if (group === undefined) {
      group = sizes.length;
      sizes.push(0);
      open[row.depth] = group;
    }
    const size = (sizes[group] ?? 0) + 1;
    sizes[group] = size;
    posInSet[index] = size;
    groupOf[index] = group;
  });
  const setSize = new Uint32Array(rows.length);
  groupOf.forEach((group, index) => {
    setSize[index] = sizes[group] ?? 0;
  });
  return { posInSet, setSize };
}
