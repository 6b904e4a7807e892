import { useCallback } from 'react';
import { useQueries, useQuery, type QueryObserverResult } from '@tanstack/react-query';
import { indexTagsQuery } from '../../queries/index-queries';
import { useRegistry } from '../../queries/registry-context';
import type { ManifestHead } from '../../registry/types';
import { useInspectorQueries } from './use-inspector-queries';

export interface TagsForDigest {
  /** Tags whose HEAD answered this digest so far (sorted). */
  tags: string[];
  /** HEADs answered (or failed) out of `total`. */
  checked: number;
  total: number;
  /** The tag list itself. */
  listing: ReturnType<typeof useTagList>;
  /** Where `tags` came from: the index's listing (no HEADs), or a HEAD per tag. */
  source: 'index' | 'registry';
}

export function useTagList(name: string) {
  const { repo } = useInspectorQueries();
  return useQuery(repo.tags(name));
}

/**
 * The repository's tags with their digests from the registry index, when one is configured and
 * lists tags here (`tags` undefined otherwise, or when it fails); `deciding` while its answer is
 * on its way, so callers hold their per-tag HEADs until then.
 */
export function useIndexTagListing(name: string) {
  const { index, url } = useRegistry();
  const fromIndex = useQuery(indexTagsQuery(index, url, name));
  const tags = fromIndex.data && fromIndex.data.length > 0 ? fromIndex.data : undefined;
  return { tags, deciding: index !== undefined && fromIndex.isPending };
}

/**
 * Every tag pointing at `digest`. With a registry index that answers: its listing of the
 * repository's tags and their digests, one request (the tag table's cache entry). Otherwise, or
 * when the index fails or lists no tag here: the repository's tag list and one HEAD per tag (the
 * tag table's cache entries too); distribution counts each HEAD as a pull. No HEAD is sent while
 * the index's answer is on its way.
 */
export function useTagsForDigest(name: string, digest: string | undefined): TagsForDigest {
  const { repo } = useInspectorQueries();
  const listing = useTagList(name);
  const { tags: indexTags, deciding } = useIndexTagListing(name);
  const headsNeeded = digest !== undefined && indexTags === undefined && !deciding;
  const tags = indexTags ? [] : (listing.data ?? []);
  const combine = useCallback(
    (results: QueryObserverResult<ManifestHead | null>[]) => {
      const matching: string[] = [];
      let checked = 0;
      results.forEach((result, i) => {
        if (result.isSuccess || result.isError) checked += 1;
        const tag = tags[i];
        if (tag !== undefined && digest !== undefined && result.data?.digest === digest) matching.push(tag);
      });
      return { matching: matching.sort(), checked };
    },
    // `tags` is the query's data: a new identity only when the list changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [listing.data, digest],
  );
  const { matching, checked } = useQueries({ queries: tags.map((tag) => ({ ...repo.tagHead(name, tag), enabled: headsNeeded })), combine });
  if (indexTags) {
    const here = digest === undefined ? [] : indexTags.filter((tag) => tag.digest === digest).map((tag) => tag.name);
    return { tags: here.sort(), checked: indexTags.length, total: indexTags.length, listing, source: 'index' };
  }
  return { tags: matching, checked, total: tags.length, listing, source: 'registry' };
}
