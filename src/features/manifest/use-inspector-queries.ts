import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { manifestQueries } from '../../queries/manifest-queries';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { PRIORITY_HIGH } from '../../queries/request-queue';
import { isDigest } from '../../registry/digest';

/** The repository's query factories (shared with the tag table: same keys, same cache) plus the inspector's. */
export function useInspectorQueries() {
  const { client, url } = useRegistry();
  return useMemo(() => ({ repo: repositoryQueries(client, url), manifest: manifestQueries(client, url) }), [client, url]);
}

/**
 * A tag or digest → its manifest. A tag costs one HEAD (the tag table's cache entry), then the
 * manifest is fetched by digest, so both pages share one immutable entry per digest.
 */
export function useResolvedManifest(name: string, reference: string, enabled = true) {
  const { repo } = useInspectorQueries();
  const byDigest = isDigest(reference);
  const head = useQuery({ ...repo.tagHead(name, reference, PRIORITY_HIGH), enabled: enabled && !byDigest });
  const digest = byDigest ? reference : (head.data?.digest ?? undefined);
  const manifest = useQuery({ ...repo.manifest(name, digest ?? '', PRIORITY_HIGH), enabled: enabled && digest !== undefined });
  return {
    digest,
    head,
    manifest,
    /** The registry answered 404 to the tag's HEAD. */
    tagMissing: !byDigest && head.data === null,
    pending: (!byDigest && head.isPending) || (digest !== undefined && manifest.isPending),
    error: (!byDigest ? head.error : null) ?? manifest.error,
  };
}
