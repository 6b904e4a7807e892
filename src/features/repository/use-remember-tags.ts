import { useEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import type { RememberedTags } from '../../queries/revisit-cache';
import type { ManifestHead } from '../../registry/types';

/** Saves once the answers stop arriving for this long, and when the page is left. */
const SAVE_AFTER_MS = 1_000;

/**
 * Saves the tag list and every HEAD answer the registry gave this session for the next visit
 * (revisit-cache.ts). Only registry answers are saved (the query cache never holds a
 * placeholder); a tag not answered yet keeps what the previous visit saw of it.
 * `enabled`: the tag list itself came from the registry (not from the cache, not a bulk source).
 */
export function useRememberTags(name: string, tags: readonly string[], answered: number, enabled: boolean, previous: RememberedTags | null | undefined): void {
  const { client, url } = useRegistry();
  const queryClient = useQueryClient();
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  const save = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!enabled) {
      save.current = null;
      return;
    }
    save.current = () => {
      const heads = new Map<string, ManifestHead>();
      for (const tag of tags) {
        const answer = queryClient.getQueryData<ManifestHead | null>(queries.tagHead(name, tag).queryKey);
        const head = answer === undefined ? previous?.heads.get(tag) : answer;
        if (head) heads.set(tag, head);
      }
      const remembered = { savedAt: Date.now(), tags: [...tags], heads };
      void import('../../queries/revisit-cache').then((cache) => cache.rememberTags(url, name, remembered));
    };
    const timer = setTimeout(() => save.current?.(), SAVE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [enabled, tags, answered, queryClient, queries, url, name, previous]);

  // Leaving before the answers settled: keep what was learnt so far.
  useEffect(() => () => save.current?.(), []);
}
