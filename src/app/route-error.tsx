import { ErrorBoundary } from '../components/error-boundary';
import { Link, Outlet, useLocation } from '../components/routing';
import { ErrorPanel } from '../components/ui/error-panel';
import { PageTitle } from '../components/ui/page-title';

/**
 * What a page that threw while rendering shows, with a way back. Part of the first load: a page
 * whose code could not be downloaded (Regatta updated since this tab opened it, or the server
 * gone) must still say so, and a chunk of this panel would be missing as well.
 */
function RouteFailure({ error }: { error: unknown }) {
  return (
    <div className="flex flex-col gap-3">
      <PageTitle>Page failed</PageTitle>
      <ErrorPanel title="This page failed to render" error={error} onRetry={() => window.location.reload()} />
      <Link to="/" className="text-sm text-sky-800 hover:underline">
        Back to the repositories
      </Link>
    </div>
  );
}

/**
 * A page that throws while rendering shows what broke, inside the layout, instead of a blank
 * screen. The declarative router (no data router: no route has loaders or actions) has no
 * errorElement, so pages are wrapped in this boundary instead.
 */
export function RouteError() {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary resetKey={pathname} fallback={(error) => <RouteFailure error={error} />}>
      <Outlet />
    </ErrorBoundary>
  );
}
