import { formatDateTime } from '../../components/ui/format';
import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { createRegistryClient } from '../../registry/client';
import { pushImage, pushIndex, tagExisting } from '../../testing/fake-images';
import { stubLayout } from '../../testing/jsdom-layout';
import { setupTestRegistry } from '../../testing/test-server';
import { RepositoryPage } from './repository-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
// The scroll box and rows get a height so the virtualizer renders a window.
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

interface Concurrency {
  now: number;
  max: number;
}

function renderRepository(route: string) {
  const concurrency: Concurrency = { now: 0, max: 0 };
  const client = createRegistryClient({
    baseUrl,
    fetch: async (input, init) => {
      concurrency.now += 1;
      concurrency.max = Math.max(concurrency.max, concurrency.now);
      try {
        return await fetch(input, init);
      } finally {
        concurrency.now -= 1;
      }
    },
  });
  const rendered = renderWithProviders(<RepositoryPage />, { route, path: '/r/*', registry: { client, loginServer: 'registry.test' } });
  return { ...rendered, concurrency };
}

const table = () => screen.getByRole('table', { name: /^Tags of / });
/** The row of a tag, found through its link (exact name: "v1" must not find "v10"). */
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};
const tagOrder = () =>
  within(table())
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('link')[0]?.textContent);
// No timeout of its own: the condition is what is awaited (setup-tests.ts sets a generous default).
const waitForAllResolved = () =>
  waitFor(() => {
    expect(table()).toBeInTheDocument();
    expect(screen.queryByText(/^Resolved \d+ of \d+ tags$/)).not.toBeInTheDocument();
  });
const manifestRequests = (method: string) => fake.requests.filter((r) => r.method === method && r.path.includes('/manifests/'));
const blobRequests = () => fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/'));

