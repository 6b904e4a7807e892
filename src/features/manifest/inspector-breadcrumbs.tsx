import { Link } from 'react-router';
import { catalogSearchPath, namespaceCrumbs, repositoryPath } from '../../config/route-paths';

/** Repositories / namespaces / repository / the page itself. */
export function InspectorBreadcrumbs({ name, current }: { name: string; current: string }) {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-slate-600">
        <li>
          <Link to="/" className="hover:underline">
            Repositories
          </Link>
        </li>
        {namespaceCrumbs(name).map((crumb) => (
          <li key={crumb.prefix} className="flex items-center gap-1">
            <span aria-hidden="true">/</span>
            <Link to={catalogSearchPath(crumb.prefix)} className="font-mono hover:underline">
              {crumb.label}
            </Link>
          </li>
        ))}
        <li className="flex items-center gap-1">
          <span aria-hidden="true">/</span>
          <Link to={repositoryPath(name)} className="font-mono hover:underline">
            {name.split('/').at(-1)}
          </Link>
        </li>
        <li className="flex min-w-0 items-center gap-1">
          <span aria-hidden="true">/</span>
          <span aria-current="page" className="truncate font-mono">
            {current}
          </span>
        </li>
      </ol>
    </nav>
  );
}
