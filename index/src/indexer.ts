// Keeps the database in step with storage: the backfill and reconcile (every repository whose
// stamp changed), and rescans of the repositories a notification names.
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { IndexWriter, type TagMove } from './index-writer.ts';
import { readSnapshot, type RepositorySnapshot } from './repository-snapshot.ts';
import { serialQueue } from './serial-queue.ts';
import type { StorageReader } from './storage-reader.ts';

export interface Change {
  repository: string;
  /** 'scan': storage differed from the index; 'event': a notification was applied. */
  cause: 'scan' | 'event';
  at: number;
}

export interface BackfillStats {
  repositories: number;
  scanned: number;
  unchanged: number;
  removed: number;
  ms: number;
}

/**
 * File times come from the kernel's coarse clock (a tick of a few ms), event times from the
 * registry's fine one: a current link written just after the event can carry an earlier time.
 */
const LINK_CLOCK_SLACK_MS = 50;

/**
 * The tag's links do not show the pushed digest yet: no index entry for it, its index entry
 * written after the current link (the current link is written last), or the current link older
 * than the event. The last case is a restore: the tag points back at a digest it held before, so
 * its index entry is old. A tag that moved on to a newer digest has its current link written after
 * the event, so it does not wait.
 */
export function moveInFlight(snapshot: RepositorySnapshot, move: TagMove): boolean {
  if (snapshot.stamp === null || !snapshot.revisions.some((r) => r.digest === move.digest)) return false;
  const tag = snapshot.tags.find((t) => t.name === move.tag);
  if (!tag) return true;
  if (tag.current?.digest === move.digest) return false;
  const entry = tag.history.find((h) => h.digest === move.digest);
  if (!entry || !tag.current) return true;
  return entry.writtenMs >= tag.current.writtenMs || tag.current.writtenMs < move.at - LINK_CLOCK_SLACK_MS;
}

/** A notification reduced to what the index applies. */
export interface IndexEvent {
  id: string;
  repository: string;
  at: number;
  /** A push by tag: who pointed the tag at the digest. */
  move: TagMove | null;
}

/** Repositories whose snapshots are applied in one transaction during a backfill. */
const BATCH = 50;
/** Repositories read from storage at once during a backfill. */
const SCAN_CONCURRENCY = 16;

export class Indexer {
  readonly changes = new EventEmitter<{ change: [Change] }>();
  private readonly writer: IndexWriter;
  private readonly serial = serialQueue();
  private stopping = false;

  constructor(
    private readonly db: Database.Database,
    private readonly reader: StorageReader,
    private readonly warn: (message: string) => void = (m) => console.warn(`[index] ${m}`),
    private readonly settleMs = 3_000,
  ) {
    this.writer = new IndexWriter(db);
  }

