import { createStore, type UseStore } from 'idb-keyval';

/**
 * An idb-keyval store opened on first use. `open()` is null where IndexedDB is missing or refuses
 * to open (old private modes, some test environments), so callers keep their data in memory;
 * `reset()` forgets the handle (tests swap in a fresh IndexedDB between files).
 */
export function lazyKeyvalStore(dbName: string, storeName: string): { open(): UseStore | null; reset(): void } {
  let store: UseStore | null | undefined;
  return {
    open() {
      if (store === undefined) {
        try {
          store = typeof indexedDB === 'undefined' ? null : createStore(dbName, storeName);
        } catch {
          store = null;
        }
      }
      return store;
    },
    reset() {
      store = undefined;
    },
  };
}
