import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { DigestText } from '../../components/ui/digest-text';
import { Link, useParams } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { formatBytes, shortDigest } from '../../components/ui/format';
import { auditPath, manifestPath, repositoryPath } from '../../config/route-paths';
import { blobInfo, layerUserCounts, layerUsers } from '../../queries/audit';
import { crawlSnapshotQuery } from '../../queries/crawl-queries';
import { useRegistry } from '../../queries/registry-context';
import { isDigest } from '../../registry/digest';
import { PageTitle } from '../../components/ui/page-title';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow, TableRowHeader } from '../../components/ui/table';

/** /layers/<digest>: which repositories and tags use a layer, from the audit crawl's records. */
export function LayerPage() {
  const digest = useParams().digest ?? '';
  const registry = useRegistry();
  const snapshot = useQuery(crawlSnapshotQuery(registry.url));
  const found = useMemo(() => {
    if (!snapshot.data || !isDigest(digest)) return null;
    return { info: blobInfo(snapshot.data.facts, digest), users: layerUsers(snapshot.data.repositories, snapshot.data.facts, digest) };
  }, [snapshot.data, digest]);
  const counts = layerUserCounts(found?.users ?? []);

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <PageTitle>{`${found?.info?.kind === 'config' ? 'Config blob' : 'Layer'} ${isDigest(digest) ? shortDigest(digest) : digest}`}</PageTitle>
        <h1 className="text-xl font-semibold">{found?.info?.kind === 'config' ? 'Config blob' : 'Layer'}</h1>
        <p className="font-mono text-sm break-all">{digest}</p>
        {found?.info && (
          <p className="text-sm text-slate-700">
            <span data-bytes={found.info.size}>{formatBytes(found.info.size)}</span> · used by {counts.images} image{counts.images === 1 ? '' : 's'} in {counts.repositories} repositor
            {counts.repositories === 1 ? 'y' : 'ies'}
          </p>
        )}
      </header>
      {!isDigest(digest) && <p role="alert">“{digest}” is not a digest (sha256:&lt;64 hex&gt;).</p>}
      {snapshot.isError && <ErrorPanel error={snapshot.error} title="The stored crawl results could not be read" />}
      {found && found.users.length === 0 && (
        <p className="text-sm text-slate-600">
          No crawled image uses this blob. The answer comes from the audit crawl:{' '}
          <Link to={auditPath()} className="text-sky-700 underline hover:text-sky-900">
            crawl the registry
          </Link>{' '}
          to include every repository.
        </p>
      )}
      {found && found.users.length > 0 && (
        <TableContainer>
          <Table aria-label="Images using this blob">
            <TableHeader>
              <tr>
                <TableHead pinned>Repository</TableHead>
                <TableHead>Tags</TableHead>
                <TableHead>Image manifest</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {found.users.map((user) => (
                <TableRow key={`${user.repository}@${user.index ?? ''}>${user.manifest}`}>
                  <TableRowHeader pinned className="whitespace-nowrap">
                    <Link to={repositoryPath(user.repository)} className="text-sky-700 hover:underline">
                      {user.repository}
                    </Link>
                  </TableRowHeader>
                  <TableCell>
                    <ul className="flex flex-wrap gap-x-2">
                      {user.tags.map((tag) => (
                        <li key={tag}>
                          <Link to={manifestPath(user.repository, tag)} className="font-mono text-xs text-sky-700 hover:underline">
                            {tag}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    <DigestText digest={user.manifest} to={manifestPath(user.repository, user.manifest)} copyLabel={`Copy digest of the image in ${user.repository}`} />
                    {user.index && <span className="text-xs text-slate-500"> (platform of an index)</span>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <p className="text-xs text-slate-500">From the audit crawl stored in this browser; tags pushed since the last crawl are not included.</p>
    </div>
  );
}
