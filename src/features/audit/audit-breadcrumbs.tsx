import { Link } from '../../components/routing';
import { auditPath } from '../../config/route-paths';

/** All repositories › marketing › campaign10-18: each step zooms the audit (and its treemap) out. */
export function AuditBreadcrumbs({ namespace }: { namespace: string }) {
  const parts = namespace ? namespace.split('/') : [];
  return (
    <nav aria-label="Audit breadcrumb" className="text-sm">
      <ol className="flex flex-wrap gap-1">
        <li>
          {parts.length === 0 ? (
            <span aria-current="page">All repositories</span>
          ) : (
            <Link to={auditPath()} className="text-sky-700 hover:underline">
              All repositories
            </Link>
          )}
        </li>
        {parts.map((part, i) => {
          const prefix = parts.slice(0, i + 1).join('/');
          const last = i === parts.length - 1;
          return (
            <li key={prefix} className="before:mr-1 before:text-slate-400 before:content-['›']">
              {last ? (
                <span aria-current="page">{part}</span>
              ) : (
                <Link to={auditPath(prefix)} className="text-sky-700 hover:underline">
                  {part}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
