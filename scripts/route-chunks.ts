// Chunking for the page users open most by its URL, a repository's tag table. Left to automatic
// splitting, its route needed about 30 small chunks: on HTTP/1.1 (6 connections) they queued for
// about 300 ms, and every request costs the page's main thread a few ms. Here the route's own code
// (what it imports that the entry does not) is one chunk, and the row actions' one more.
import { resolve } from 'node:path';

/** What rolldown's chunking context tells of a module: only the import lists are read. */
interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}

/** Every module `roots` import, directly or not, the roots included: statically, or also dynamically. */
function closure(graph: ModuleGraph, roots: readonly string[], { dynamic = false } = {}): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    const info = graph.getModuleInfo(id);
    if (!info) continue;
    seen.add(id);
    queue.push(...info.importedIds, ...(dynamic ? info.dynamicallyImportedIds : []));
  }
  return seen;
}

/** Every module `roots` import statically, directly or not, the roots included. */
export function staticClosure(graph: ModuleGraph, roots: readonly string[]): Set<string> {
  return closure(graph, roots);
}

/** Every module imported dynamically anywhere in the app (each starts a chunk). */
function dynamicRoots(graph: ModuleGraph, entry: string): Set<string> {
  const everything = closure(graph, [entry], { dynamic: true });
  return new Set([...everything].flatMap((id) => graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []));
}

/**
 * A chunk per group: what its roots import statically that the entry does not load, and that no
 * dynamically imported module outside `mayShare` needs (config's schemas, the index client, the
 * stores: loading one of those never pulls in a group's chunk; another page may). Groups are in
 * order of precedence; a module no group claims is left to automatic splitting.
 */
export function chunkNamer(entry: string, groups: readonly { name: string; roots: readonly string[] }[], mayShare: (root: string) => boolean) {
  let claimed: Map<string, string> | undefined;
  return (id: string, graph: ModuleGraph): string | null => {
    if (!claimed) {
      const initial = staticClosure(graph, [entry]);
      const groupRoots = new Set(groups.flatMap((group) => group.roots));
      const others = staticClosure(graph, [...dynamicRoots(graph, entry)].filter((root) => !groupRoots.has(root) && !mayShare(root)));
      claimed = new Map();
      for (const group of groups) {
        for (const member of staticClosure(graph, group.roots)) if (!initial.has(member) && !others.has(member) && !claimed.has(member)) claimed.set(member, group.name);
      }
    }
    return claimed.get(id) ?? null;
  };
}

const src = (path: string) => resolve(import.meta.dirname, '..', 'src', path);

/** vite.config.ts's `build.rolldownOptions.output.codeSplitting.groups`. */
export function routeChunkGroups() {
  const name = chunkNamer(src('main.tsx'), [
    { name: 'repository-page', roots: [src('features/repository/repository-page.tsx')] },
    { name: 'tag-actions', roots: [src('features/actions/tag-actions.tsx'), src('features/actions/bulk-actions.tsx')] },
  ], (root) => /src[\\/]features[\\/]/.test(root) || /-page\.tsx$/.test(root));
  // Dependencies are never added to a group: they are in it already, or in the entry's chunks.
  return [{ name, includeDependenciesRecursively: false }];
}
