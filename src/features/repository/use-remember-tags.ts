import { useEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import type { ImageSummary } from '../../queries/image-summary';
import type { RememberedTags } from '../../queries/revisit-cache';
import type { ManifestHead } from '../../registry/types';
import type { TagRowData } from './tag-details-store';

/** Saves once the answers stop arriving for this long, and when the page is left. */
const SAVE_AFTER_MS = 1_000;

/** The complete summary each digest's rows show (the same for every tag on the digest). */
function summariesByDigest(rows: readonly TagRowData[]): Map<string, ImageSummary> {
  const summaries = new Map<string, ImageSummary>();
  for (const row of rows) {
    if (row.digest && row.summary?.complete && row.error === undefined) summaries.set(row.digest, row.summary);
  }
  return summaries;
}

/**
 * Saves the tag list, every HEAD answer the registry gave this session and what each image's row
 * showed (size, created, platforms) for the next visit (revisit-cache.ts), which renders its table
 * from that one record. Only registry answers are saved as digests (the query cache never holds a
 * placeholder); a tag not answered yet keeps what the previous visit saw of it. Saved and written
 * at once when every row is resolved (the tab may be closed right after), else once the answers
 * pause, and when the page is left.
 * `enabled`: the tag list itself came from the registry (not from the cache, not a bulk source).
 */
export function useRememberTags(
  name: string,
  tags: readonly string[],
  rows: readonly TagRowData[],
  resolved: number,
  enabled: boolean,
  previous: RememberedTags | null | undefined,
): void {
  const { client, url } = useRegistry();
  const queryClient = useQueryClient();
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  const save = useRef<((now: boolean) => void) | null>(null);

  useEffect(() => {
    if (!enabled) {
      save.current = null;
      return;
    }
    save.current = (now) => {
      const shown = summariesByDigest(rows);
      const heads = new Map<string, ManifestHead>();
      const summaries = new Map<string, ImageSummary>();
      for (const tag of tags) {
        const answer = queryClient.getQueryData<ManifestHead | null>(queries.tagHead(name, tag).queryKey);
        const head = answer === undefined ? previous?.heads.get(tag) : answer;
        if (!head) continue;
        heads.set(tag, head);
        const summary = shown.get(head.digest) ?? previous?.summaries.get(head.digest);
        if (summary) summaries.set(head.digest, summary);
      }
      const remembered = { savedAt: Date.now(), tags: [...tags], heads, summaries };
      void import('../../queries/revisit-cache').then((cache) => cache.rememberTags(url, name, remembered, { now }));
    };
    if (tags.length > 0 && resolved === tags.length) {
      save.current(true);
      return;
    }
    const timer = setTimeout(() => save.current?.(false), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [enabled, tags, rows, resolved, queryClient, queries, url, name, previous]);

  // Leaving before the answers settled: keep what was learnt so far.
  useEffect(() => () => save.current?.(false), []);
}
