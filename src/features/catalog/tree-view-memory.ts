/**
 * The tree's view (open namespaces, scroll offset) per history entry, so Back from a repository
 * finds the tree as it was left. Keyed by the router's location key, which a history entry keeps
 * across Back/Forward; a new visit to `/` has a new key and opens fresh. Memory only: a reload
 * starts over, like a new visit.
 */
export interface TreeView {
  /** Namespaces the user opened without a filter; null: still the default. */
  expanded: readonly string[] | null;
  /** Namespaces folded while `filter` was typed. */
  folded: { filter: string; paths: readonly string[] };
  scrollTop: number;
}

/** History entries remembered; the oldest go first. */
export const REMEMBERED_VIEWS = 50;

const views = new Map<string, TreeView>();

export function rememberTreeView(key: string, view: TreeView): void {
  views.delete(key);
  views.set(key, view);
  for (const oldest of views.keys()) {
    if (views.size <= REMEMBERED_VIEWS) break;
    views.delete(oldest);
  }
}

export function recallTreeView(key: string): TreeView | undefined {
  return views.get(key);
}

/** Tests: every memory router starts on the key "default", so each test starts from nothing. */
export function forgetTreeViewsForTests(): void {
  views.clear();
}
