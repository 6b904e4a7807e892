/**
 * Live updates from regatta-index: each repository its change stream names is refreshed (tags,
 * HEADs, the index's own answers) and so is the catalog, so a push shows up without a reload. A
 * push of many tags is one event per tag: each refresh runs at once for the first event and at
 * most once more per CHANGE_WINDOW_MS after it, per repository and for the catalog. The stream is
 * reopened after it ends or fails, waiting longer each time (at most a minute).
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { catalogKeys } from './catalog-queries';
import { createKeyedThrottle } from './keyed-throttle';
import { useRegistry } from './registry-context';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** A refresh of the catalog (up to ten index pages and every _catalog page) is not restarted more often. */
export const CHANGE_WINDOW_MS = 1_500;

export function useIndexChanges(): void {
  const { index, url } = useRegistry();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!index) return;
    const controller = new AbortController();
    const refreshRepository = createKeyedThrottle(CHANGE_WINDOW_MS, (name) => void queryClient.invalidateQueries({ queryKey: ['registry', url, 'repo', name] }));
    const refreshCatalog = createKeyedThrottle(CHANGE_WINDOW_MS, () => void queryClient.invalidateQueries({ queryKey: catalogKeys.all(url) }));
    let wait = FIRST_RETRY_MS;
    const follow = async () => {
      while (!controller.signal.aborted) {
        const opened = Date.now();
        await index
          .watch(
            (change) => {
              refreshRepository.call(change.repository);
              refreshCatalog.call('catalog');
            },
            { signal: controller.signal },
          )
          .catch(() => undefined);
        // A stream that stayed open a while was healthy: start the backoff over.
        wait = Date.now() - opened > MAX_RETRY_MS ? FIRST_RETRY_MS : Math.min(wait * 2, MAX_RETRY_MS);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    };
    void follow();
    return () => {
      controller.abort();
      refreshRepository.cancel();
      refreshCatalog.cancel();
    };
  }, [index, url, queryClient]);
}
