import { useMemo, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { isRegistryError } from '../registry/errors';

function isUnauthorized(error: unknown): boolean {
  return isRegistryError(error) && error.status === 401;
}

/** Keys rooted at another registry (['registry', otherUrl, …]) are that registry's business. */
function ofOtherRegistry(key: readonly unknown[] | undefined, registryUrl: string): boolean {
  return key?.[0] === 'registry' && key[1] !== registryUrl;
}

/** Time of the most recent 401 among this registry's queries and mutations, 0 when none is failing with 401. */
function latestUnauthorizedAt(queryClient: QueryClient, registryUrl: string): number {
  let latest = 0;
  for (const query of queryClient.getQueryCache().getAll()) {
    if (ofOtherRegistry(query.queryKey, registryUrl)) continue;
    const { status, error, errorUpdatedAt } = query.state;
    if (status === 'error' && isUnauthorized(error)) latest = Math.max(latest, errorUpdatedAt || 1);
  }
  for (const mutation of queryClient.getMutationCache().getAll()) {
    if (ofOtherRegistry(mutation.options.mutationKey, registryUrl)) continue;
    const { status, error, submittedAt } = mutation.state;
    if (status === 'error' && isUnauthorized(error)) latest = Math.max(latest, submittedAt || 1);
  }
  return latest;
}

/**
 * Rescanning the whole cache on every cache event is O(n²) while a repository resolves 2,000 tags
 * (seconds of main thread): only a query or mutation that fails with 401 now, or did, can change
 * the answer, so only those mark it for a rescan.
 */
function createUnauthorizedTracker(queryClient: QueryClient, registryUrl: string) {
  const failing = new Set<object>();
  let dirty = true;
  let latest = 0;
  const seen = (subject: object | undefined, state: { status: string; error: unknown } | undefined, removed: boolean): boolean => {
    if (!subject) return false;
    const unauthorized = !removed && state !== undefined && state.status === 'error' && isUnauthorized(state.error);
    if (!unauthorized && !failing.has(subject)) return false;
    if (unauthorized) failing.add(subject);
    else failing.delete(subject);
    dirty = true;
    return true;
  };
  return {
    subscribe(onChange: () => void) {
      const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
        if (seen(event.query, event.query.state, event.type === 'removed')) onChange();
      });
      const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
        if (seen(event.mutation, event.mutation?.state, event.type === 'removed')) onChange();
      });
      return () => {
        unsubscribeQueries();
        unsubscribeMutations();
      };
    },
    snapshot() {
      if (dirty) {
        latest = latestUnauthorizedAt(queryClient, registryUrl);
        dirty = false;
        // Whatever fails with 401 already (before we subscribed) must be noticed when it recovers.
        for (const query of queryClient.getQueryCache().getAll()) if (query.state.status === 'error' && isUnauthorized(query.state.error)) failing.add(query);
        for (const mutation of queryClient.getMutationCache().getAll()) if (mutation.state.status === 'error' && isUnauthorized(mutation.state.error)) failing.add(mutation);
      }
      return latest;
    },
  };
}

/**
 * Watches every query and mutation for a registry 401, wherever it happened, so one sign-in form
 * can serve the whole page while each failing area still shows its own ErrorPanel.
 */
export function useLatestUnauthorizedAt(registryUrl: string): number {
  const queryClient = useQueryClient();
  const tracker = useMemo(() => createUnauthorizedTracker(queryClient, registryUrl), [queryClient, registryUrl]);
  return useSyncExternalStore(tracker.subscribe, tracker.snapshot, tracker.snapshot);
}
