import { lazy, Suspense } from 'react';
import { BrowserRouter, useRoutes, type RouteObject } from '../components/routing';
import { CatalogPage } from '../features/catalog/catalog-page';
import { Layout } from './layout';
import { RepositoryRoute } from './repository-route';
import { RouteError } from './route-error';

const OrphansPage = lazy(() => import('../features/orphans/orphans-page').then((m) => ({ default: m.OrphansPage })));
const CleanupPage = lazy(() => import('../features/cleanup/cleanup-page').then((m) => ({ default: m.CleanupPage })));
const ConnectPage = lazy(() => import('../features/connect/connect-page').then((m) => ({ default: m.ConnectPage })));
const AuditPage = lazy(() => import('../features/audit/audit-page').then((m) => ({ default: m.AuditPage })));
const SearchPage = lazy(() => import('../features/search/search-page').then((m) => ({ default: m.SearchPage })));
const LayerPage = lazy(() => import('../features/layers/layer-page').then((m) => ({ default: m.LayerPage })));
const NotFoundPage = lazy(() => import('./not-found-page').then((m) => ({ default: m.NotFoundPage })));
const loading = <p className="p-6 text-sm text-slate-500">Loading…</p>;

// Plain route objects, ranked as react-router ranks them (components/routing.tsx): rendered by
// useRoutes under a BrowserRouter; tests mount them in a memory router (memory-router.tsx).
export const appRoutes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      {
        element: <RouteError />,
        children: [
          { index: true, element: <CatalogPage /> },
          // Repository names keep their slashes: /r/team/app/web; sub-pages follow /-/.
          { path: 'r/*', element: <RepositoryRoute /> },
          { path: 'orphans', element: <Suspense fallback={loading}><OrphansPage /></Suspense> },
          { path: 'cleanup', element: <Suspense fallback={loading}><CleanupPage /></Suspense> },
          { path: 'connect', element: <Suspense fallback={loading}><ConnectPage /></Suspense> },
          // /audit and /audit/<namespace> (slashes kept): one route, so zooming does not remount the page and its running crawl.
          { path: 'audit/*', element: <Suspense fallback={loading}><AuditPage /></Suspense> },
          { path: 'search', element: <Suspense fallback={loading}><SearchPage /></Suspense> },
          { path: 'layers/:digest', element: <Suspense fallback={loading}><LayerPage /></Suspense> },
          { path: '*', element: <Suspense fallback={null}><NotFoundPage /></Suspense> },
        ],
      },
    ],
  },
];

function AppRoutes() {
  return useRoutes(appRoutes);
}

/** `basename`: '' for the default registry, `/@<name>` for the others (see registry-paths.ts). */
export function AppRouter({ basename }: { basename: string }) {
  return (
    <BrowserRouter basename={basename === '' ? undefined : basename}>
      <AppRoutes />
    </BrowserRouter>
  );
}
