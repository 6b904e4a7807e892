import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { stubLayout } from '../../testing/jsdom-layout';
import { setupAcrTestRegistry } from '../../testing/test-server';
import { RepositoryPage } from './repository-page';

// Behind a path prefix: the `_tags` pages' Links must keep it.
const { fake, server, client } = setupAcrTestRegistry('http://myregistry.test/registry');
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

const table = () => screen.getByRole('table', { name: /^Tags of / });
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};

afterEach(() => server.events.removeAllListeners());

describe('tag table from ACR metadata', () => {
  it('reads every tag of a 150-tag repository from _tags, page by page, with no HEAD per tag', async () => {
    const first = await pushImage(fake, 'team/app', { tags: ['t0'], layers: [5000], created: '2026-02-03T04:05:06Z' });
    const second = await pushImage(fake, 'team/app', { tags: ['t1'], layers: [7000], created: '2026-03-03T04:05:06Z' });
    for (let i = 2; i < 150; i += 1) await tagExisting(fake, 'team/app', `t${i}`, i % 2 === 0 ? first.digest : second.digest);
    fake.requests.length = 0;
    const acrPages: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/_tags')) acrPages.push(request.url);
    });

    renderWithProviders(<RepositoryPage />, { route: '/r/team/app', path: '/r/*', registry: { client, loginServer: 'registry.test' } });

    expect(await screen.findByText('150 tags · 2 distinct images')).toBeInTheDocument();
    expect(screen.getByText(/From ACR metadata/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('status')).toHaveAttribute('data-resolved', '150'));
    expect(within(rowOf('t1')).getByTitle(`${second.size} bytes`)).toBeInTheDocument();
    expect(rowOf('t0').querySelector('time')).toHaveAttribute('dateTime', '2026-02-03T04:05:06.000Z');

    expect(acrPages).toHaveLength(2);
    expect(new URL(acrPages[0]!).pathname).toBe('/registry/acr/v1/team/app/_tags');
    expect(new URL(acrPages[1]!).pathname).toBe('/registry/acr/v1/team/app/_tags');
    expect(new URL(acrPages[1]!).searchParams.get('last')).not.toBeNull();
    // Per image, never per tag: one manifest GET per digest, no HEAD, no tags/list.
    const manifestReads = fake.requests.filter((r) => r.path.includes('/manifests/'));
    expect(manifestReads.map((r) => r.method)).toEqual(['GET', 'GET']);
    expect(fake.requests.filter((r) => r.path.endsWith('/tags/list'))).toEqual([]);
  });
});
