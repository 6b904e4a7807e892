// Every read the API answers, straight from SQLite. Times leave as ISO strings.
import type Database from 'better-sqlite3';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface RepositoryRow {
  name: string;
  tagCount: number;
  manifestCount: number;
  /** Untagged manifests that are neither an index's child nor a referrer (what cleanup targets). */
  untaggedCount: number;
  /** Distinct blobs the repository's manifests reference, plus the manifests' own bytes. */
  sizeBytes: number;
  lastPush: string | null;
}

export interface PlatformRow {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ManifestRow {
  digest: string;
  mediaType: string;
  size: number;
  /** Config + layers (image); the sum over its children (index). */
  imageSize: number;
  created: string | null;
  platform: PlatformRow | null;
  subject: string | null;
  parentIndexes: string[];
  children: string[];
  tags: string[];
  pushedAt: string | null;
  /** Untagged manifests: when their last tag left them (from tag history), else when pushed. */
  untaggedSince: string | null;
  /** Bytes `garbage-collect` frees once this manifest alone is deleted (see index/README.md). */
  reclaimableBytes: number;
}

export interface TagRow {
  name: string;
  digest: string;
  mediaType: string | null;
  size: number | null;
  imageSize: number | null;
  created: string | null;
  platforms: PlatformRow[];
  updatedAt: string | null;
}

/** A tag of the bulk listing: what the audit and the cleanup dry run need of it, blobs included. */
export interface TagListRow {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string | null;
  imageSize: number | null;
  created: string | null;
  updatedAt: string | null;
  /** [digest, size] of config and layers (an index: its platforms'), configs first, each blob once. */
  blobs: [string, number][];
}

export interface HistoryRow {
  digest: string;
  firstSeen: string | null;
  lastSeen: string | null;
  current: boolean;
  actor: string | null;
  source: 'storage' | 'event';
  /** The manifest is still in the repository (a restore can re-tag it). */
  exists: boolean;
}

export interface SearchFilters {
  repository?: string;
  tag?: string;
  digest?: string;
  label?: { key: string; value: string };
  layer?: string;
}

export interface SearchHit {
  repository: string;
  digest: string;
  mediaType: string;
  tags: string[];
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface RawManifest {
  digest: string;
  media_type: string;
  size: number;
  created: string | null;
  os: string | null;
  architecture: string | null;
  variant: string | null;
  subject: string | null;
  pushed_at: number | null;
  blob_bytes: number;
}

const platformOf = (m: Pick<RawManifest, 'os' | 'architecture' | 'variant'>): PlatformRow | null =>
  m.os && m.architecture ? { os: m.os, architecture: m.architecture, ...(m.variant ? { variant: m.variant } : {}) } : null;

export class IndexQueries {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      repositories: p(`SELECT r.name, r.last_push,
          (SELECT count(*) FROM tags t WHERE t.repo = r.name) AS tag_count,
          (SELECT count(*) FROM manifests m WHERE m.repo = r.name) AS manifest_count,
          (SELECT count(*) FROM manifests m WHERE m.repo = r.name AND m.subject IS NULL
             AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.repo = m.repo AND t.digest = m.digest)
             AND NOT EXISTS (SELECT 1 FROM index_children c WHERE c.repo = m.repo AND c.child = m.digest)) AS untagged_count,
          (SELECT coalesce(sum(size), 0) FROM manifests m WHERE m.repo = r.name)
            + (SELECT coalesce(sum(size), 0) FROM (SELECT blob, max(size) AS size FROM blob_refs b WHERE b.repo = r.name GROUP BY blob)) AS size_bytes
        FROM repositories r
        WHERE r.name > @after AND (@namespace IS NULL OR r.name = @namespace OR r.name LIKE @below ESCAPE '\\')
        ORDER BY r.name LIMIT @limit`),
      repositoryExists: p('SELECT 1 FROM repositories WHERE name = ?').pluck(),
      manifests: p(`SELECT m.digest, m.media_type, m.size, m.created, m.os, m.architecture, m.variant, m.subject, m.pushed_at,
          (SELECT coalesce(sum(b.size), 0) FROM blob_refs b WHERE b.repo = m.repo AND b.manifest = m.digest) AS blob_bytes
        FROM manifests m WHERE m.repo = ? ORDER BY m.pushed_at DESC, m.digest`),
      children: p('SELECT parent, child FROM index_children WHERE repo = ? ORDER BY parent, position'),
      tags: p('SELECT name, digest, updated_at FROM tags WHERE repo = ? ORDER BY name'),
      lastUntagged: p(`SELECT digest, max(last_seen) AS last_seen FROM tag_history WHERE repo = ? AND last_seen IS NOT NULL GROUP BY digest`),
      // A blob is freed by GC only when no manifest of any repository (GC marks registry-wide) references it.
      reclaimable: p(`SELECT m.digest,
          CASE WHEN EXISTS (SELECT 1 FROM manifests o WHERE o.digest = m.digest AND o.repo <> m.repo) THEN 0 ELSE m.size END
          + coalesce((SELECT sum(b.size) FROM blob_refs b WHERE b.repo = m.repo AND b.manifest = m.digest
              AND NOT EXISTS (SELECT 1 FROM blob_refs o WHERE o.blob = b.blob AND (o.repo <> b.repo OR o.manifest <> b.manifest))
              AND NOT EXISTS (SELECT 1 FROM manifests o WHERE o.digest = b.blob)), 0) AS bytes
        FROM manifests m WHERE m.repo = ?`),
      tagPage: p(`SELECT t.repo, t.name, t.digest, t.updated_at, m.media_type, m.created
        FROM tags t LEFT JOIN manifests m ON m.repo = t.repo AND m.digest = t.digest
        WHERE (t.repo, t.name) > (@afterRepo, @afterTag) AND (@namespace IS NULL OR t.repo = @namespace OR t.repo LIKE @below ESCAPE '\\')
        ORDER BY t.repo, t.name LIMIT @limit`),
      ownBlobs: p(`SELECT blob, size, kind FROM blob_refs WHERE repo = ? AND manifest = ?`),
      childrenOf: p(`SELECT c.child, m.created FROM index_children c LEFT JOIN manifests m ON m.repo = c.repo AND m.digest = c.child
        WHERE c.repo = ? AND c.parent = ? ORDER BY c.position`),
      history: p(`SELECT h.digest, h.first_seen, h.last_seen, h.actor, h.source,
          EXISTS (SELECT 1 FROM manifests m WHERE m.repo = h.repo AND m.digest = h.digest) AS present
        FROM tag_history h WHERE h.repo = ? AND h.tag = ? ORDER BY h.last_seen IS NOT NULL, h.last_seen DESC, h.first_seen DESC`),
    };
  }

