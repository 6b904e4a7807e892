import { Link } from '../../components/routing';

interface RepositoryNotFoundProps {
  name: string;
  /** `invalid`: the URL holds no valid repository name (nothing was asked of the registry). */
  reason: 'unknown' | 'invalid';
}

export function RepositoryNotFound({ name, reason }: RepositoryNotFoundProps) {
  return (
    <section className="mx-auto max-w-xl space-y-3 py-12 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Repository not found</h1>
      {reason === 'invalid' ? (
        <p className="text-slate-700">
          <span className="font-mono break-all">{name === '' ? '(empty)' : name}</span> is not a valid repository name: names are lowercase
          letters, digits and separators (<code>.</code> <code>_</code> <code>__</code> <code>-</code>) in components joined by{' '}
          <code>/</code>.
        </p>
      ) : (
        <p className="text-slate-700">
          The registry does not know a repository named <span className="font-mono break-all">{name}</span>.
        </p>
      )}
      <p>
        <Link to="/" className="text-sky-700 underline hover:text-sky-900">
          Back to the repositories
        </Link>
      </p>
    </section>
  );
}
