import { useMemo, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { isKnownManifestKey, knownManifests } from '../../queries/manifest-queries';
import type { KnownManifests } from '../../queries/layer-sharing';
import { useInspectorQueries } from './use-inspector-queries';

/** Collapses bursts of cache updates (the tag table resolving 2,000 tags) into one recomputation. */
const SETTLE_MS = 100;

/**
 * The manifests and tag HEADs of a repository already in the query cache, kept current as more
 * arrive. Reads only: nothing is fetched for it.
 */
export function useKnownManifests(name: string): KnownManifests {
  const queryClient = useQueryClient();
  const { repo } = useInspectorQueries();
  const store = useMemo(() => {
    const cache = queryClient.getQueryCache();
    const repoKey = repo.repoKey(name);
    let snapshot = knownManifests(cache, repoKey);
    return {
      subscribe(onChange: () => void) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const schedule = () => {
          if (timer !== undefined) return;
          timer = setTimeout(() => {
            timer = undefined;
            snapshot = knownManifests(cache, repoKey);
            onChange();
          }, SETTLE_MS);
        };
        const unsubscribe = cache.subscribe((event) => {
          if (event.type === 'updated' && event.action.type === 'success' && isKnownManifestKey(event.query.queryKey, repoKey)) schedule();
        });
        // Whatever arrived between the first snapshot and this subscription.
        schedule();
        return () => {
          if (timer !== undefined) clearTimeout(timer);
          unsubscribe();
        };
      },
      getSnapshot: () => snapshot,
    };
  }, [queryClient, repo, name]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