  /** Repositories after `after` in name order; `namespace` keeps `ns` and `ns/…`. */
  repositories({ after = '', namespace, limit }: { after?: string; namespace?: string; limit: number }): RepositoryRow[] {
    const ns = namespace?.replace(/\/+$/, '') || null;
    const rows = this.s.repositories.all({ after, namespace: ns, below: ns ? `${likeEscape(ns)}/%` : null, limit }) as {
      name: string;
      last_push: number | null;
      tag_count: number;
      manifest_count: number;
      untagged_count: number;
      size_bytes: number;
    }[];
    return rows.map((r) => ({ name: r.name, tagCount: r.tag_count, manifestCount: r.manifest_count, untaggedCount: r.untagged_count, sizeBytes: r.size_bytes, lastPush: iso(r.last_push) }));
  }

  hasRepository(name: string): boolean {
    return this.s.repositoryExists.get(name) !== undefined;
  }

  manifests(repo: string): ManifestRow[] {
    const { raw, parents, children, tagsOf, imageSize } = this.manifestFacts(repo);
    const untaggedAt = new Map((this.s.lastUntagged.all(repo) as { digest: string; last_seen: number }[]).map((r) => [r.digest, r.last_seen]));
    const reclaim = new Map((this.s.reclaimable.all(repo) as { digest: string; bytes: number }[]).map((r) => [r.digest, r.bytes]));
    return raw.map((m) => {
      const tags = tagsOf.get(m.digest) ?? [];
      return {
        digest: m.digest,
        mediaType: m.media_type,
        size: m.size,
        imageSize: imageSize(m),
        created: m.created,
        platform: platformOf(m),
        subject: m.subject,
        parentIndexes: parents.get(m.digest) ?? [],
        children: children.get(m.digest) ?? [],
        tags,
        pushedAt: iso(m.pushed_at),
        untaggedSince: tags.length > 0 ? null : iso(untaggedAt.get(m.digest) ?? m.pushed_at),
        reclaimableBytes: reclaim.get(m.digest) ?? 0,
      };
    });
  }

