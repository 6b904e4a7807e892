import { Link, useLocation } from 'react-router';
import { PageTitle } from '../components/ui/page-title';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <PageTitle>Page not found</PageTitle>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">
        Nothing lives at <span className="font-mono break-all">{location.pathname}</span>.
      </p>
      <Link to="/" className="mt-6 inline-block rounded bg-sky-700 px-4 py-2 text-white hover:bg-sky-800 focus-visible:outline-2">
        Back to the repositories
      </Link>
    </section>
  );
}
