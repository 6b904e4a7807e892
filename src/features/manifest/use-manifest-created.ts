import { useQueries } from '@tanstack/react-query';
import { dependenciesOf, manifestCreated, type SummaryLookup } from '../../queries/image-summary';
import type { ImageConfig, Manifest } from '../../registry/types';
import { useInspectorQueries } from './use-inspector-queries';

/**
 * "Created" as the tag table shows it (`manifestCreated`): for an index the newest platform's
 * config, so the inspector reads each platform manifest and config — the tag table's cache
 * entries, fetched once per digest whichever page asks first.
 */
export function useManifestCreated(name: string, manifest: Manifest): string | undefined {
  const { repo } = useInspectorQueries();
  const childDigests = dependenciesOf(manifest, { manifest: () => undefined }).manifests;
  const children = useQueries({ queries: childDigests.map((digest) => repo.manifest(name, digest)) });
  const manifests = new Map<string, Manifest>();
  children.forEach((result, i) => {
    const digest = childDigests[i];
    if (digest !== undefined && result.data) manifests.set(digest, result.data.manifest);
  });
  const configDigests = dependenciesOf(manifest, { manifest: (digest) => manifests.get(digest) }).configs;
  const configs = useQueries({ queries: configDigests.map((digest) => repo.imageConfig(name, digest)) });
  const configByDigest = new Map<string, ImageConfig>();
  configs.forEach((result, i) => {
    const digest = configDigests[i];
    if (digest !== undefined && result.data) configByDigest.set(digest, result.data);
  });
  const lookup: SummaryLookup = { manifest: (digest) => manifests.get(digest), config: (digest) => configByDigest.get(digest) };
  return manifestCreated(manifest, lookup);
}
