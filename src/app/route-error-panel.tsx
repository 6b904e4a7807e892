import { Link } from '../components/routing';
import { ErrorPanel } from '../components/ui/error-panel';
import { PageTitle } from '../components/ui/page-title';

/** What a page that failed to render shows instead, with a way back. */
export function RouteErrorPanel({ error }: { error: unknown }) {
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
