import { useCallback, useMemo, useState } from 'react';
import { flattenVisible, type NamespaceNode, type VisibleNode } from '../../registry/namespace-tree';
import { defaultExpanded, foldRows } from './tree-rows';
import type { TreeView } from './tree-view-memory';

const NONE: ReadonlySet<string> = new Set();

/**
 * Which namespaces are open. Without a filter: the user's choice, else the default (top level open
 * for small catalogs). With a filter: every match shows with its ancestors open, minus what the
 * user folded while that filter was typed.
 */
export function useTreeExpansion(root: NamespaceNode, filter: string, initial?: Pick<TreeView, 'expanded' | 'folded'>) {
  const [userExpanded, setUserExpanded] = useState<ReadonlySet<string> | null>(() => (initial?.expanded ? new Set(initial.expanded) : null));
  const [folded, setFolded] = useState<{ filter: string; paths: ReadonlySet<string> }>(() =>
    initial ? { filter: initial.folded.filter, paths: new Set(initial.folded.paths) } : { filter: '', paths: NONE },
  );

  const expanded = useMemo(() => userExpanded ?? defaultExpanded(root), [userExpanded, root]);
  const foldedNow = folded.filter === filter ? folded.paths : NONE;

  const rows: VisibleNode[] = useMemo(
    () => (filter === '' ? flattenVisible(root, expanded) : foldRows(flattenVisible(root, NONE, filter), foldedNow)),
    [root, expanded, filter, foldedNow],
  );

  const setExpanded = useCallback(
    (path: string, open: boolean) => {
      const update = (paths: ReadonlySet<string>, add: boolean) => {
        if (paths.has(path) === add) return paths;
        const next = new Set(paths);
        if (add) next.add(path);
        else next.delete(path);
        return next;
      };
      if (filter === '') setUserExpanded(update(expanded, open));
      else setFolded({ filter, paths: update(foldedNow, !open) });
    },
    [filter, expanded, foldedNow],
  );

  /** Opens every namespace above `path` (the sidebar's current repository), keeping the rest as it is. */
  const reveal = useCallback(
    (path: string) => {
      const segments = path.split('/');
      const ancestors = segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('/'));
      if (ancestors.every((ancestor) => expanded.has(ancestor))) return;
      setUserExpanded(new Set([...expanded, ...ancestors]));
    },
    [expanded],
  );

  /** What to remember for Back (see tree-view-memory.ts). */
  const view = useMemo(
    (): Pick<TreeView, 'expanded' | 'folded'> => ({ expanded: userExpanded && [...userExpanded], folded: { filter: folded.filter, paths: [...folded.paths] } }),
    [userExpanded, folded],
  );

  return { rows, setExpanded, reveal, view };
}
