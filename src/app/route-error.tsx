import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorPanel } from '../components/ui/error-panel';

/** A page that throws while rendering shows what broke, inside the layout, instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const shown = isRouteErrorResponse(error) ? new Error(`${error.status} ${error.statusText}`) : error;
  return (
    <div className="flex flex-col gap-3">
      <ErrorPanel title="This page failed to render" error={shown} onRetry={() => window.location.reload()} />
      <Link to="/" className="text-sm text-sky-800 hover:underline">
        Back to the repositories
      </Link>
    </div>
  );
}
