/**
 * What a repository's tag table needs, started before React renders it. Opened by its URL, the
 * table would otherwise wait for config.json, then its route chunk, then the index client's chunk,
 * then the index's tag listing, one after the other: both chunks now load beside config.json, and
 * the listing is asked for as soon as config names the index, while the app renders.
 */
import type { QueryClient } from '@tanstack/react-query';
import { parseRepositorySplat } from '../config/route-paths';
import { indexTagsQuery } from '../queries/index-queries';
import { rememberedTagsQuery } from '../queries/revisit-queries';
import { loadIndexClientModule } from '../registry/lazy-index-client';
import { isValidRepositoryName } from '../registry/names';
import { locateRegistry } from './registry-paths';
import type { RegistryEntry } from './registry-entries';
import { repositoryPage } from './repository-route';

/** The repository whose tag table `path` (inside its registry's basename) shows, or null. */
export function tagTableRepository(path: string): string | null {
  // A repository name has no character a URL encodes: an escape is never one of its pages.
  if (!path.startsWith('/r/') || path.includes('%')) return null;
  const route = parseRepositorySplat(path.slice('/r/'.length));
  return route.view === 'tags' && isValidRepositoryName(route.name) ? route.name : null;
}

/**
 * Before config.json is read: the tag table's chunk when `pathname` is a repository, and the index
 * client's (its first request; a few KB for nothing when config names no index). The registry
 * names are not known yet, so any `/@<name>` prefix is taken for a registry's. Resolves when the
 * page's chunk is in, never rejects: a chunk that fails to load fails again where it is used.
 */
export function preloadRouteModules(pathname: string): Promise<void> {
  const path = pathname.replace(/^\/@[^/]*/, '');
  if (tagTableRepository(path) === null) return Promise.resolve();
  loadIndexClientModule().catch(() => undefined);
  return repositoryPage.preload().then(
    () => undefined,
    () => undefined,
  );
}

/**
 * Once the registries are known, what a repository's tag table asks first, under the queries the
 * table reads (so it finds them on their way or answered): its registry index's tag listing; without
 * an index, the last visit's record of the table (one IndexedDB read) and whether the registry has
 * ACR's metadata API (which decides between `_tags` and tags/list).
 */
export function prefetchRouteData(pathname: string, registries: readonly RegistryEntry[], queryClient: QueryClient): void {
  const location = locateRegistry(
    pathname,
    registries.map((entry) => entry.context.name),
  );
  if (location.kind !== 'registry') return;
  const registry = registries[location.index]?.context;
  const name = tagTableRepository(pathname.slice(location.basename.length));
  if (!registry || name === null) return;
  if (registry.index) {
    void queryClient.prefetchQuery(indexTagsQuery(registry.index, registry.url, name));
    return;
  }
  // Kept until the page observes it (the record's own query is dropped as soon as nothing does).
  void queryClient.prefetchQuery({ ...rememberedTagsQuery(registry.url, name), gcTime: 30_000 });
  // The detection's module comes with the table's, not the entry: a dynamic import keeps it so.
  import('../queries/acr-queries').then(
    ({ acrDetectionQuery }) => queryClient.prefetchQuery(acrDetectionQuery(registry)),
    () => undefined,
  );
}
