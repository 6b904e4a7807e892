import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorPanel } from '../../components/ui/error-panel';
import { isRegistryError } from '../../registry/errors';
import { isValidRepositoryName } from '../../registry/names';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { RepositoryHeader } from './repository-header';
import { RepositoryNotFound } from './repository-not-found';
import { repositoryNameFromSplat } from '../../config/route-paths';
import type { TagActionSlots } from './tag-actions-slots';
import { TagTable } from './tag-table';

/**
 * /r/<name>: the name keeps its slashes, so it is the route's splat. `slots` host another
 * feature's per-row and bulk actions (app/ composes them; features never import each other).
 */
export function RepositoryPage(slots: TagActionSlots = {}) {
  const params = useParams();
  const name = repositoryNameFromSplat(params['*']);
  // distribution answers an invalid name with a CORS-less plain 404: never send it.
  if (!isValidRepositoryName(name)) return <RepositoryNotFound name={name} reason="invalid" />;
  return <Repository key={name} name={name} slots={slots} />;
}

function isUnknownRepository(error: unknown): boolean {
  return isRegistryError(error) && error.status === 404;
}

function Repository({ name, slots }: { name: string; slots: TagActionSlots }) {
  const { client, url, loginServer } = useRegistry();
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  const tagsQuery = useQuery(queries.tags(name));

  if (tagsQuery.isError && isUnknownRepository(tagsQuery.error)) return <RepositoryNotFound name={name} reason="unknown" />;

  return (
    <div className="flex min-w-0 flex-col">
      <RepositoryHeader name={name} loginServer={loginServer} />
      {tagsQuery.isPending ? (
        <p role="status" className="text-sm text-slate-500">
          Loading tags…
        </p>
      ) : tagsQuery.isError ? (
        <ErrorPanel error={tagsQuery.error} title={`Could not list the tags of ${name}`} onRetry={() => void tagsQuery.refetch()} />
      ) : tagsQuery.data.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">This repository has no tags.</p>
      ) : (
        <TagTable name={name} tags={tagsQuery.data} {...slots} />
      )}
    </div>
  );
}
