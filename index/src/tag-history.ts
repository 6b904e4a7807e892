// A tag's history as storage tells it: `index/sha256/<hex>/link` per digest the tag pointed to.
// The link's folder was created the first time the tag pointed there; the link file is rewritten
// each time it points there again; so sorting by link write time gives the order of the last
// periods, and each period ends when the next link was written.
import type { StoredTag } from './storage-reader.ts';

export interface HistoryPeriod {
  digest: string;
  firstSeen: number;
  /** null: the tag points there now. */
  lastSeen: number | null;
}

export function historyFromStorage(tag: StoredTag): HistoryPeriod[] {
  const entries = [...tag.history].sort((a, b) => a.writtenMs - b.writtenMs || a.digest.localeCompare(b.digest));
  return entries.map((entry, i) => {
    const next = entries[i + 1];
    const isCurrent = tag.current?.digest === entry.digest;
    // A deleted tag (no current link) ended at an unknown time: its last write is a lower bound.
    const lastSeen = isCurrent ? null : (next?.writtenMs ?? entry.writtenMs);
    return { digest: entry.digest, firstSeen: Math.min(entry.createdMs, entry.writtenMs), lastSeen };
  });
}