  /** What tags() and manifests() share; reclaimable bytes and untagged times are manifests()' alone (they cost most). */
  private manifestFacts(repo: string) {
    const raw = this.s.manifests.all(repo) as RawManifest[];
    const byDigest = new Map(raw.map((m) => [m.digest, m]));
    const parents = new Map<string, string[]>();
    const children = new Map<string, string[]>();
    for (const { parent, child } of this.s.children.all(repo) as { parent: string; child: string }[]) {
      parents.set(child, [...(parents.get(child) ?? []), parent]);
      children.set(parent, [...(children.get(parent) ?? []), child]);
    }
    const tagRows = this.s.tags.all(repo) as { name: string; digest: string; updated_at: number }[];
    const tagsOf = new Map<string, string[]>();
    for (const tag of tagRows) {
      const names = tagsOf.get(tag.digest);
      if (names) names.push(tag.name);
      else tagsOf.set(tag.digest, [tag.name]);
    }
    const imageSize = (m: RawManifest) => m.blob_bytes + (children.get(m.digest) ?? []).reduce((sum, c) => sum + (byDigest.get(c)?.blob_bytes ?? 0), 0);
    return { raw, byDigest, parents, children, tagRows, tagsOf, imageSize };
  }

  tags(repo: string): TagRow[] {
    const { byDigest, children, tagRows, imageSize } = this.manifestFacts(repo);
    return tagRows.map((tag) => {
      const m = byDigest.get(tag.digest);
      const kids = (children.get(tag.digest) ?? []).flatMap((c) => byDigest.get(c) ?? []);
      const platform = m ? platformOf(m) : null;
      const childCreated = kids.map((c) => c.created).filter((c): c is string => !!c).sort();
      return {
        name: tag.name,
        digest: tag.digest,
        mediaType: m?.media_type ?? null,
        size: m?.size ?? null,
        imageSize: m ? imageSize(m) : null,
        created: m?.created ?? childCreated.at(-1) ?? null,
        platforms: platform ? [platform] : kids.map(platformOf).filter((p): p is PlatformRow => !!p),
        updatedAt: iso(tag.updated_at),
      };
    });
  }

