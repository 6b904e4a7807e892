import { compareNatural } from './natural-sort';

export interface NamespaceNode {
  /** Last path segment; '' for the root. */
  segment: string;
  /** Full path from the root, e.g. "team/app"; '' for the root. */
  path: string;
  /** True when `path` itself is a repository — it may also be a namespace ("a/b" and "a/b/c"). */
  isRepository: boolean;
  /** Repositories at or below this node, itself included. */
  repositoryCount: number;
  /** Sorted naturally by segment. */
  children: NamespaceNode[];
}

export interface VisibleNode {
  node: NamespaceNode;
  depth: number;
  expanded: boolean;
  hasChildren: boolean;
}

export function emptyNamespaceTree(): NamespaceNode {
  return { segment: '', path: '', isRepository: false, repositoryCount: 0, children: [] };
}

interface Pending {
  segments: string[];
  next: number;
}

const byNameCache = new WeakMap<NamespaceNode, Map<string, number>>();

function childIndex(node: NamespaceNode): Map<string, number> {
  let index = byNameCache.get(node);
  if (!index) {
    index = new Map(node.children.map((child, position) => [child.segment, position]));
    byNameCache.set(node, index);
  }
  return index;
}

function createNode(parentPath: string, segment: string, pending: Pending[]): NamespaceNode {
  const fresh: NamespaceNode = {
    segment,
    path: parentPath === '' ? segment : `${parentPath}/${segment}`,
    isRepository: false,
    repositoryCount: 0,
    children: [],
  };
  return merge(fresh, pending, true);
}

const bySegment = (x: NamespaceNode, y: NamespaceNode) => compareNatural(x.segment, y.segment);

/** Merges two naturally sorted child lists in linear time (no full re-sort per catalog page). */
function mergeSorted(existing: NamespaceNode[], added: NamespaceNode[]): NamespaceNode[] {
  if (existing.length === 0) return added;
  const out: NamespaceNode[] = new Array<NamespaceNode>(existing.length + added.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < existing.length && j < added.length) {
    const x = existing[i] as NamespaceNode;
    const y = added[j] as NamespaceNode;
    if (bySegment(x, y) <= 0) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < existing.length) out[k++] = existing[i++] as NamespaceNode;
  while (j < added.length) out[k++] = added[j++] as NamespaceNode;
  return out;
}

/** `fresh` nodes were just created by this batch and may be completed in place. */
function merge(node: NamespaceNode, pending: Pending[], fresh = false): NamespaceNode {
  let isRepository = node.isRepository;
  const groups = new Map<string, Pending[]>();
  for (const item of pending) {
    const segment = item.segments[item.next];
    if (segment === undefined) {
      isRepository = true;
      continue;
    }
    item.next++;
    const group = groups.get(segment);
    if (group) group.push(item);
    else groups.set(segment, [item]);
  }
  if (groups.size === 0 && isRepository === node.isRepository) return node;

  const index = node.children.length > 0 ? childIndex(node) : undefined;
  let children = node.children;
  let replaced = false;
  const added: NamespaceNode[] = [];
  for (const [segment, group] of groups) {
    const position = index?.get(segment);
    const existing = position === undefined ? undefined : children[position];
    if (existing === undefined || position === undefined) {
      added.push(createNode(node.path, segment, group));
      continue;
    }
    const merged = merge(existing, group);
    if (merged !== existing) {
      if (!replaced) children = children.slice();
      replaced = true;
      children[position] = merged;
    }
  }
  if (added.length > 0) children = mergeSorted(children, added.sort(bySegment));
  if (!replaced && added.length === 0 && isRepository === node.isRepository) return node;

  let repositoryCount = isRepository ? 1 : 0;
  for (const child of children) repositoryCount += child.repositoryCount;
  if (fresh) {
    node.isRepository = isRepository;
    node.repositoryCount = repositoryCount;
    node.children = children;
    return node;
  }
  const result: NamespaceNode = { segment: node.segment, path: node.path, isRepository, repositoryCount, children };
  if (added.length === 0 && index) byNameCache.set(result, index); // same positions: reuse the lookup
  return result;
}

/**
 * Adds repository names as catalog pages arrive. Returns a new root with structural sharing:
 * untouched subtrees keep their identity (cheap re-render of a virtualized list), and the same
 * root comes back when every name was already present. Cost is proportional to the names added
 * plus the child lists they touch — never to the whole tree.
 */
export function insertNames(root: NamespaceNode, names: Iterable<string>): NamespaceNode {
  const pending: Pending[] = [];
  for (const name of names) {
    const segments = name.split('/').filter((segment) => segment !== '');
    if (segments.length > 0) pending.push({ segments, next: 0 });
  }
  if (pending.length === 0) return root;
  return merge(root, pending);
}

/** The namespace tree of repository names; the root has segment '' and path ''. */
export function buildNamespaceTree(names: Iterable<string>): NamespaceNode {
  return insertNames(emptyNamespaceTree(), names);
}

