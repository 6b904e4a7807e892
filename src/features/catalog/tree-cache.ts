import { buildNamespaceTree, insertNames, type NamespaceNode } from '../../registry/namespace-tree';

/**
 * Keeps the namespace tree in step with a catalog that grows page by page: when the new name
 * list extends the previous one, only the new names are inserted (cost ∝ page, not catalog);
 * anything else (a refetch that changed the list) rebuilds.
 */
export function createTreeCache() {
  let source: readonly string[] = [];
  let tree = buildNamespaceTree([]);

  // A full prefix check: registries that delete repositories (unlike distribution) can drop a
  // name from the middle, and comparing 10,000 strings is far cheaper than a rebuild.
  const extendsPrevious = (names: readonly string[]) => {
    if (source.length === 0 || names.length < source.length) return false;
    for (let i = 0; i < source.length; i++) if (names[i] !== source[i]) return false;
    return true;
  };

  return {
    treeFor(names: readonly string[]): NamespaceNode {
      if (names === source) return tree;
      tree = extendsPrevious(names) ? insertNames(tree, names.slice(source.length)) : buildNamespaceTree(names);
      source = names;
      return tree;
    },
  };
}
