import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';

/**
 * WAL with synchronous=NORMAL: a commit survives a crash of the index (the registry's retries
 * and the reconcile cover a power loss, which may lose the last commits).
 */
export function openIndexDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 64 MiB of page cache instead of SQLite's 2 MiB: a backfill inserts into indexes keyed by
  // random digests (manifests, blob_refs), and with a small cache each insert re-reads pages.
  db.pragma('cache_size = -65536');
  migrate(db);
  return db;
}
