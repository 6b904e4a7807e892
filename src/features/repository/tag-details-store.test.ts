import { QueryClient } from '@tanstack/react-query';
import { repositoryQueries, requestKeys } from '../../queries/registry-queries';
import { createRequestQueue, type RequestQueue } from '../../queries/request-queue';
import type { RegistryClient } from '../../registry/client';
import type { ManifestHead } from '../../registry/types';
import { BACKGROUND_FLUSH_MS, FLUSH_MS, TagDetailsStore } from './tag-details-store';

const URL = 'https://registry.test';
const NAME = 'team/app';
const TAGS = Array.from({ length: 20 }, (_, i) => `v${i}`);

/** Requests that never answer: the test answers by putting data into the cache, when it wants. */
const silentClient = {
  headManifest: () => new Promise(() => undefined),
  getManifest: () => new Promise(() => undefined),
  getImageConfig: () => new Promise(() => undefined),
} as unknown as RegistryClient;

const digestOf = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

describe('TagDetailsStore snapshots', () => {
  let queryClient: QueryClient;
  let queue: RequestQueue;
  let store: TagDetailsStore;
  let snapshots: number;
  let stop: () => void;

  const answer = (tag: string, i: number) =>
    queryClient.setQueryData<ManifestHead>(['registry', URL, 'repo', NAME, 'tag', tag, 'head'], { digest: digestOf(i), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500 });

  beforeEach(() => {
    vi.useFakeTimers();
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    queue = createRequestQueue(6);
    store = new TagDetailsStore(queryClient, repositoryQueries(silentClient, URL, queue), NAME);
    stop = store.start();
    store.setTags(TAGS);
    snapshots = 0;
    store.subscribe(() => (snapshots += 1));
  });

  afterEach(() => {
    stop();
    queryClient.clear();
    vi.useRealTimers();
  });

  it('renders a burst of answers for rows out of view as one snapshot, after BACKGROUND_FLUSH_MS', async () => {
    // 20 answers 10 ms apart: at 30 ms per flush this was 7 snapshots (7 React commits).
    for (const [i, tag] of TAGS.entries()) {
      answer(tag, i);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(snapshots).toBe(0);
    await vi.advanceTimersByTimeAsync(BACKGROUND_FLUSH_MS - TAGS.length * 10);
    expect(snapshots).toBe(1);
    expect(store.getSnapshot().rows.every((row, i) => row.digest === digestOf(i))).toBe(true);
    await vi.advanceTimersByTimeAsync(BACKGROUND_FLUSH_MS * 4);
    expect(snapshots).toBe(1);
  });

  it('renders an answer for a row in view within FLUSH_MS', async () => {
    queue.focus([requestKeys.head(NAME, 'v3')]);
    answer('v3', 3);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(snapshots).toBe(1);
    expect(store.getSnapshot().rows[3]?.digest).toBe(digestOf(3));
  });

  it('brings a background snapshot forward when a row in view gets its answer, and renders both in it', async () => {
    answer('v10', 10);
    await vi.advanceTimersByTimeAsync(100);
    queue.focus([requestKeys.head(NAME, 'v0')]);
    answer('v0', 0);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(snapshots).toBe(1);
    const rows = store.getSnapshot().rows;
    expect([rows[0]?.digest, rows[10]?.digest]).toEqual([digestOf(0), digestOf(10)]);
    await vi.advanceTimersByTimeAsync(BACKGROUND_FLUSH_MS);
    expect(snapshots).toBe(1);
  });
});
