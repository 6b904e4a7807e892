import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '../../components/routing';
import PackageX from 'lucide-react/icons/package-x';
import TagIcon from 'lucide-react/icons/tag';
import { buttonVariants } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorPanel } from '../../components/ui/error-panel';
import { isRegistryError } from '../../registry/errors';
import { isValidRepositoryName } from '../../registry/names';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { catalogQueryOptions, type CatalogData } from '../../queries/catalog-queries';
import { useBulkTags } from '../../queries/use-bulk-tags';
import { rememberedTagsQuery } from '../../queries/revisit-queries';
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

/**
 * tags/list answers 404 NAME_UNKNOWN both for a name the registry never saw and for a repository
 * that holds no manifest (a failed push, or one that only received a blob): the error code cannot
 * tell them apart, the catalog can. Listed (on any page read so far) → it exists; the whole
 * catalog read without it, or no catalog to read (403, or a registry without `_catalog`) → unknown.
 */
function catalogVerdict(data: CatalogData | undefined, failed: boolean, name: string): 'listed' | 'unknown' | 'checking' {
  if (data?.names.includes(name)) return 'listed';
  if (data?.complete || failed) return 'unknown';
  return 'checking';
}

function Repository({ name, slots }: { name: string; slots: TagActionSlots }) {
  const registry = useRegistry();
  const { client, url, loginServer } = registry;
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  const bulk = useBulkTags(name);
  // The bulk source lists the tags itself; tags/list only without one (and to tell "unknown" from "empty").
  const tagsQuery = useQuery({ ...queries.tags(name), enabled: bulk.status === 'registry' });
  // A revisit starts from what the last visit saw (while the source is decided, too), checking each row.
  const remembered = useQuery({ ...rememberedTagsQuery(url, name), enabled: bulk.status !== 'bulk' });
  const rememberedTags = remembered.data && remembered.data.tags.length > 0 ? remembered.data : undefined;
  const nameUnknown = tagsQuery.isError && isUnknownRepository(tagsQuery.error);
  // The catalog page's own query: free when the user came from there.
  const catalog = useQuery({ ...catalogQueryOptions(registry), enabled: nameUnknown });
  const verdict = nameUnknown ? catalogVerdict(catalog.data, catalog.isError, name) : undefined;

  if (verdict === 'unknown') return <RepositoryNotFound name={name} reason="unknown" />;

  return (
    <div className="flex min-w-0 flex-col">
      <RepositoryHeader name={name} loginServer={loginServer} />
      {bulk.status === 'bulk' ? (
        <TagTable name={name} tags={bulk.tags} seeds={bulk.seeds} source={bulk.source} {...slots} />
      ) : rememberedTags && !tagsQuery.isError && (bulk.status === 'deciding' || tagsQuery.isPending) ? (
        <TagTable key="registry" name={name} tags={rememberedTags.tags} source={{ kind: 'registry' }} revisit={{ remembered: rememberedTags, tagsConfirmed: false }} {...slots} />
      ) : bulk.status === 'deciding' || tagsQuery.isPending || remembered.isLoading ? (
        // Also while the last visit's record is read (one IndexedDB read): a table started
        // without it would never mark its rows as remembered.
        <p role="status" className="text-sm text-slate-500">
          Loading tags…
        </p>
      ) : verdict === 'checking' ? (
        <p role="status" className="text-sm text-slate-500">
          The registry knows no tags here; looking for {name} in the catalog…
        </p>
      ) : verdict === 'listed' ? (
        <EmptyState icon={<PackageX aria-hidden="true" />} title="Listed by the registry but holds no manifests." action={<BackToCatalog />}>
          The catalog lists {name}, but its tag list answers 404 NAME_UNKNOWN: no manifest was stored here, only blobs. A failed push, or an
          upload that never got its manifest, leaves such a repository behind.
        </EmptyState>
      ) : tagsQuery.isError ? (
        <ErrorPanel error={tagsQuery.error} title={`Could not list the tags of ${name}`} onRetry={() => void tagsQuery.refetch()} />
      ) : tagsQuery.data.length === 0 ? (
        <EmptyState icon={<TagIcon aria-hidden="true" />} title="This repository has no tags." action={<BackToCatalog />} />
      ) : (
        <TagTable key="registry" name={name} tags={tagsQuery.data} source={bulk.source} revisit={{ remembered: remembered.data, tagsConfirmed: true }} {...slots} />
      )}
    </div>
  );
}

function BackToCatalog() {
  return (
    <Link to="/" className={buttonVariants({ size: 'sm' })}>
      All repositories
    </Link>
  );
}