describe('RepositoryPage', () => {
  it('lists tags at once and fills in digest, exact size, created and platform', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'], layers: [5000, 7000], created: '2026-02-03T04:05:06Z' });
    const { user } = renderRepository('/r/team/app');

    expect(await screen.findByRole('heading', { level: 1, name: 'team/app' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team' })).toHaveAttribute('href', '/?q=team');
    const row = await waitFor(() => rowOf('v1'));
    expect(within(row).getByRole('link', { name: 'v1' })).toHaveAttribute('href', '/r/team/app/-/manifest/v1');

    await waitFor(() => expect(row).not.toHaveAttribute('aria-busy'));
    expect(within(row).getByTitle(`${image.size} bytes`)).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: `sha256:${image.digest.slice(7, 19)}` })).toHaveAttribute('href', `/r/team/app/-/manifest/${image.digest}`);
    const time = row.querySelector('time');
    expect(time).toHaveAttribute('dateTime', '2026-02-03T04:05:06.000Z');
    // The absolute time as a native title: no tooltip component per row.
    expect(time).toHaveAttribute('title', formatDateTime('2026-02-03T04:05:06Z'));
    expect(within(row).getByText('linux/amd64')).toBeInTheDocument();
    expect(screen.getByText('1 tag · 1 distinct image')).toBeInTheDocument();

    const byTag = within(row).getByRole('button', { name: 'Copy pull command for v1' });
    expect(byTag).toHaveAttribute('title', 'docker pull registry.test/team/app:v1');
    const byDigest = within(row).getByRole('button', { name: 'Copy pull command by digest for v1' });
    expect(byDigest).toBeEnabled();
    expect(byDigest).toHaveAttribute('title', `docker pull registry.test/team/app@${image.digest}`);
    await user.click(byTag);
    await expect(navigator.clipboard.readText()).resolves.toBe('docker pull registry.test/team/app:v1');
  });

  it('marks tags that point at the same image', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['latest', 'v1'] });
    await pushImage(fake, 'team/app', { tags: ['v2'], seed: 'other' });
    renderRepository('/r/team/app');
    await waitForAllResolved();

    expect(within(rowOf('v1')).getByText('same image as latest')).toBeInTheDocument();
    expect(within(rowOf('latest')).getByText('same image as v1')).toBeInTheDocument();
    expect(within(rowOf('v1')).getByTitle('shared by 2 tags')).toBeInTheDocument();
    expect(within(rowOf('v2')).queryByTitle(/shared by/)).not.toBeInTheDocument();
    expect(screen.getByText('3 tags · 2 distinct images')).toBeInTheDocument();
    expect(fake.tagsOf('team/app', image.digest)).toEqual(['latest', 'v1']);
  });

  it('fetches one manifest and one config per distinct digest, never per tag, with bounded concurrency', async () => {
    const images = [];
    for (const seed of ['a', 'b', 'c']) images.push(await pushImage(fake, 'big', { tags: [`${seed}-0`], seed, layers: [600] }));
    for (let i = 1; i < 10; i++) for (const [n, seed] of ['a', 'b', 'c'].entries()) await tagExisting(fake, 'big', `${seed}-${i}`, images[n]!.digest);
    fake.requests.length = 0;

    const { concurrency } = renderRepository('/r/big');
    await waitForAllResolved();

    expect(fake.requests.filter((r) => r.path === '/v2/big/tags/list')).toHaveLength(1);
    expect(manifestRequests('HEAD')).toHaveLength(30);
    const gets = manifestRequests('GET');
    expect(gets).toHaveLength(3);
    expect(gets.every((r) => /\/manifests\/sha256:[a-f0-9]{64}$/.test(r.path))).toBe(true);
    expect(blobRequests()).toHaveLength(3);
    expect(concurrency.max).toBeLessThanOrEqual(6);
    expect(screen.getByText('30 tags · 3 distinct images')).toBeInTheDocument();
    expect(within(rowOf('a-0')).getByTitle('shared by 10 tags')).toBeInTheDocument();
  });

  it('renders only a window of a long list and resolves the rows in view first', async () => {
    const images = [];
    for (const seed of ['a', 'b']) images.push(await pushImage(fake, 'long', { tags: [`${seed}-0`], seed, layers: [600] }));
    for (let i = 1; i < 150; i++) for (const [n, seed] of ['a', 'b'].entries()) await tagExisting(fake, 'long', `${seed}-${i}`, images[n]!.digest);
    fake.requests.length = 0;

    // Descending: the rows in view (b-149, b-148, …) are the last tags in natural order.
    renderRepository('/r/long?sort=-tag');
    await waitForAllResolved();

    expect(table()).toHaveAttribute('aria-rowcount', '301');
    const rendered = tagOrder();
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(rendered.slice(0, 3)).toEqual(['b-149', 'b-148', 'b-147']);

    const heads = manifestRequests('HEAD').map((r) => r.path.split('/').pop());
    expect(heads).toHaveLength(300);
    // At most one batch of 6 left before the focus arrived; every row in view comes right after.
    const firstVisible = heads.slice(0, rendered.length + 6);
    expect(rendered.filter((tag) => !firstVisible.includes(tag))).toEqual([]);
    expect(manifestRequests('GET')).toHaveLength(2);
  });

  it('stops sending queued requests when the page is left', async () => {
    const image = await pushImage(fake, 'left', { tags: ['t-0'], layers: [600] });
    for (let i = 1; i < 100; i++) await tagExisting(fake, 'left', `t-${i}`, image.digest);
    fake.requests.length = 0;
    // A slow registry: each HEAD waits 20 ms, then falls through to the fake.
    server.use(http.head(/\/v2\/left\/manifests\//, () => delay(20).then(() => undefined)));

    const { unmount, concurrency } = renderRepository('/r/left');
    await waitFor(() => expect(manifestRequests('HEAD').length).toBeGreaterThan(0));
    unmount();
    // Leaving aborts the running requests and drops the queued ones: nothing is in flight any more.
    // A queue that kept going would start the next request as soon as a slot freed, never idle.
    await waitFor(() => expect(concurrency.now).toBe(0));
    expect(manifestRequests('HEAD').length).toBeLessThan(30);
  });

  it('sorts tags naturally and by size through the column headers, kept in the URL', async () => {
    await pushImage(fake, 'team/app', { tags: ['v10'], layers: [3000] });
    await pushImage(fake, 'team/app', { tags: ['v2'], layers: [9000] });
    await pushImage(fake, 'team/app', { tags: ['v1'], layers: [6000] });
    const { user, location } = renderRepository('/r/team/app');
    await waitForAllResolved();

    expect(tagOrder()).toEqual(['v1', 'v2', 'v10']);
    const header = (label: string) => screen.getByRole('button', { name: `Sort by ${label}` }).closest('th');
    const tagHeader = header('Tag');
    expect(tagHeader).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByRole('button', { name: 'Sort by Size' }));
    expect(tagOrder()).toEqual(['v2', 'v1', 'v10']);
    expect(header('Size')).toHaveAttribute('aria-sort', 'descending');
    expect(tagHeader).toHaveAttribute('aria-sort', 'none');
    expect(location()).toBe('/r/team/app?sort=-size');

    await user.click(screen.getByRole('button', { name: 'Sort by Size' }));
    expect(tagOrder()).toEqual(['v10', 'v1', 'v2']);

    await user.click(screen.getByRole('button', { name: 'Sort by Tag' }));
    expect(tagOrder()).toEqual(['v1', 'v2', 'v10']);
    expect(location()).toBe('/r/team/app');
  });

  it('sorts by created from the URL and filters by tag', async () => {
    await pushImage(fake, 'team/app', { tags: ['old'], created: '2025-01-01T00:00:00Z' });
    await pushImage(fake, 'team/app', { tags: ['new'], created: '2026-01-01T00:00:00Z' });
    await pushImage(fake, 'team/app', { tags: ['mid'], created: '2025-06-01T00:00:00Z' });
    const { user, location } = renderRepository('/r/team/app?sort=-created');
    await waitForAllResolved();
    expect(tagOrder()).toEqual(['new', 'mid', 'old']);

    await user.type(screen.getByRole('searchbox', { name: 'Filter tags' }), 'O');
    expect(tagOrder()).toEqual(['old']);
    expect(location()).toBe('/r/team/app?sort=-created&tag=O');
    expect(screen.getByText('1 of 3 tags · 3 distinct images')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Filter tags' }), 'x');
    expect(screen.getByText('No tags match “Ox”.')).toBeInTheDocument();
  });

  it('shows an index with its platforms and the size of each', async () => {
    const index = await pushIndex(fake, 'multi', {
      tags: ['latest'],
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    renderRepository('/r/multi');
    await waitForAllResolved();

    const row = rowOf('latest');
    const platforms = within(row).getByRole('list', { name: '2 platforms' });
    const items = within(platforms).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.font-mono')?.textContent)).toEqual(['linux/amd64', 'linux/arm64/v8']);
    const [amd, arm] = index.children;
    expect(within(items[0]!).getByTitle(`${amd!.size} bytes`)).toBeInTheDocument();
    expect(within(items[1]!).getByTitle(`${arm!.size} bytes`)).toBeInTheDocument();
    expect(within(row).getByTitle(`${index.size} bytes`)).toBeInTheDocument(); // all platforms together
    expect(row.querySelector('time')).toHaveAttribute('dateTime', '2026-01-15T10:00:00.000Z');
    // index + two children by digest, two configs
    expect(manifestRequests('GET')).toHaveLength(3);
    expect(blobRequests()).toHaveLength(2);
  });

  it('shows a failing manifest in its row while the other rows fill in, and retries', async () => {
    const broken = await pushImage(fake, 'team/app', { tags: ['broken'] });
    const fine = await pushImage(fake, 'team/app', { tags: ['fine'], seed: 'fine' });
    let fail = true;
    server.use(
      // A RegExp: in a path string msw would read ":<hex>" as a parameter and match every digest.
      http.get(new RegExp(`/v2/team/app/manifests/${broken.digest}$`), () =>
        fail ? HttpResponse.json({ errors: [{ code: 'UNKNOWN', message: 'storage exploded' }] }, { status: 500 }) : undefined,
      ),
    );
    const { user } = renderRepository('/r/team/app');
    await waitForAllResolved();

    const brokenRow = rowOf('broken');
    expect(within(brokenRow).getByText(/storage exploded/)).toBeInTheDocument();
    expect(within(brokenRow).getByRole('link', { name: `sha256:${broken.digest.slice(7, 19)}` })).toBeInTheDocument();
    expect(within(rowOf('fine')).getByTitle(`${fine.size} bytes`)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    fail = false;
    await user.click(within(brokenRow).getByRole('button', { name: 'Retry loading broken' }));
    await waitFor(() => expect(within(rowOf('broken')).getByTitle(`${broken.size} bytes`)).toBeInTheDocument());
    expect(screen.queryByText(/storage exploded/)).not.toBeInTheDocument();
  });

  it('says a tag deleted after tags/list no longer exists', async () => {
    await pushImage(fake, 'team/app', { tags: ['here'] });
    const gone = await pushImage(fake, 'team/app', { tags: ['gone'], seed: 'gone' });
    server.use(http.head(`${baseUrl}/v2/team/app/manifests/gone`, () => new HttpResponse(null, { status: 404 })));
    renderRepository('/r/team/app');
    await waitForAllResolved();
    expect(within(rowOf('gone')).getByText('Tag no longer exists')).toBeInTheDocument();
    expect(within(rowOf('gone')).getByRole('button', { name: 'Copy pull command by digest for gone' })).toBeDisabled();
    expect(gone.digest).toMatch(/^sha256:/);
  });

  it("shows Go's zero created time as unknown, not as Jan 1, 1, and sorts it last", async () => {
    await pushImage(fake, 'zero', { tags: ['ko'], layers: [100], created: '0001-01-01T00:00:00Z' });
    await pushImage(fake, 'zero', { tags: ['real'], layers: [200], seed: 'real', created: '2026-02-03T04:05:06Z' });
    renderRepository('/r/zero?sort=created');
    await waitForAllResolved();
    const row = rowOf('ko');
    expect(within(row).getByText('unknown')).toBeInTheDocument();
    expect(row.querySelector('time')).toBeNull();
    expect(row).not.toHaveTextContent(/\b1\b.*\bago\b|Jan 1, 1\b/);
    expect(tagOrder()).toEqual(['real', 'ko']);
  });

  it('says a repository without tags has no tags', async () => {
    const image = await pushImage(fake, 'empty', { tags: ['v1'] });
    fake.deleteManifest('empty', image.digest);
    renderRepository('/r/empty');
    expect(await screen.findByText('This repository has no tags.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('links to the untagged manifests (orphans) of the repository', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    const { user, location } = renderRepository('/r/team/app');
    const link = await screen.findByRole('link', { name: 'Untagged manifests (orphans)' });
    expect(link).toHaveAttribute('href', '/r/team/app/-/orphans');
    await user.click(link);
    expect(location()).toBe('/r/team/app/-/orphans');
  });

  it('shows "Repository not found" for an unknown repository', async () => {
    renderRepository('/r/nope/nothing');
    expect(await screen.findByRole('heading', { name: 'Repository not found' })).toBeInTheDocument();
    expect(screen.getByText('nope/nothing')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the repositories' })).toHaveAttribute('href', '/');
  });

  it('a repository the catalog lists but whose tags/list answers 404 NAME_UNKNOWN holds no manifests', async () => {
    // Only a blob was uploaded: the fake, like distribution, lists it and knows no tags for it.
    await fake.putBlob('team/blob-only', new Uint8Array([1, 2, 3]));
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    renderRepository('/r/team/blob-only');
    expect(await screen.findByText('Listed by the registry but holds no manifests.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'team/blob-only' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Repository not found' })).not.toBeInTheDocument();
    expect(fake.requests.some((r) => r.path === '/v2/_catalog')).toBe(true);
  });

  it('a name neither listed nor with tags is "not found" once the whole catalog was read', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    renderRepository('/r/team/nothing');
    expect(await screen.findByRole('heading', { name: 'Repository not found' })).toBeInTheDocument();
  });

  it('refuses an invalid name without sending a request', async () => {
    const { queryClient } = renderRepository('/r/Team/App');
    expect(screen.getByRole('heading', { name: 'Repository not found' })).toBeInTheDocument();
    expect(screen.getByText(/is not a valid repository name/)).toBeInTheDocument();
    // Every request goes through a query: none was even created, so none can be on its way.
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('shows a failing tag list in an error panel with a retry', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'] });
    let fail = true;
    server.use(
      http.get(`${baseUrl}/v2/team/app/tags/list`, () =>
        fail ? HttpResponse.json({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }, { status: 403 }) : undefined,
      ),
    );
    const { user } = renderRepository('/r/team/app');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not list the tags of team/app');
    expect(alert).toHaveTextContent('HTTP 403 · DENIED');
    fail = false;
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await waitFor(() => rowOf('v1'))).toBeInTheDocument();
  });
});
