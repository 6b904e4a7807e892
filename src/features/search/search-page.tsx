import { useMemo } from 'react';
import { Link, useSearchParams } from '../../components/routing';
import { useQueries } from '@tanstack/react-query';
import { PageTitle } from '../../components/ui/page-title';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { manifestPath, repositoryPath } from '../../config/route-paths';
import { indexQueries, searchParamsFor } from '../../queries/index-queries';
import { useRegistry } from '../../queries/registry-context';
import type { IndexSearchHit } from '../../registry/index-client';

/** /search?q=: repositories, tags, digests (prefixes too), labels key=value and layers, registry-wide, from the index. */
export function SearchPage() {
  const [params] = useSearchParams();
  const query = params.get('q') ?? '';
  const { index, url } = useRegistry();
  const queries = useMemo(() => (index ? indexQueries(index, url) : null), [index, url]);
  const asked = useMemo(() => searchParamsFor(query), [query]);
  const results = useQueries({ queries: queries ? asked.map((p) => queries.search(p)) : [] });

  if (!index) {
    return (
      <p role="status" className="text-sm text-slate-700">
        Registry-wide search needs the registry index (regatta-index): the registry API cannot search. The catalog's filter still finds repositories by
        name.
      </p>
    );
  }
  const hits = new Map<string, IndexSearchHit>();
  for (const result of results) for (const hit of result.data?.results ?? []) hits.set(`${hit.repository}@${hit.digest}`, hit);
  const failed = results.find((r) => r.isError);
  const pending = results.some((r) => r.isPending);
  const more = results.some((r) => r.data?.next);

  return (
    <div className="flex flex-col gap-3">
      <PageTitle>{query ? `Search: ${query}` : 'Search'}</PageTitle>
      <h1 className="text-xl font-semibold text-slate-900">Search</h1>
      {query === '' ? (
        <p className="text-sm text-slate-700">Type a repository, a tag, a digest (or its first hex digits), a label as key=value, or a layer digest.</p>
      ) : failed ? (
        <ErrorPanel title="The registry index could not search" error={failed.error} onRetry={() => results.forEach((r) => void r.refetch())} />
      ) : pending ? (
        <p className="text-sm text-slate-500">Searching the index…</p>
      ) : hits.size === 0 ? (
        <p role="status" className="text-sm text-slate-700">
          Nothing in the index matches “{query}”.
        </p>
      ) : (
        <table className="w-full text-sm">
          <caption className="text-left text-slate-600">
            {hits.size} {hits.size === 1 ? 'manifest' : 'manifests'} matching “{query}”{more ? ' (first results only: narrow the search)' : ''}
          </caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="py-1 pr-3 font-medium">Repository</th>
              <th scope="col" className="py-1 pr-3 font-medium">Digest</th>
              <th scope="col" className="py-1 font-medium">Tags</th>
            </tr>
          </thead>
          <tbody>
            {[...hits.values()].map((hit) => (
              <tr key={`${hit.repository}@${hit.digest}`} className="border-b border-slate-100">
                <td className="py-1 pr-3 font-mono">
                  <Link to={repositoryPath(hit.repository)}>{hit.repository}</Link>
                </td>
                <td className="py-1 pr-3 font-mono whitespace-nowrap">
                  <Link to={manifestPath(hit.repository, hit.digest)}>{shortDigest(hit.digest)}</Link>
                </td>
                <td className="py-1 font-mono">{hit.tags.length > 0 ? hit.tags.join(', ') : <span className="font-sans text-slate-500">untagged</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
