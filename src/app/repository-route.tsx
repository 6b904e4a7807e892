import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { parseRepositorySplat } from '../config/route-paths';
import { NotFoundPage } from './not-found-page';

// Each view is its own chunk: a user who only browses tags never downloads the inspector.
const RepositoryPage = lazy(() => import('../features/repository/repository-page').then((m) => ({ default: m.RepositoryPage })));

/** /r/<name>[/-/<view>/<argument>]: the repository name keeps its slashes, views come after `/-/`. */
export function RepositoryRoute() {
  const route = parseRepositorySplat(useParams()['*']);
  let page: React.ReactNode;
  switch (route.view) {
    case 'tags':
      page = <RepositoryPage />;
      break;
    default:
      page = <NotFoundPage />;
  }
  return <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading…</p>}>{page}</Suspense>;
}
