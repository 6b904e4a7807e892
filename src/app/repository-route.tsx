import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '../components/routing';
import { parseRepositorySplat, tagHistoryPath, type RepositoryView } from '../config/route-paths';
import { PageTitle } from '../components/ui/page-title';
import { shortDigest } from '../components/ui/format';
import type { BulkActionContext, TagActionContext, TagActionSlots } from '../features/repository/tag-actions-slots';
import { useRegistry } from '../queries/registry-context';
import { rememberedTagsQuery } from '../queries/revisit-queries';
import { preloadable } from '../components/preloadable';

// Each view is its own chunk: a user who only browses tags never downloads the inspector.
// The tag table's is fetched at start-up when the address is a repository (route-preload.ts).
export const repositoryPage = preloadable<TagActionSlots>(() => import('../features/repository/repository-page').then((m) => m.RepositoryPage));
const RepositoryPage = repositoryPage.Component;
const TagActions = lazy(() => import('../features/actions/tag-actions').then((m) => ({ default: m.TagActions })));
const BulkActions = lazy(() => import('../features/actions/bulk-actions').then((m) => ({ default: m.BulkActions })));
const RepositoryOrphansPage = lazy(() => import('../features/orphans/orphans-page').then((m) => ({ default: m.RepositoryOrphansPage })));
const ManifestPage = lazy(() => import('../features/manifest/manifest-page').then((m) => ({ default: m.ManifestPage })));
const TagHistoryPage = lazy(() => import('../features/history/tag-history-page').then((m) => ({ default: m.TagHistoryPage })));
const NotFoundPage = lazy(() => import('./not-found-page').then((m) => ({ default: m.NotFoundPage })));
// The tree beside the page: its own chunk, so the catalog page's first load does not carry it.
const RepositorySidebar = lazy(() => import('./repository-sidebar').then((m) => ({ default: m.RepositorySidebar })));
const DiffPage = lazy(() => import('../features/manifest/diff-page').then((m) => ({ default: m.DiffPage })));

// Module-level, so their identity never changes: the table's rows are memoized on their props.
function renderTagActions(context: TagActionContext) {
  return (
    <Suspense fallback={null}>
      <TagActions {...context} />
    </Suspense>
  );
}

/** With a registry index: each row also links to its tag's history. */
function renderTagActionsWithHistory(context: TagActionContext) {
  return (
    <>
      {renderTagActions(context)}
      <Link to={tagHistoryPath(context.name, context.tag)} className="text-xs text-sky-800 underline" aria-label={`History of ${context.tag}`}>
        History
      </Link>
    </>
  );
}

function renderBulkActions(context: BulkActionContext) {
  return (
    <Suspense fallback={null}>
      <BulkActions {...context} />
    </Suspense>
  );
}

const shortReference = (reference: string) => (reference.startsWith('sha256:') ? shortDigest(reference) : reference);

/** The tab title of a repository address: `big/app`, `big/app:1.0.0`, `big/app@sha256:…`. */
export function repositoryTitle(route: RepositoryView): string | undefined {
  switch (route.view) {
    case 'tags':
      return route.name;
    case 'manifest':
      return route.reference.startsWith('sha256:') ? `${route.name}@${shortDigest(route.reference)}` : `${route.name}:${route.reference}`;
    case 'diff':
      return `${route.name} ${shortReference(route.left)} ↔ ${shortReference(route.right)}`;
    case 'orphans':
      return `Orphans of ${route.name}`;
    case 'history':
      return `History of ${route.name}:${route.tag}`;
    default:
      return undefined; // NotFoundPage titles itself
  }
}

/**
 * Starts reading the last visit's table (one IndexedDB record) while the page's chunk loads; the
 * page observes the same query, so it is read once. Never re-renders (no props of its result used).
 */
function RememberedTagsReader({ name }: { name: string }) {
  const { url } = useRegistry();
  useQuery({ ...rememberedTagsQuery(url, name), notifyOnChangeProps: [] });
  return null;
}

/** /r/<name>[/-/<view>/<argument>]: the repository name keeps its slashes, views come after `/-/`. */
export function RepositoryRoute() {
  const route = parseRepositorySplat(useParams()['*']);
  // A registry marked readOnly in config gets no actions at all (the actions feature checks too).
  const { readOnly, index } = useRegistry();
  let page: React.ReactNode;
  switch (route.view) {
    case 'tags':
      page = readOnly ? (
        <RepositoryPage />
      ) : (
        <RepositoryPage renderTagActions={index ? renderTagActionsWithHistory : renderTagActions} renderBulkActions={renderBulkActions} />
      );
      break;
    case 'orphans':
      page = <RepositoryOrphansPage />;
      break;
    case 'manifest':
      page = <ManifestPage />;
      break;
    case 'history':
      page = <TagHistoryPage />;
      break;
    case 'diff':
      page = <DiffPage />;
      break;
    default:
      page = <NotFoundPage />;
  }
  const title = repositoryTitle(route);
  return (
    <div className="flex items-start">
      {title !== undefined && <PageTitle>{title}</PageTitle>}
      {route.view === 'tags' && route.name !== '' && <RememberedTagsReader key={route.name} name={route.name} />}
      {route.view !== 'unknown' && route.name !== '' && (
        <Suspense fallback={null}>
          <RepositorySidebar currentPath={route.name} />
        </Suspense>
      )}
      <div className="flex min-w-0 flex-1 flex-col gap-4">
        <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading…</p>}>{page}</Suspense>
      </div>
    </div>
  );
}
