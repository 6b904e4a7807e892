/**
 * Chooses the tag table's bulk source for one repository (bulk-tags.ts): the configured index
 * first; without one, ACR's `_tags` when the registry has the metadata API; else plain v2. A
 * failing index falls back to v2 (and says why); an empty answer too, so tags/list decides
 * whether the repository exists. Nothing is sent per tag until the choice is made.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { sortNatural } from '../registry/natural-sort';
import { acrDetectionQuery } from './acr-queries';
import { acrTagSeeds, acrTagsQuery, indexTagSeeds, type TagSeeds, type TagSource } from './bulk-tags';
import { indexTagsQuery } from './index-queries';
import { useRegistry } from './registry-context';

export type BulkTags =
  | { status: 'deciding' }
  /** The bulk source lists the tags: no tags/list needed. */
  | { status: 'bulk'; source: TagSource; tags: readonly string[]; seeds: TagSeeds }
  | { status: 'registry'; source: Extract<TagSource, { kind: 'registry' }> };

export function useBulkTags(name: string): BulkTags {
  const registry = useRegistry();
  const { index, url, client } = registry;
  const indexTags = useQuery(indexTagsQuery(index, url, name));
  const useAcr = index === undefined;
  const detection = useQuery({ ...acrDetectionQuery(registry), enabled: useAcr });
  // No catalog rights (repository-scoped tokens): ask this repository's `_tags?n=1`, as the orphans page does.
  const askRepository = useAcr && detection.data?.reason === 'catalog-denied';
  const repositoryDetection = useQuery({ ...acrDetectionQuery(registry, name), enabled: askRepository });
  const isAcr = detection.data?.acr === true || (askRepository && repositoryDetection.data?.acr === true);
  const acrTags = useQuery({ ...acrTagsQuery(client, url, name), enabled: useAcr && isAcr });

  const indexData = indexTags.data;
  const acrData = acrTags.data;
  const indexSeeds = useMemo(() => (indexData ? indexTagSeeds(indexData) : undefined), [indexData]);
  const acrSeeds = useMemo(() => (acrData ? acrTagSeeds(acrData) : undefined), [acrData]);
  const indexNames = useMemo(() => (indexData ? sortNatural(indexData.map((tag) => tag.name)) : undefined), [indexData]);
  const acrNames = useMemo(() => (acrData ? sortNatural(acrData.map((tag) => tag.name)) : undefined), [acrData]);
  const at = indexTags.dataUpdatedAt;

  return useMemo((): BulkTags => {
    if (index) {
      // Data already shown stays (as of its time) while a refresh fails; the change stream refreshes it.
      if (indexSeeds && indexNames && indexNames.length > 0) return { status: 'bulk', source: { kind: 'index', at }, tags: indexNames, seeds: indexSeeds };
      if (indexTags.isError) return { status: 'registry', source: { kind: 'registry', indexError: indexTags.error } };
      if (indexData) return { status: 'registry', source: { kind: 'registry' } };
      return { status: 'deciding' };
    }
    // A detection that fails (and is being retried) must not hold the table back.
    // (Not an "ACR failed" message either: most registries that fail the probe are not ACR.)
    if (detection.isError || (detection.isPending && detection.failureCount > 0)) return { status: 'registry', source: { kind: 'registry' } };
    if (detection.isPending) return { status: 'deciding' };
    if (askRepository && repositoryDetection.isPending && repositoryDetection.failureCount === 0) return { status: 'deciding' };
    if (!isAcr) return { status: 'registry', source: { kind: 'registry' } };
    if (acrSeeds && acrNames && acrNames.length > 0) return { status: 'bulk', source: { kind: 'acr' }, tags: acrNames, seeds: acrSeeds };
    if (acrTags.isError) return { status: 'registry', source: { kind: 'registry', acrError: acrTags.error } };
    if (acrData) return { status: 'registry', source: { kind: 'registry' } };
    return { status: 'deciding' };
  }, [index, indexSeeds, indexNames, at, indexTags.isError, indexTags.error, indexData, detection.isError, detection.isPending, detection.failureCount, askRepository, repositoryDetection.isPending, repositoryDetection.failureCount, isAcr, acrSeeds, acrNames, acrTags.isError, acrTags.error, acrData]);
}
