/**
 * The batches a running crawl has written, handed from the crawl (use-crawl.ts) to the audit on
 * screen (use-running-audit.ts), which adds each to its running figures. Kept until the next crawl
 * starts, so an audit mounted mid-crawl (zooming into a namespace) catches up with what was
 * written since the stored crawl was read; adding a batch twice changes nothing (a repository's
 * figures are replaced, not added again).
 */
import type { DigestFacts } from '../../queries/crawl-facts';
import type { CrawledRepository } from '../../queries/crawl-store';
import type { RunningAudit } from '../../queries/running-audit';

export interface CrawlFeed {
  /** Bumped when a crawl starts: what an audit read before belongs to the previous crawl. */
  readonly generation: number;
  readonly records: readonly CrawledRepository[];
  readonly facts: readonly DigestFacts[];
  push(records: readonly CrawledRepository[], facts: readonly DigestFacts[]): void;
  /** The crawl ended (done, cancelled, failed): listeners show what they have now. */
  settle(): void;
  restart(): void;
  /** `settled`: the crawl ended, no more batches are coming. */
  subscribe(listener: (settled: boolean) => void): () => void;
}

export function createCrawlFeed(): CrawlFeed {
  let generation = 0;
  let records: CrawledRepository[] = [];
  let facts: DigestFacts[] = [];
  const listeners = new Set<(settled: boolean) => void>();
  return {
    get generation() {
      return generation;
    },
    get records() {
      return records;
    },
    get facts() {
      return facts;
    },
    push(batch, learnt) {
      records.push(...batch);
      facts.push(...learnt);
      for (const listener of listeners) listener(false);
    },
    settle() {
      for (const listener of listeners) listener(true);
    },
    restart() {
      generation += 1;
      records = [];
      facts = [];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** How far one running audit has read a feed. */
export class FeedReader {
  private generation = -1;
  private records = 0;
  private facts = 0;

  /** Adds what the feed holds beyond what was read; false when there was nothing new. */
  catchUp(feed: CrawlFeed, audit: RunningAudit): boolean {
    if (feed.generation !== this.generation) {
      this.generation = feed.generation;
      this.records = 0;
      this.facts = 0;
    }
    if (this.records === feed.records.length && this.facts === feed.facts.length) return false;
    audit.apply(feed.records.slice(this.records), feed.facts.slice(this.facts));
    this.records = feed.records.length;
    this.facts = feed.facts.length;
    return true;
  }
}
