// The index's SQLite schema. `PRAGMA user_version` is the number of migrations applied; each
// migration runs in its own transaction, so a crash leaves the database at a known version.
import type Database from 'better-sqlite3';

/** Times are Unix milliseconds. Rows are per repository: the same digest in two repositories is two rows. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE repositories (
    name TEXT PRIMARY KEY,
    stamp TEXT,                 -- StorageReader.repositoryStamp at the last scan
    scanned_at INTEGER NOT NULL,
    last_push INTEGER           -- newest revision or tag link write
  ) WITHOUT ROWID;
  CREATE TABLE manifests (
    repo TEXT NOT NULL,
    digest TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,      -- the manifest's own bytes
    config_digest TEXT,
    created TEXT,               -- image config 'created', as written
    os TEXT, architecture TEXT, variant TEXT,
    subject TEXT,               -- OCI 1.1 referrer: the manifest it refers to
    pushed_at INTEGER NOT NULL, -- revision link folder created
    PRIMARY KEY (repo, digest)
  ) WITHOUT ROWID;
  CREATE INDEX manifests_digest ON manifests (digest);
  CREATE INDEX manifests_subject ON manifests (repo, subject) WHERE subject IS NOT NULL;
  CREATE TABLE index_children (
    repo TEXT NOT NULL, parent TEXT NOT NULL, child TEXT NOT NULL,
    position INTEGER NOT NULL,  -- order in the index's manifests[]
    PRIMARY KEY (repo, parent, child)
  ) WITHOUT ROWID;
  CREATE INDEX index_children_child ON index_children (repo, child);
  CREATE TABLE tags (
    repo TEXT NOT NULL, name TEXT NOT NULL, digest TEXT NOT NULL, updated_at INTEGER NOT NULL,
    PRIMARY KEY (repo, name)
  ) WITHOUT ROWID;
  CREATE INDEX tags_digest ON tags (repo, digest);
  CREATE INDEX tags_name ON tags (name);
  -- One row per (tag, digest): first_seen = earliest known time the tag pointed there,
  -- last_seen = when it last stopped pointing there, NULL while it still does.
  CREATE TABLE tag_history (
    repo TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,
    first_seen INTEGER NOT NULL, last_seen INTEGER,
    actor TEXT, source TEXT NOT NULL CHECK (source IN ('storage', 'event')),
    PRIMARY KEY (repo, tag, digest)
  ) WITHOUT ROWID;
  CREATE INDEX tag_history_digest ON tag_history (repo, digest);
  CREATE TABLE blob_refs (
    repo TEXT NOT NULL, manifest TEXT NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('config', 'layer')),
    PRIMARY KEY (repo, manifest, blob)
  ) WITHOUT ROWID;
  CREATE INDEX blob_refs_blob ON blob_refs (blob);
  CREATE TABLE labels (
    repo TEXT NOT NULL, manifest TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (repo, manifest, key)
  ) WITHOUT ROWID;
  CREATE INDEX labels_key_value ON labels (key, value);
  CREATE TABLE processed_events (id TEXT PRIMARY KEY, processed_at INTEGER NOT NULL) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: Database.Database): number {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > MIGRATIONS.length) throw new Error(`index database is at schema ${from}, newer than this build (${MIGRATIONS.length})`);
  for (let version = from; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return from;
}
