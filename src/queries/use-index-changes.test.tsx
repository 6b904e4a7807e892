import { act, render } from '@testing-library/react';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createIndexClient } from '../registry/index-client';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { catalogKeys } from './catalog-queries';
import { RegistryContext } from './registry-context';
import { CHANGE_WINDOW_MS, useIndexChanges } from './use-index-changes';

const { baseUrl } = setupTestRegistry({ resetAfterEach: true });

/** An index whose change stream the test writes to. */
function streamingIndex() {
  let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
  const encoder = new TextEncoder();
  const index = createIndexClient({
    baseUrl: 'http://index.test',
    fetch: async () => new Response(new ReadableStream<Uint8Array>({ start: (controller) => void (stream = controller) }), { headers: { 'Content-Type': 'text/event-stream' } }),
  });
  const announce = (repository: string, times = 1) => {
    if (!stream) throw new Error('the stream is not open');
    const block = `event: change\ndata: ${JSON.stringify({ repository, cause: 'event', at: '2026-12-01T00:00:00Z' })}\n\n`;
    stream.enqueue(encoder.encode(block.repeat(times)));
  };
  return { index, announce };
}

/** Follows the change stream, with a catalog query and a tag list query observed (what the pages keep on screen). */
function renderFollowing() {
  const { index, announce } = streamingIndex();
  const reads = { catalog: 0, appTags: 0, otherTags: 0 };
  const client = createTestClient(baseUrl);
  function Harness() {
    useIndexChanges();
    useQuery({ queryKey: catalogKeys.all(client.baseUrl), queryFn: () => ++reads.catalog });
    useQuery({ queryKey: ['registry', client.baseUrl, 'repo', 'team/app', 'tags'], queryFn: () => ++reads.appTags });
    useQuery({ queryKey: ['registry', client.baseUrl, 'repo', 'team/other', 'tags'], queryFn: () => ++reads.otherTags });
    return null;
  }
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const registry = { name: 'test', client, url: client.baseUrl, loginServer: 'registry.test', catalogPageSize: 1000, readOnly: false, demo: false, index };
  render(
    <QueryClientProvider client={queryClient}>
      <RegistryContext.Provider value={registry}>
        <Harness />
      </RegistryContext.Provider>
    </QueryClientProvider>,
  );
  return { reads, announce };
}

const settle = (ms = 0) => act(() => vi.advanceTimersByTimeAsync(ms));

describe('useIndexChanges', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a burst of 50 changes refreshes the catalog at most twice, the repository at once, and a later change once more', async () => {
    const { reads, announce } = renderFollowing();
    await settle();
    expect(reads).toEqual({ catalog: 1, appTags: 1, otherTags: 1 });

    announce('team/app', 50);
    await settle();
    // The first change refreshes at once: the open tag table does not wait for the window.
    expect(reads).toEqual({ catalog: 2, appTags: 2, otherTags: 1 });
    await settle(CHANGE_WINDOW_MS);
    // The rest of the burst: one more read each, at the end of the window.
    expect(reads).toEqual({ catalog: 3, appTags: 3, otherTags: 1 });
    await settle(10 * CHANGE_WINDOW_MS);
    expect(reads).toEqual({ catalog: 3, appTags: 3, otherTags: 1 });

    announce('team/app');
    await settle();
    expect(reads).toEqual({ catalog: 4, appTags: 4, otherTags: 1 });
  });

  it('a change to another repository inside the catalog window refreshes that repository at once', async () => {
    const { reads, announce } = renderFollowing();
    await settle();
    announce('team/app');
    await settle();
    announce('team/other');
    await settle();
    expect(reads).toEqual({ catalog: 2, appTags: 2, otherTags: 2 });
    await settle(CHANGE_WINDOW_MS);
    expect(reads).toEqual({ catalog: 3, appTags: 2, otherTags: 2 });
  });
});
