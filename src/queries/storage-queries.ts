/**
 * What Regatta keeps in this browser's IndexedDB, per store, and clearing one store. The stores are
 * imported for their evictors (storage-budget.ts): clearing works even before a page used them.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import './crawl-store';
import './immutable-cache';
import './ledger-store';
import { clearStore, storageBudget, storageUsage, type BudgetedStore } from './storage-budget';

/** Not rooted at a registry: the databases hold every registry's entries. */
export const storageKeys = { usage: ['browser-storage', 'usage'] as const };

export function storageUsageQuery() {
  return queryOptions({
    queryKey: storageKeys.usage,
    queryFn: async () => ({ stores: await storageUsage(), budget: storageBudget() }),
    staleTime: 0,
  });
}

export function clearStoreMutation(queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['browser-storage', 'clear'],
    mutationFn: (store: BudgetedStore) => clearStore(store),
    // What the pages read from these stores is gone too: read again from the registry.
    onSettled: () => queryClient.invalidateQueries(),
  });
}
