import { Link } from '../../components/routing';
import { PageTitle } from '../../components/ui/page-title';

/** /audit/<namespace> whose namespace no repository name can start with: nothing is asked of the registry. */
export function InvalidNamespace({ namespace }: { namespace: string }) {
  return (
    <section className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <PageTitle>Namespace not found</PageTitle>
      <h1 className="text-2xl font-semibold text-slate-900">Namespace not found</h1>
      <p className="text-slate-700">
        <span className="font-mono break-all">{namespace}</span> is not a valid namespace: names are lowercase letters, digits and separators (<code>.</code>{' '}
        <code>_</code> <code>__</code> <code>-</code>) in components joined by <code>/</code>.
      </p>
      <p>
        <Link to="/audit" className="text-sky-700 underline hover:text-sky-900">
          Audit the whole registry
        </Link>
      </p>
    </section>
  );
}
