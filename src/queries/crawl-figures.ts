/**
 * Per-repository figures for the catalog tree from what the audit's crawl stored (IndexedDB), for
 * registries without a working index. Pure apart from `readCrawlFigures`; loaded by dynamic
 * `import()` so the audit's arithmetic stays out of the catalog page's first load.
 */
import type { RepositoryFigures } from '../registry/namespace-tree';
import { createImageResolver } from './audit';
import type { DigestFacts } from './crawl-facts';
import { readSnapshot, type CrawledRepository } from './crawl-store';

export interface CrawlFigures {
  figures: Map<string, RepositoryFigures>;
  /** Epoch ms of the newest crawl record used; undefined when nothing was crawled. */
  crawledAt: number | undefined;
}

/**
 * Tag count and stored size (distinct config and layer blobs, as the audit's "stored") per crawled
 * repository. A figure the crawl could not fully read is left out rather than undercounted; the
 * crawl never learns push times, so `lastPush` stays unknown.
 */
export function figuresFromCrawl(repositories: readonly Pick<CrawledRepository, 'repository' | 'tags' | 'failedTags' | 'missing' | 'crawledAt'>[], facts: ReadonlyMap<string, DigestFacts>): CrawlFigures {
  const resolve = createImageResolver(facts);
  const figures = new Map<string, RepositoryFigures>();
  let crawledAt: number | undefined;
  for (const record of repositories) {
    crawledAt = Math.max(crawledAt ?? 0, record.crawledAt);
    if (record.missing) {
      figures.set(record.repository, { tagCount: 0 });
      continue;
    }
    const failed = record.failedTags ?? [];
    // '*': the tag list itself could not be read, so even the count is unknown.
    // A tag whose content was unreadable is in both lists: count names once.
    const tagCount = failed.includes('*') ? undefined : new Set([...Object.keys(record.tags), ...failed]).size;
    let sizeBytes: number | undefined;
    if (failed.length === 0) {
      const blobs = new Map<string, number>();
      let complete = true;
      for (const digest of new Set(Object.values(record.tags))) {
        const image = resolve(digest);
        if (!image.complete) complete = false;
        for (const [blob, size] of image.blobs) blobs.set(blob, size);
      }
      if (complete) sizeBytes = [...blobs.values()].reduce((sum, size) => sum + size, 0);
    }
    figures.set(record.repository, { tagCount, sizeBytes });
  }
  return { figures, crawledAt };
}

export async function readCrawlFigures(registryUrl: string): Promise<CrawlFigures> {
  const snapshot = await readSnapshot(registryUrl);
  return figuresFromCrawl(snapshot.repositories, snapshot.facts);
}
