import { Link } from 'react-router';
import { catalogSearchPath, namespaceCrumbs } from '../../config/route-paths';

interface RepositoryHeaderProps {
  name: string;
  loginServer: string;
}

/** Breadcrumbs through the namespaces, the repository name, and how to pull from it. */
export function RepositoryHeader({ name, loginServer }: RepositoryHeaderProps) {
  const crumbs = namespaceCrumbs(name);
  return (
    <header className="mb-4 space-y-1">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
          <li>
            <Link to="/" className="hover:underline">
              Repositories
            </Link>
          </li>
          {crumbs.map((crumb) => (
            <li key={crumb.prefix} className="flex items-center gap-1">
              <span aria-hidden="true">/</span>
              <Link to={catalogSearchPath(crumb.prefix)} className="font-mono hover:underline">
                {crumb.label}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <h1 className="font-mono text-xl font-semibold break-all text-slate-900">{name}</h1>
      <p className="text-sm text-slate-600">
        Pull with <code className="rounded bg-slate-100 px-1 font-mono">{`docker pull ${loginServer}/${name}:<tag>`}</code>
      </p>
    </header>
  );
}
