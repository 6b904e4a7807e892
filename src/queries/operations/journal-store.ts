/**
 * The operation journal in IndexedDB (idb-keyval, its own database): a safe untag writes each step
 * here before sending it, so a tab closed between "throwaway under the tag" and "throwaway deleted"
 * leaves a record the next start finishes (recover-untags.ts). Without IndexedDB the journal lives
 * in memory: nothing survives the tab then, but nothing breaks either.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { UntagJournalEntry } from './decisions';
import type { OperationJournal } from './executor';

const DB_NAME = 'regatta-journal';
const STORE_NAME = 'untags';

let store: UseStore | null | undefined;
const memory = new Map<string, UntagJournalEntry>();

function idb(): UseStore | null {
  if (store === undefined) store = typeof indexedDB === 'undefined' ? null : createStore(DB_NAME, STORE_NAME);
  return store;
}

/** The browser's journal: writes are awaited, so an entry is on disk before its request is sent. */
export const untagJournal: OperationJournal = {
  async write(entry) {
    memory.set(entry.id, entry);
    const db = idb();
    if (db) await set(entry.id, entry, db).catch(() => undefined);
  },
  async remove(id) {
    memory.delete(id);
    const db = idb();
    if (db) await del(id, db).catch(() => undefined);
  },
};

/** Entries left for a registry (by an earlier tab, or this one before it crashed). */
export async function pendingUntags(registry: string): Promise<UntagJournalEntry[]> {
  const db = idb();
  let all: UntagJournalEntry[] = [...memory.values()];
  if (db) {
    try {
      all = (await entries<string, UntagJournalEntry>(db)).map(([, entry]) => entry);
    } catch {
      // IndexedDB refused: what this session wrote is still in memory.
    }
  }
  return all.filter((entry) => entry.registry === registry).sort((a, b) => a.at - b.at);
}

export function resetJournalForTests(): void {
  store = undefined;
  memory.clear();
}
