import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { createIndexClient } from '../../registry/index-client';
import { indexTagsOverThreeImages } from '../../testing/index-tags';
import { pushImage } from '../../testing/fake-images';
import { stubLayout } from '../../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { useIndexChanges } from '../../queries/use-index-changes';
import { RepositoryPage } from './repository-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

const INDEX = 'http://index.test';
const TAGS_URL = `${INDEX}/index/v1/repositories/team/app/-/tags`;

/** What the app shell does: follows the index's change stream. */
function FollowIndexChanges() {
  useIndexChanges();
  return null;
}

function renderWithIndex({ followChanges = false } = {}) {
  const index = createIndexClient({ baseUrl: INDEX, fetch: (input, init) => fetch(input, init) });
  return renderWithProviders(
    <>
      {followChanges && <FollowIndexChanges />}
      <RepositoryPage />
    </>, { route: '/r/team/app', path: '/r/*', registry: { client: createTestClient(baseUrl), loginServer: 'registry.test', index } });
}


const table = () => screen.getByRole('table', { name: /^Tags of / });
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};
const registryRequests = (fragment: string) => fake.requests.filter((r) => r.path.includes(fragment));

describe('tag table from the registry index', () => {
  it('shows every row of 500 tags from one index request, with no tags/list and no per-tag HEAD', async () => {
    let indexRequests = 0;
    server.use(
      http.get(TAGS_URL, () => {
        indexRequests += 1;
        return HttpResponse.json({ repository: 'team/app', tags: indexTagsOverThreeImages(500) });
      }),
    );
    renderWithIndex();

    expect(await screen.findByText('500 tags · 3 distinct images')).toBeInTheDocument();
    expect(screen.getByText(/From the index, as of/)).toHaveTextContent(/Display only: actions re-check with the registry/);
    const row = rowOf('v1');
    expect(row).not.toHaveAttribute('aria-busy');
    expect(within(row).getByTitle('1001 bytes')).toBeInTheDocument();
    expect(row.querySelector('time')).toHaveAttribute('dateTime', '2026-02-03T04:05:06.000Z');
    expect(within(row).getByText('linux/amd64')).toBeInTheDocument();
    expect(within(row).getByText('same image as v4, v7 and 164 more')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveAttribute('data-resolved', '500');

    expect(indexRequests).toBe(1);
    expect(registryRequests('/manifests/')).toEqual([]);
    expect(registryRequests('/tags/list')).toEqual([]);
  });

  it("renders its rows without reading the scroll box's size or scrolling it, which would force a layout in the commit", async () => {
    server.use(http.get(TAGS_URL, () => HttpResponse.json({ repository: 'team/app', tags: indexTagsOverThreeImages(50) })));
    const reads: string[] = [];
    const scrollTo = vi.fn();
    HTMLElement.prototype.scrollTo = scrollTo;
    const originals = (['clientHeight', 'clientWidth'] as const).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const);
    for (const [key, original] of originals) {
      Object.defineProperty(HTMLElement.prototype, key, {
        configurable: true,
        get(this: HTMLElement) {
          reads.push(`${this.tagName}.${key}`);
          return original?.get?.call(this);
        },
      });
    }
    try {
      renderWithIndex();
      expect(await screen.findByText('50 tags · 3 distinct images')).toBeInTheDocument();
      expect(within(table()).getAllByRole('row').length).toBeGreaterThan(20);
    } finally {
      for (const [key, original] of originals) if (original) Object.defineProperty(HTMLElement.prototype, key, original);
      delete (HTMLElement.prototype as Partial<HTMLElement>).scrollTo;
    }
    expect(reads).toEqual([]);
    expect(scrollTo).not.toHaveBeenCalled();
  });

  it('shows a push the index reports on its change stream, without a reload', async () => {
    let tags = indexTagsOverThreeImages(2);
    let announce: () => void = () => undefined;
    const pushed = new Promise<void>((resolve) => (announce = resolve));
    server.use(
      http.get(TAGS_URL, () => HttpResponse.json({ repository: 'team/app', tags })),
      http.get(`${INDEX}/index/v1/events`, async () => {
        await pushed;
        const event = `event: change\ndata: ${JSON.stringify({ repository: 'team/app', cause: 'event', at: '2026-02-05T00:00:00Z' })}\n\n`;
        return new HttpResponse(event, { headers: { 'Content-Type': 'text/event-stream' } });
      }),
    );
    renderWithIndex({ followChanges: true });
    expect(await screen.findByText('2 tags · 2 distinct images')).toBeInTheDocument();

    tags = indexTagsOverThreeImages(3);
    announce();
    await waitFor(() => expect(rowOf('v2')).not.toHaveAttribute('aria-busy'));
    expect(screen.getByText('3 tags · 3 distinct images')).toBeInTheDocument();
    expect(registryRequests('/manifests/')).toEqual([]);
  });

  it.each([
    ['answers 500', () => HttpResponse.json({ error: { code: 'INTERNAL', message: 'database locked' } }, { status: 500 }), /database locked/],
    ['is unreachable', () => HttpResponse.error(), /NETWORK|network|fetch/i],
    ['answers something malformed', () => HttpResponse.json({ repository: 'team/app', tags: [{ name: 'v1' }] }), /INDEX_MALFORMED/],
    ['refuses the caller (403)', () => HttpResponse.json({ error: { code: 'DENIED', message: 'not allowed' } }, { status: 403 }), /not allowed/],
  ])('falls back to the registry, and says so, when the index %s', async (_, answer, why) => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1', 'v2'], layers: [5000], created: '2026-02-03T04:05:06Z' });
    server.use(http.get(TAGS_URL, answer));
    renderWithIndex();

    const notice = await screen.findByText(/The registry index does not answer/);
    expect(notice).toHaveTextContent(why);
    expect(notice).toHaveTextContent('reading the tags from the registry instead');
    await waitFor(() => expect(rowOf('v2')).not.toHaveAttribute('aria-busy'));
    expect(within(rowOf('v1')).getByTitle(`${image.size} bytes`)).toBeInTheDocument();
    expect(screen.getByText('2 tags · 1 distinct image')).toBeInTheDocument();
    expect(registryRequests('/manifests/v1').length).toBeGreaterThan(0);
  });

  it('an index that knows no tags here leaves the decision to tags/list', async () => {
    server.use(http.get(TAGS_URL, () => HttpResponse.json({ repository: 'team/app', tags: [] })));
    await pushImage(fake, 'team/app', { tags: ['only'], layers: [10] });
    renderWithIndex();
    await waitFor(() => expect(rowOf('only')).not.toHaveAttribute('aria-busy'));
    expect(screen.queryByText(/From the index|The registry index does not answer/)).not.toBeInTheDocument();
  });
});
