import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';

interface RepositoryHeaderProps {
  name: string;
  loginServer: string;
}

/** Breadcrumbs through the namespaces, the repository name, and how to pull from it. */
export function RepositoryHeader({ name, loginServer }: RepositoryHeaderProps) {
  return (
    <header className="mb-4 space-y-1">
      <RepositoryBreadcrumbs name={name} />
      <h1 className="font-mono text-xl font-semibold break-all text-slate-900">{name}</h1>
      <p className="text-sm text-slate-600">
        Pull with <code className="rounded bg-slate-100 px-1 font-mono">{`docker pull ${loginServer}/${name}:<tag>`}</code>
      </p>
    </header>
  );
}
