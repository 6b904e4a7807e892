import { useQueries } from '@tanstack/react-query';
import { DOCKER_MANIFEST_LIST, normalizeMediaType, OCI_INDEX } from '../../registry/manifests';
import { useInspectorQueries } from './use-inspector-queries';
import { useIndexTagListing, useTagList } from './use-repository-tags';

const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);

/**
 * Loads the manifests of the repository's tagged indexes, so "Contained in index" is known when a
 * platform manifest is opened by its digest (not from its index's page, which had loaded the
 * index). The tags' HEADs are the ones "Tags pointing here" sends anyway (same cache entries);
 * their Content-Type tells the indexes apart, so only those are fetched (once per digest). With a
 * registry index that lists the tags, their media types come from it and no HEAD is sent.
 * `useKnownManifests` then sees them arrive.
 */
export function useTaggedIndexes(name: string, enabled: boolean): void {
  const { repo } = useInspectorQueries();
  const tags = useTagList(name).data ?? [];
  const fromIndex = useIndexTagListing(name);
  const headedDigests = useQueries({
    queries: tags.map((tag) => ({ ...repo.tagHead(name, tag), enabled: enabled && fromIndex.tags === undefined && !fromIndex.deciding })),
    combine: (results) => [...new Set(results.flatMap((r) => (r.data && INDEX_TYPES.has(normalizeMediaType(r.data.mediaType)) ? [r.data.digest] : [])))].sort(),
  });
  const indexDigests = fromIndex.tags ? [...new Set(fromIndex.tags.flatMap((tag) => (tag.mediaType && INDEX_TYPES.has(normalizeMediaType(tag.mediaType)) ? [tag.digest] : [])))].sort() : headedDigests;
  useQueries({ queries: indexDigests.map((digest) => ({ ...repo.manifest(name, digest), enabled })) });
}
