// Every write to the index database. Callers wrap calls in one transaction (db.transaction), so a
// repository's rescan, an event's facts and the event id land together or not at all.
import type Database from 'better-sqlite3';
import type { ManifestFacts } from './manifest-facts.ts';
import type { RepositorySnapshot } from './repository-snapshot.ts';
import { historyFromStorage } from './tag-history.ts';

export interface TagMove {
  repository: string;
  tag: string;
  digest: string;
  at: number;
  actor: string | null;
}

export class IndexWriter {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      repoStamp: p('SELECT stamp FROM repositories WHERE name = ?').pluck(),
      allStamps: p('SELECT name, stamp FROM repositories').raw(),
      upsertRepo: p(`INSERT INTO repositories (name, stamp, scanned_at, last_push) VALUES (?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET stamp = excluded.stamp, scanned_at = excluded.scanned_at, last_push = excluded.last_push`),
      deleteRepo: p('DELETE FROM repositories WHERE name = ?'),
      manifestDigests: p('SELECT digest FROM manifests WHERE repo = ?').pluck(),
      insertManifest: p(`INSERT INTO manifests (repo, digest, media_type, size, config_digest, created, os, architecture, variant, subject, pushed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertChild: p('INSERT OR IGNORE INTO index_children (repo, parent, child, position) VALUES (?, ?, ?, ?)'),
      insertBlobRef: p('INSERT OR IGNORE INTO blob_refs (repo, manifest, blob, size, kind) VALUES (?, ?, ?, ?, ?)'),
      insertLabel: p('INSERT OR REPLACE INTO labels (repo, manifest, key, value) VALUES (?, ?, ?, ?)'),
      deleteManifest: p('DELETE FROM manifests WHERE repo = ? AND digest = ?'),
      deleteChildren: p('DELETE FROM index_children WHERE repo = ? AND parent = ?'),
      deleteBlobRefs: p('DELETE FROM blob_refs WHERE repo = ? AND manifest = ?'),
      deleteLabels: p('DELETE FROM labels WHERE repo = ? AND manifest = ?'),
      deleteTags: p('DELETE FROM tags WHERE repo = ?'),
      insertTag: p('INSERT INTO tags (repo, name, digest, updated_at) VALUES (?, ?, ?, ?)'),
      mergeHistory: p(`INSERT INTO tag_history (repo, tag, digest, first_seen, last_seen, actor, source) VALUES (?, ?, ?, ?, ?, NULL, 'storage')
        ON CONFLICT (repo, tag, digest) DO UPDATE SET
          first_seen = min(first_seen, excluded.first_seen),
          last_seen = CASE WHEN excluded.last_seen IS NULL THEN NULL
                           WHEN last_seen IS NULL THEN excluded.last_seen
                           ELSE max(last_seen, excluded.last_seen) END`),
      openHistory: p('SELECT tag, digest FROM tag_history WHERE repo = ? AND last_seen IS NULL'),
      closeHistory: p('UPDATE tag_history SET last_seen = ? WHERE repo = ? AND tag = ? AND digest = ? AND last_seen IS NULL'),
      historyRow: p('SELECT last_seen FROM tag_history WHERE repo = ? AND tag = ? AND digest = ?'),
      eventHistory: p(`INSERT INTO tag_history (repo, tag, digest, first_seen, last_seen, actor, source) VALUES (?, ?, ?, ?, ?, ?, 'event')
        ON CONFLICT (repo, tag, digest) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen),
          actor = coalesce(excluded.actor, actor), source = 'event'`),
      eventSeen: p('SELECT 1 FROM processed_events WHERE id = ?').pluck(),
      insertEvent: p('INSERT OR IGNORE INTO processed_events (id, processed_at) VALUES (?, ?)'),
    };
  }

  stampOf(repository: string): string | null {
    return (this.s.repoStamp.get(repository) as string | undefined) ?? null;
  }

  /** Every indexed repository's stamp (null: never scanned from storage). */
  allStamps(): Map<string, string | null> {
    return new Map(this.s.allStamps.all() as [string, string | null][]);
  }

  knownDigests(repository: string): Set<string> {
    return new Set(this.s.manifestDigests.all(repository) as string[]);
  }

  /**
   * Makes the database say what the snapshot says. History is kept: a tag or manifest gone from
   * storage closes its open history rows at `at` instead of deleting them.
   * Returns whether anything but the scan time changed.
   */
  applySnapshot(snapshot: RepositorySnapshot, at: number): boolean {
    const { repository: repo, stamp } = snapshot;
    const before = this.stampOf(repo);
    if (stamp === null) {
      for (const digest of this.knownDigests(repo)) this.removeManifest(repo, digest);
      this.s.deleteTags.run(repo);
      this.closeOpenHistory(repo, new Set(), at);
      return this.s.deleteRepo.run(repo).changes > 0;
    }
    const known = this.knownDigests(repo);
    const present = new Set(snapshot.revisions.map((r) => r.digest));
    for (const digest of known) if (!present.has(digest)) this.removeManifest(repo, digest);
    for (const revision of snapshot.revisions) {
      const facts = snapshot.newFacts.get(revision.digest);
      if (!known.has(revision.digest) && facts) this.insertManifest(repo, revision.digest, facts, revision.createdMs);
    }

    this.s.deleteTags.run(repo);
    const current = new Set<string>();
    for (const tag of snapshot.tags) {
      if (tag.current) {
        this.s.insertTag.run(repo, tag.name, tag.current.digest, tag.current.writtenMs);
        current.add(`${tag.name}\n${tag.current.digest}`);
      }
      for (const period of historyFromStorage(tag)) this.s.mergeHistory.run(repo, tag.name, period.digest, period.firstSeen, period.lastSeen);
      // A current link whose digest is missing from the tag's index (an interrupted write): still history.
      if (tag.current && !tag.history.some((h) => h.digest === tag.current?.digest)) {
        this.s.mergeHistory.run(repo, tag.name, tag.current.digest, tag.current.writtenMs, null);
      }
    }
    this.closeOpenHistory(repo, current, at);

    const lastPush = Math.max(0, ...snapshot.revisions.map((r) => r.writtenMs), ...snapshot.tags.map((t) => t.current?.writtenMs ?? 0));
    this.s.upsertRepo.run(repo, stamp, at, lastPush || null);
    return before !== stamp;
  }

  /** The facts of a notification: who moved a tag, and when. Apply after the repository's snapshot. */
  recordTagMove({ repository, tag, digest, at, actor }: TagMove): void {
    const row = this.s.historyRow.get(repository, tag, digest) as { last_seen: number | null } | undefined;
    this.s.eventHistory.run(repository, tag, digest, at, row ? row.last_seen : at, actor);
  }

  /** Returns false when the id was recorded before (a replay). */
  markEventProcessed(id: string, at: number): boolean {
    return this.s.insertEvent.run(id, at).changes > 0;
  }

  wasProcessed(id: string): boolean {
    return this.s.eventSeen.get(id) !== undefined;
  }

  private closeOpenHistory(repo: string, current: Set<string>, at: number): void {
    for (const row of this.s.openHistory.all(repo) as { tag: string; digest: string }[]) {
      if (!current.has(`${row.tag}\n${row.digest}`)) this.s.closeHistory.run(at, repo, row.tag, row.digest);
    }
  }

  private insertManifest(repo: string, digest: string, facts: ManifestFacts, pushedAt: number): void {
    const { platform } = facts;
    this.s.insertManifest.run(repo, digest, facts.mediaType, facts.size, facts.configDigest, facts.created, platform?.os ?? null, platform?.architecture ?? null, platform?.variant ?? null, facts.subject, pushedAt);
    facts.children.forEach((child, position) => this.s.insertChild.run(repo, digest, child, position));
    for (const blob of facts.blobs) this.s.insertBlobRef.run(repo, digest, blob.digest, blob.size, blob.kind);
    for (const [key, value] of Object.entries(facts.labels)) this.s.insertLabel.run(repo, digest, key, value);
  }

  private removeManifest(repo: string, digest: string): void {
    this.s.deleteManifest.run(repo, digest);
    this.s.deleteChildren.run(repo, digest);
    this.s.deleteBlobRefs.run(repo, digest);
    this.s.deleteLabels.run(repo, digest);
  }
}
