import { Link } from 'react-router';
import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';
import { orphansPath } from '../../config/route-paths';

interface RepositoryHeaderProps {
  name: string;
  loginServer: string;
}

/** Breadcrumbs through the namespaces, the repository name, how to pull from it, and its untagged manifests. */
export function RepositoryHeader({ name, loginServer }: RepositoryHeaderProps) {
  return (
    <header className="mb-4 space-y-1">
      <RepositoryBreadcrumbs name={name} />
      <h1 className="font-mono text-xl font-semibold break-all text-slate-900">{name}</h1>
      <p className="text-sm text-slate-600">
        Pull with <code className="rounded bg-slate-100 px-1 font-mono">{`docker pull ${loginServer}/${name}:<tag>`}</code>
      </p>
      <p className="text-sm">
        <Link to={orphansPath(name)} className="text-sky-700 underline hover:text-sky-900">
          Untagged manifests (orphans)
        </Link>
      </p>
    </header>
  );
}