  /**
   * Walks every repository in storage. Without `force`, a repository whose stamp equals the one
   * stored at its last scan is skipped without reading its links or blobs (the incremental
   * rescan); a repository the database holds but storage no longer does is removed.
   */
  backfill({ force = false } = {}): Promise<BackfillStats> {
    return this.serial(async () => {
      const started = performance.now();
      const stats: BackfillStats = { repositories: 0, scanned: 0, unchanged: 0, removed: 0, ms: 0 };
      // Every stamp the index holds, read once: per-repository lookups were a visible share of a
      // cold backfill. What is left in it after the walk is gone from storage.
      const stored = this.writer.allStamps();
      let batch: RepositorySnapshot[] = [];
      const flush = () => {
        const snapshots = batch;
        batch = [];
        this.applyAll(snapshots, Date.now(), 'scan');
      };
      // Up to SCAN_CONCURRENCY reads overlap: that pays for a reader with latency (object storage);
      // the filesystem reader's metadata calls are synchronous. Applying stays synchronous.
      const inFlight = new Set<Promise<void>>();
      let failure: unknown = null;
      for await (const repository of this.reader.repositories()) {
        if (this.stopping) break;
        stats.repositories++;
        const indexed = stored.has(repository);
        const storedStamp = stored.get(repository) ?? null;
        stored.delete(repository);
        const task = (async () => {
          const stamp = await this.reader.repositoryStamp(repository);
          if (!force && stamp !== null && stamp === storedStamp) {
            stats.unchanged++;
            return;
          }
          // Awaited first: `batch` is replaced by every flush, and a push must reach the current one.
          const snapshot = await this.snapshot(repository, stamp, indexed);
          batch.push(snapshot);
          stats.scanned++;
          if (batch.length >= BATCH) flush();
        })().catch((error: unknown) => {
          failure ??= error;
        });
        inFlight.add(task);
        void task.finally(() => inFlight.delete(task));
        if (inFlight.size >= SCAN_CONCURRENCY) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      flush();
      if (failure) throw failure;
      // An interrupted walk has not seen every repository: remove nothing.
      const gone = this.stopping ? [] : [...stored.keys()];
      this.applyAll(gone.map((repository) => ({ repository, stamp: null, revisions: [], tags: [], newFacts: new Map() })), Date.now(), 'scan');
      stats.removed = gone.length;
      stats.ms = Math.round(performance.now() - started);
      return stats;
    });
  }

  /**
   * Rescans the repositories the events name from storage and applies them, the events' tag moves
   * and their ids in one transaction; resolves after the commit. Events whose id was processed
   * before are skipped (a replay changes nothing). Returns the ids applied now.
   */
  applyEvents(events: IndexEvent[]): Promise<string[]> {
    return this.serial(async () => {
      const fresh = [...new Map(events.map((e) => [e.id, e])).values()].filter((e) => !this.writer.wasProcessed(e.id));
      if (fresh.length === 0) return [];
      const at = Math.max(...fresh.map((e) => e.at));
      const snapshots: RepositorySnapshot[] = [];
      for (const repository of new Set(fresh.map((e) => e.repository))) {
        snapshots.push(await this.settledSnapshot(repository, fresh.flatMap((e) => (e.move && e.repository === repository ? [e.move] : []))));
      }
      const changed = this.db.transaction(() => {
        const touched = new Set(snapshots.filter((s) => this.writer.applySnapshot(s, at)).map((s) => s.repository));
        for (const event of fresh) {
          if (event.move) {
            this.writer.recordTagMove(event.move);
            touched.add(event.repository);
          }
          this.writer.markEventProcessed(event.id, Date.now());
        }
        return touched;
      })();
      for (const repository of changed) this.changes.emit('change', { repository, cause: 'event', at });
      return fresh.map((e) => e.id);
    });
  }

  /** Ends a running backfill early (what it committed stays) and resolves when the writes queued so far are done. */
  stop(): Promise<void> {
    this.stopping = true;
    return this.serial(async () => undefined);
  }

  /**
   * distribution queues a push event when the manifest is stored, before it writes the tag's
   * links (index entry, then current): a snapshot read at once can miss the move. Reads again
   * (every 100 ms, up to `settleMs`) while a pushed tag's move is still in flight; past that, the
   * reconcile catches up.
   */
  private async settledSnapshot(repository: string, moves: TagMove[]): Promise<RepositorySnapshot> {
    const deadline = Date.now() + this.settleMs;
    for (;;) {
      const snapshot = await this.snapshot(repository);
      if (!moves.some((move) => moveInFlight(snapshot, move)) || Date.now() >= deadline) return snapshot;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** `indexed: false`: the index holds nothing of the repository, so no digest needs looking up. */
  private snapshot(repository: string, stamp?: string | null, indexed = true): Promise<RepositorySnapshot> {
    const known = indexed ? this.writer.knownDigests(repository) : new Set<string>();
    return readSnapshot(this.reader, repository, (digest) => known.has(digest), this.warn, stamp);
  }

  private applyAll(snapshots: RepositorySnapshot[], at: number, cause: Change['cause']): void {
    if (snapshots.length === 0) return;
    const changed = this.db.transaction(() => snapshots.filter((s) => this.writer.applySnapshot(s, at)).map((s) => s.repository))();
    for (const repository of changed) this.changes.emit('change', { repository, cause, at });
  }
}
