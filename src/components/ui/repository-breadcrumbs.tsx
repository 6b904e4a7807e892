import { Link } from '../routing';
import { catalogSearchPath, namespaceCrumbs, repositoryPath } from '../../config/route-paths';

interface RepositoryBreadcrumbsProps {
  /** The repository, a/b/c: each namespace prefix links to the catalog filtered to it. */
  name: string;
  /**
   * A page inside the repository (a tag, a short digest, "compare"): the repository itself then
   * becomes a link and this is the current page. Without it the crumbs end at the namespaces,
   * the repository's own page carrying its name as the heading.
   */
  current?: string;
}

/** Repositories / namespaces [/ repository / current page]. */
export function RepositoryBreadcrumbs({ name, current }: RepositoryBreadcrumbsProps) {
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
        {current !== undefined && (
          <>
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
          </>
        )}
      </ol>
    </nav>
  );
}
