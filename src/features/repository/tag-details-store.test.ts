import { QueryClient } from '@tanstack/react-query';
import { repositoryQueries, requestKeys } from '../../queries/registry-queries';
import { createRequestQueue, type RequestQueue } from '../../queries/request-queue';
import type { RegistryClient } from '../../registry/client';
import type { ManifestHead } from '../../registry/types';
import type { ImageSummary } from '../../queries/image-summary';
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
const headOf = (i: number): ManifestHead => ({ digest: digestOf(i), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500 });

/** A started store on a fresh query client (fake timers): nothing answers until a test puts data in the cache. */
function startStore() {
  vi.useFakeTimers();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const queue = createRequestQueue(6);
  const store = new TagDetailsStore(queryClient, repositoryQueries(silentClient, URL, queue), NAME);
  return { queryClient, queue, store, stop: store.start() };
}

describe('TagDetailsStore snapshots', () => {
  let queryClient: QueryClient;
  let queue: RequestQueue;
  let store: TagDetailsStore;
  let snapshots: number;
  let stop: () => void;

  const answer = (tag: string, i: number) =>
    queryClient.setQueryData<ManifestHead>(['registry', URL, 'repo', NAME, 'tag', tag, 'head'], headOf(i));

  beforeEach(() => {
    ({ queryClient, queue, store, stop } = startStore());
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

describe('TagDetailsStore on a revisit from a remembered table', () => {
  let queryClient: QueryClient;
  let queue: RequestQueue;
  let store: TagDetailsStore;
  let stop: () => void;

  const summaryOf = (i: number): ImageSummary => ({
    kind: 'image',
    size: 1000 + i,
    created: '2026-02-03T04:05:06Z',
    platforms: [{ os: 'linux', architecture: 'amd64', digest: digestOf(i), size: 1000 + i, created: '2026-02-03T04:05:06Z' }],
    complete: true,
  });
  const remembered = new Map(TAGS.map((tag, i) => [tag, headOf(i)]));
  const summaries = new Map(TAGS.map((_, i) => [digestOf(i), summaryOf(i)]));
  /** Cache entries by digest (manifests, configs): each one is a read (IndexedDB, else the registry). */
  const contentQueries = () => queryClient.getQueryCache().getAll().filter((query) => query.queryKey.includes('manifest') || query.queryKey.includes('config'));

  beforeEach(() => {
    ({ queryClient, queue, store, stop } = startStore());
  });

  afterEach(() => {
    stop();
    queryClient.clear();
    vi.useRealTimers();
  });

  it('fills every row from the remembered summaries, marked checking, without reading any manifest or config', () => {
    store.setTags(TAGS, new Map(), remembered, summaries);
    const rows = store.getSnapshot().rows;
    expect(rows.map((row) => [row.digest, row.summary, row.checking])).toEqual(TAGS.map((_, i) => [digestOf(i), summaries.get(digestOf(i)), true]));
    // Same object: a memoized row does not re-render when its HEAD confirms it.
    expect(rows[0]?.summary).toBe(summaries.get(digestOf(0)));
    expect(store.getSnapshot().resolved).toBe(0);
    expect(contentQueries()).toEqual([]);
  });

  it('queues the HEADs only after the remembered rows are in a snapshot', async () => {
    let rowsWhenNotified: number | undefined;
    store.subscribe(() => (rowsWhenNotified ??= store.getSnapshot().rows.filter((row) => row.summary).length));
    store.setTags(TAGS, new Map(), remembered, summaries);
    expect(rowsWhenNotified).toBe(TAGS.length);
    expect(queue.active + queue.pending).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.active + queue.pending).toBe(TAGS.length);
  });

  it('settles a row whose HEAD confirms the remembered digest with no further read; a moved tag reads its new image', async () => {
    store.setTags(TAGS, new Map(), remembered, summaries);
    await vi.advanceTimersByTimeAsync(0);
    queryClient.setQueryData<ManifestHead>(['registry', URL, 'repo', NAME, 'tag', 'v0', 'head'], headOf(0));
    queryClient.setQueryData<ManifestHead>(['registry', URL, 'repo', NAME, 'tag', 'v1', 'head'], headOf(99));
    await vi.advanceTimersByTimeAsync(BACKGROUND_FLUSH_MS);
    const [v0, v1] = store.getSnapshot().rows;
    expect(v0).toMatchObject({ digest: digestOf(0), checking: false, settled: true });
    expect(v0?.summary).toBe(summaries.get(digestOf(0)));
    expect(v1).toMatchObject({ digest: digestOf(99), checking: false, settled: false, summary: undefined });
    expect(store.getSnapshot().resolved).toBe(1);
    expect(contentQueries().map((query) => query.queryKey)).toEqual([['registry', URL, 'repo', NAME, 'manifest', digestOf(99)]]);
  });
});
