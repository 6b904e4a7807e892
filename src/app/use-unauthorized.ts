import { useCallback, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isRegistryError } from '../registry/errors';

function isUnauthorized(error: unknown): boolean {
  return isRegistryError(error) && error.status === 401;
}

/** Time of the most recent 401 among queries and mutations, 0 when none is failing with 401. */
function latestUnauthorizedAt(queryClient: QueryClient): number {
  let latest = 0;
  for (const query of queryClient.getQueryCache().getAll()) {
    const { status, error, errorUpdatedAt } = query.state;
    if (status === 'error' && isUnauthorized(error)) latest = Math.max(latest, errorUpdatedAt || 1);
  }
  for (const mutation of queryClient.getMutationCache().getAll()) {
    const { status, error, submittedAt } = mutation.state;
    if (status === 'error' && isUnauthorized(error)) latest = Math.max(latest, submittedAt || 1);
  }
  return latest;
}

/**
 * Watches every query and mutation for a registry 401, wherever it happened, so one sign-in form
 * can serve the whole page while each failing area still shows its own ErrorPanel.
 */
export function useLatestUnauthorizedAt(): number {
  const queryClient = useQueryClient();
  const subscribe = useCallback(
    (onChange: () => void) => {
      const unsubscribeQueries = queryClient.getQueryCache().subscribe(onChange);
      const unsubscribeMutations = queryClient.getMutationCache().subscribe(onChange);
      return () => {
        unsubscribeQueries();
        unsubscribeMutations();
      };
    },
    [queryClient],
  );
  const snapshot = useCallback(() => latestUnauthorizedAt(queryClient), [queryClient]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
