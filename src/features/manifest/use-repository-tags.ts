import { useCallback } from 'react';
import { useQueries, useQuery, type QueryObserverResult } from '@tanstack/react-query';
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
}

export function useTagList(name: string) {
  const { repo } = useInspectorQueries();
  return useQuery(repo.tags(name));
}

/**
 * Every tag pointing at `digest`: the repository's tag list, one HEAD per tag (the tag table's
 * cache entries, so a visit to the tag list first makes this free). distribution counts each HEAD
 * as a pull; there is no cheaper way to ask.
 */
export function useTagsForDigest(name: string, digest: string | undefined): TagsForDigest {
  const { repo } = useInspectorQueries();
  const listing = useTagList(name);
  const tags = listing.data ?? [];
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
  const { matching, checked } = useQueries({ queries: tags.map((tag) => ({ ...repo.tagHead(name, tag), enabled: digest !== undefined })), combine });
  return { tags: matching, checked, total: tags.length, listing };
}
