// @vitest-environment node
import type { DigestFacts } from './crawl-facts';
import { figuresFromCrawl } from './crawl-figures';

const facts = new Map<string, DigestFacts>([
  ['sha256:amd', { digest: 'sha256:amd', kind: 'image', blobs: [['sha256:c1', 10], ['sha256:base', 1000], ['sha256:app', 200]] }],
  ['sha256:arm', { digest: 'sha256:arm', kind: 'image', blobs: [['sha256:c2', 10], ['sha256:base', 1000]] }],
  ['sha256:multi', { digest: 'sha256:multi', kind: 'index', blobs: [], children: ['sha256:amd', 'sha256:arm'] }],
]);

describe('figuresFromCrawl', () => {
  it('counts tags and stores each distinct blob once per repository', () => {
    const { figures, crawledAt } = figuresFromCrawl(
      [
        { repository: 'app', tags: { v1: 'sha256:multi', latest: 'sha256:multi', amd: 'sha256:amd' }, crawledAt: 5 },
        { repository: 'blobs-only', tags: {}, missing: true, crawledAt: 7 },
      ],
      facts,
    );
    expect(figures.get('app')).toEqual({ tagCount: 3, sizeBytes: 1220 });
    expect(figures.get('blobs-only')).toEqual({ tagCount: 0 });
    expect(crawledAt).toBe(7);
  });

  it('leaves a size unknown rather than undercounting, and a count unknown when the list failed', () => {
    const { figures } = figuresFromCrawl(
      [
        { repository: 'gap', tags: { v1: 'sha256:unknown' }, crawledAt: 1 },
        { repository: 'failed-tag', tags: { v1: 'sha256:amd', v2: 'sha256:amd' }, failedTags: ['v2', 'v3'], crawledAt: 1 },
        { repository: 'no-list', tags: {}, failedTags: ['*'], crawledAt: 1 },
      ],
      facts,
    );
    expect(figures.get('gap')).toEqual({ tagCount: 1, sizeBytes: undefined });
    expect(figures.get('failed-tag')).toEqual({ tagCount: 3, sizeBytes: undefined });
    expect(figures.get('no-list')).toEqual({ tagCount: undefined, sizeBytes: undefined });
  });
});
