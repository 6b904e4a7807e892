import { act, renderHook } from '@testing-library/react';
import type { DigestFacts } from '../../queries/crawl-facts';
import { compileRules } from '../../queries/naming-rules';
import { createCrawlFeed } from './crawl-feed';
import { useRunningAudit } from './use-running-audit';

const d = (n: string) => `sha256:${n.padStart(64, '0')}`;
const image = (digest: string, blobs: [string, number][]): DigestFacts => ({ digest, kind: 'image', blobs, created: '2026-01-01T00:00:00Z' });
const settings = { now: Date.parse('2026-03-01T00:00:00Z'), staleDays: 90, rules: compileRules() };
const record = (repository: string, tags: Record<string, string>) => ({ registryUrl: 'u', repository, tags, crawledAt: 1 });

afterEach(() => vi.useRealTimers());

describe('useRunningAudit', () => {
  it('adds each batch the crawl writes to the stored figures, and an audit mounted later catches up', () => {
    vi.useFakeTimers();
    const stored = {
      repositories: [record('team/web', { v1: d('1') })],
      facts: new Map([[d('1'), image(d('1'), [[d('c1'), 10], [d('base'), 1000]])]]),
    };
    const feed = createCrawlFeed();
    feed.restart();
    const { result } = renderHook(() => useRunningAudit(stored, settings, '', feed));
    expect(result.current?.root).toMatchObject({ repositories: 1, storedBytes: 1010 });

    // A batch: a new repository sharing the base layer, with the facts of its new image.
    act(() => feed.push([record('team/api', { v1: d('2') })], [image(d('2'), [[d('c2'), 20], [d('base'), 1000]])]));
    // rendered at most once a second, not per batch
    expect(result.current?.root).toMatchObject({ repositories: 1 });
    act(() => void vi.advanceTimersByTime(1000));
    expect(result.current?.root).toMatchObject({ repositories: 2, storedBytes: 1030, logicalBytes: 2030 });
    expect(result.current?.root.children.map((c) => c.path)).toEqual(['team']);
    expect(result.current?.shared).toMatchObject([{ digest: d('base'), images: 2, savedBytes: 1000 }]);

    // team/web crawled again, now on the second image: replaced, not added; the crawl's end shows it at once
    act(() => feed.push([record('team/web', { v2: d('2') })], []));
    act(() => feed.settle());
    expect(result.current?.root).toMatchObject({ repositories: 2, tags: 2, images: 1, storedBytes: 1020 });

    // zooming in mid-crawl: a new audit of team/ starts from the same stored crawl and the batches so far
    const zoomed = renderHook(() => useRunningAudit(stored, settings, 'team', feed));
    expect(zoomed.result.current?.root).toMatchObject({ path: 'team', repositories: 2, images: 1, storedBytes: 1020 });
  });
});
