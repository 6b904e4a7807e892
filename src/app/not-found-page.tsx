import { Link, useLocation } from '../components/routing';
import { PageTitle } from '../components/ui/page-title';
import { buttonVariants } from '../components/ui/button';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <section className="mx-auto max-w-lg py-16 text-center">
      <PageTitle>Page not found</PageTitle>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">
        Nothing lives at <span className="font-mono break-all">{location.pathname}</span>.
      </p>
      <Link to="/" className={`mt-6 ${buttonVariants({ variant: 'primary' })}`}>
        Back to the repositories
      </Link>
    </section>
  );
}