/**
 * The rows of a tree list: depth-first, children shown only under expanded paths. With a filter
 * (case-insensitive substring of the full repository name) only matching repositories and their
 * ancestor namespaces remain, all expanded; `hasChildren` then counts only the rows kept.
 */
export function flattenVisible(root: NamespaceNode, expanded: ReadonlySet<string>, filter?: string): VisibleNode[] {
  const rows: VisibleNode[] = [];
  const needle = filter?.trim().toLowerCase() ?? '';
  if (needle === '') {
    const walk = (nodes: NamespaceNode[], depth: number) => {
      for (const node of nodes) {
        const hasChildren = node.children.length > 0;
        const isExpanded = hasChildren && expanded.has(node.path);
        rows.push({ node, depth, expanded: isExpanded, hasChildren });
        if (isExpanded) walk(node.children, depth + 1);
      }
    };
    walk(root.children, 0);
    return rows;
  }

  // Each node reserves its row, visits its children, and gives the row back when nothing under
  // it (nor itself) matches: linear in the tree size.
  const visit = (node: NamespaceNode, depth: number): boolean => {
    const at = rows.length;
    rows.push({ node, depth, expanded: false, hasChildren: false });
    let kept = 0;
    for (const child of node.children) if (visit(child, depth + 1)) kept++;
    const matches = node.isRepository && node.path.toLowerCase().includes(needle);
    if (!matches && kept === 0) {
      rows.length = at;
      return false;
    }
    rows[at] = { node, depth, expanded: kept > 0, hasChildren: kept > 0 };
    return true;
  };
  for (const child of root.children) visit(child, 0);
  return rows;
}

/** What is known of one repository's contents; a field left out is unknown (never 0 by default). */
export interface RepositoryFigures {
  tagCount?: number;
  sizeBytes?: number;
  /** ISO time of the newest push; null: the source knows it has none on record. */
  lastPush?: string | null;
}

/**
 * A node's figures: a repository's own, or a namespace's sums. `known` of `total` repositories at
 * or below the node have a figure; sums over fewer than all are lower bounds ("≥"). A last push is
 * the newest among the repositories that know one, given only when every repository knows it.
 */
export interface NodeFigures {
  total: number;
  tagCount: number | undefined;
  tagsKnown: number;
  sizeBytes: number | undefined;
  sizesKnown: number;
  lastPush: string | undefined;
}

interface Tally {
  total: number;
  tags: number;
  tagsKnown: number;
  bytes: number;
  sizesKnown: number;
  pushesKnown: number;
  newest: string | undefined;
}

/**
 * Every node's figures in one post-order pass (linear in the tree): computed once per change of
 * tree or figures, never per rendered row. Nodes without any known figure are left out.
 */
export function aggregateFigures(root: NamespaceNode, figures: ReadonlyMap<string, RepositoryFigures>): Map<string, NodeFigures> {
  const out = new Map<string, NodeFigures>();
  if (figures.size === 0) return out;
  const visit = (node: NamespaceNode): Tally => {
    const tally: Tally = { total: 0, tags: 0, tagsKnown: 0, bytes: 0, sizesKnown: 0, pushesKnown: 0, newest: undefined };
    const newer = (time: string | null | undefined) => {
      if (time && (tally.newest === undefined || time > tally.newest)) tally.newest = time;
    };
    if (node.isRepository) {
      const own = figures.get(node.path);
      tally.total = 1;
      if (own?.tagCount !== undefined) {
        tally.tags = own.tagCount;
        tally.tagsKnown = 1;
      }
      if (own?.sizeBytes !== undefined) {
        tally.bytes = own.sizeBytes;
        tally.sizesKnown = 1;
      }
      if (own?.lastPush !== undefined) {
        tally.pushesKnown = 1;
        newer(own.lastPush);
      }
    }
    for (const child of node.children) {
      const sub = visit(child);
      tally.total += sub.total;
      tally.tags += sub.tags;
      tally.tagsKnown += sub.tagsKnown;
      tally.bytes += sub.bytes;
      tally.sizesKnown += sub.sizesKnown;
      tally.pushesKnown += sub.pushesKnown;
      newer(sub.newest);
    }
    if (tally.tagsKnown > 0 || tally.sizesKnown > 0 || tally.pushesKnown > 0) {
      out.set(node.path, {
        total: tally.total,
        tagCount: tally.tagsKnown > 0 ? tally.tags : undefined,
        tagsKnown: tally.tagsKnown,
        sizeBytes: tally.sizesKnown > 0 ? tally.bytes : undefined,
        sizesKnown: tally.sizesKnown,
        lastPush: tally.pushesKnown === tally.total ? tally.newest : undefined,
      });
    }
    return tally;
  };
  for (const child of root.children) visit(child);
  return out;
}