  /**
   * Tags of every repository (or of a namespace) after `after`, in (repository, tag) order, with
   * the image facts of their digests: one query per page instead of one request per repository.
   */
  tagList({ after, namespace, limit }: { after?: { repository: string; tag: string }; namespace?: string; limit: number }): TagListRow[] {
    const ns = namespace?.replace(/\/+$/, '') || null;
    const rows = this.s.tagPage.all({ afterRepo: after?.repository ?? '', afterTag: after?.tag ?? '', namespace: ns, below: ns ? `${likeEscape(ns)}/%` : null, limit }) as {
      repo: string;
      name: string;
      digest: string;
      updated_at: number;
      media_type: string | null;
      created: string | null;
    }[];
    const facts = new Map<string, { imageSize: number; created: string | null; blobs: [string, number][] }>();
    const factsOf = (repo: string, digest: string, created: string | null) => {
      const key = `${repo}@${digest}`;
      const known = facts.get(key);
      if (known) return known;
      type Blob = { blob: string; size: number; kind: 'config' | 'layer' };
      const parts: Blob[][] = [this.s.ownBlobs.all(repo, digest) as Blob[]];
      let newestChild: string | null = null;
      for (const child of this.s.childrenOf.all(repo, digest) as { child: string; created: string | null }[]) {
        parts.push(this.s.ownBlobs.all(repo, child.child) as Blob[]);
        if (child.created && (newestChild === null || child.created > newestChild)) newestChild = child.created;
      }
      const all = parts.flat();
      const blobs = new Map<string, number>();
      for (const b of [...all.filter((b) => b.kind === 'config'), ...all.filter((b) => b.kind === 'layer')]) if (!blobs.has(b.blob)) blobs.set(b.blob, b.size);
      // Summed per manifest like the per-repository listings: a blob two platforms share counts twice there too.
      const found = { imageSize: all.reduce((sum, b) => sum + b.size, 0), created: created ?? newestChild, blobs: [...blobs] };
      facts.set(key, found);
      return found;
    };
    return rows.map((r) => {
      const known = r.media_type === null ? null : factsOf(r.repo, r.digest, r.created);
      return {
        repository: r.repo,
        tag: r.name,
        digest: r.digest,
        mediaType: r.media_type,
        imageSize: known?.imageSize ?? null,
        created: known?.created ?? null,
        updatedAt: iso(r.updated_at),
        blobs: known?.blobs ?? [],
      };
    });
  }

  history(repo: string, tag: string): HistoryRow[] {
    return (
      this.s.history.all(repo, tag) as { digest: string; first_seen: number; last_seen: number | null; actor: string | null; source: 'storage' | 'event'; present: number }[]
    ).map((h) => ({
      digest: h.digest,
      firstSeen: iso(h.first_seen),
      lastSeen: iso(h.last_seen),
      current: h.last_seen === null,
      actor: h.actor,
      source: h.source,
      exists: h.present === 1,
    }));
  }

  /** Manifests matching every given filter, in (repository, digest) order after `after`. */
  search(filters: SearchFilters, { after, limit }: { after?: { repository: string; digest: string }; limit: number }): SearchHit[] {
    const where: string[] = ['(m.repo, m.digest) > (@afterRepo, @afterDigest)'];
    const params: Record<string, string | number> = { afterRepo: after?.repository ?? '', afterDigest: after?.digest ?? '', limit };
    if (filters.repository) {
      where.push("m.repo LIKE @repository ESCAPE '\\'");
      params.repository = `%${likeEscape(filters.repository)}%`;
    }
    if (filters.tag) {
      where.push("EXISTS (SELECT 1 FROM tags t WHERE t.repo = m.repo AND t.digest = m.digest AND t.name LIKE @tag ESCAPE '\\')");
      params.tag = `${likeEscape(filters.tag)}%`;
    }
    if (filters.digest) {
      where.push("m.digest LIKE @digest ESCAPE '\\'");
      params.digest = `${likeEscape(filters.digest.startsWith('sha256:') ? filters.digest : `sha256:${filters.digest}`)}%`;
    }
    if (filters.label) {
      where.push('EXISTS (SELECT 1 FROM labels l WHERE l.repo = m.repo AND l.manifest = m.digest AND l.key = @labelKey AND l.value = @labelValue)');
      params.labelKey = filters.label.key;
      params.labelValue = filters.label.value;
    }
    if (filters.layer) {
      where.push('m.digest IN (SELECT b.manifest FROM blob_refs b WHERE b.repo = m.repo AND b.blob = @layer)');
      params.layer = filters.layer;
    }
    const rows = this.db
      .prepare(`SELECT m.repo, m.digest, m.media_type, (SELECT group_concat(t.name, char(10)) FROM tags t WHERE t.repo = m.repo AND t.digest = m.digest) AS tag_names
        FROM manifests m WHERE ${where.join(' AND ')} ORDER BY m.repo, m.digest LIMIT @limit`)
      .all(params) as { repo: string; digest: string; media_type: string; tag_names: string | null }[];
    return rows.map((r) => ({ repository: r.repo, digest: r.digest, mediaType: r.media_type, tags: r.tag_names ? r.tag_names.split('\n').sort() : [] }));
  }
}
