/**
 * The audit's input from regatta-index instead of the browser crawl (pure): every repository the
 * caller may read (with its complete untagged count) and every tag with its image's facts, read
 * in bulk pages (/index/v1/repositories and /index/v1/tags) rather than one request per tag.
 */
import type { IndexRepositories, IndexTagListRow } from '../registry/index-client';
import type { AuditInput } from './audit';
import type { DigestFacts } from './crawl-facts';

export interface IndexAuditData {
  repositories: IndexRepositories['repositories'];
  tags: IndexTagListRow[];
}

export function auditInputFromIndex(data: IndexAuditData, readAt: number): Pick<AuditInput, 'repositories' | 'facts' | 'untagged'> {
  const tagsOf = new Map<string, Record<string, string>>();
  const facts = new Map<string, DigestFacts>();
  for (const row of data.tags) {
    let tags = tagsOf.get(row.repository);
    if (!tags) tagsOf.set(row.repository, (tags = {}));
    tags[row.tag] = row.digest;
    // A tag whose manifest the index has not read has no facts: the audit counts it incomplete.
    if (row.mediaType === null || facts.has(row.digest)) continue;
    // An index arrives flattened (its platforms' blobs): one image, as the audit counts it.
    facts.set(row.digest, { digest: row.digest, kind: 'image', blobs: row.blobs, ...(row.created ? { created: row.created } : {}) });
  }
  const names = new Set([...data.repositories.map((r) => r.name), ...tagsOf.keys()]);
  return {
    repositories: [...names].map((repository) => ({ repository, tags: tagsOf.get(repository) ?? {}, crawledAt: readAt })),
    facts,
    untagged: new Map(data.repositories.map((r) => [r.name, r.untaggedCount])),
  };
}
