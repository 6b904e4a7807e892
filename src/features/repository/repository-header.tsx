import { Link } from '../../components/routing';
import Box from 'lucide-react/icons/box';
import Ghost from 'lucide-react/icons/ghost';
import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';
import { orphansPath } from '../../config/route-paths';

interface RepositoryHeaderProps {
  name: string;
  loginServer: string;
}

/** Breadcrumbs through the namespaces, the repository name, how to pull from it, and its untagged manifests. */
export function RepositoryHeader({ name, loginServer }: RepositoryHeaderProps) {
  return (
    <header className="mb-3 space-y-1">
      <RepositoryBreadcrumbs name={name} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <h1 className="flex min-w-0 items-center gap-2 font-mono text-xl font-semibold break-all text-slate-900">
          <Box aria-hidden="true" className="size-5 shrink-0 text-slate-500" />
          {name}
        </h1>
        <p className="text-sm text-slate-600">
          Pull with <code className="rounded bg-slate-100 px-1 font-mono text-xs">{`docker pull ${loginServer}/${name}:<tag>`}</code>
        </p>
        <p className="text-sm">
          <Link to={orphansPath(name)} className="inline-flex items-center gap-1 text-sky-700 underline hover:text-sky-900">
            <Ghost aria-hidden="true" className="size-3.5" />
            Untagged manifests (orphans)
          </Link>
        </p>
      </div>
    </header>
  );
}
