import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { pushImage } from '../../testing/fake-images';
import { stubLayout } from '../../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { CatalogPage } from './catalog-page';
import { forgetTreeViewsForTests } from './tree-view-memory';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
afterEach(forgetTreeViewsForTests);
const catalogUrl = `${baseUrl}/v2/_catalog`;

// The scroll container gets a height so the virtualizer renders a window of rows.
stubLayout({ clientHeight: 560 });

const blob = new Uint8Array([1]);
async function addRepositories(names: string[]) {
  for (const name of names) await fake.putBlob(name, blob);
}

function renderCatalog(options: { route?: string; catalogPageSize?: number } = {}) {
  // The client asks the store renderWithProviders creates, as the app's client asks the app's.
  const session: { rendered?: ReturnType<typeof renderWithProviders> } = {};
  const client = createTestClient(baseUrl, { credentials: () => session.rendered?.credentials.get() ?? null });
  session.rendered = renderWithProviders(<CatalogPage />, {
    route: options.route ?? '/',
    registry: { client, catalogPageSize: options.catalogPageSize ?? 1000 },
  });
  return session.rendered;
}

const status = () => screen.getByRole('status');
const catalogRequests = () => fake.requests.filter((entry) => entry.path === '/v2/_catalog');

describe('CatalogPage', () => {
  it('shows the namespace tree with counts, top level expanded for a small catalog', async () => {
    await pushImage(fake, 'library/alpine', { tags: ['3.20'], layers: [64] });
    await addRepositories(['library/nginx', 'team/app/web', 'team/app/api', 'team/tools', 'solo']);
    const { user } = renderCatalog();

    expect(screen.getByRole('heading', { name: 'Repositories' })).toBeInTheDocument();
    await waitFor(() => expect(status()).toHaveTextContent(/^6 repositories$/));
    const tree = screen.getByRole('tree', { name: 'Repositories' });

    const library = within(tree).getByRole('treeitem', { name: /^library, 2 repositories/ });
    expect(library).toHaveAttribute('aria-level', '1');
    expect(library).toHaveAttribute('aria-expanded', 'true');
    const team = within(tree).getByRole('treeitem', { name: /^team, 3 repositories/ });
    expect(team).toHaveAttribute('aria-expanded', 'true');
    const app = within(tree).getByRole('treeitem', { name: /^app, 2 repositories/ });
    expect(app).toHaveAttribute('aria-level', '2');
    expect(app).toHaveAttribute('aria-expanded', 'false');
    expect(within(tree).getByRole('treeitem', { name: 'solo' })).not.toHaveAttribute('aria-expanded');

    expect(screen.getByRole('link', { name: 'library/alpine' })).toHaveAttribute('href', '/r/library/alpine');
    expect(screen.queryByRole('link', { name: 'team/app/web' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Expand team/app' }));
    expect(screen.getByRole('link', { name: 'team/app/web' })).toHaveAttribute('href', '/r/team/app/web');
    expect(screen.getByRole('treeitem', { name: /^app,/ })).toHaveAttribute('aria-expanded', 'true');

    await user.click(screen.getByRole('button', { name: 'Collapse library' }));
    expect(screen.queryByRole('link', { name: 'library/alpine' })).not.toBeInTheDocument();
  });

  it('Back from a repository finds the tree opened and scrolled as it was left', async () => {
    const bulk = Array.from({ length: 60 }, (_, i) => `bulk/r-${String(i).padStart(2, '0')}`);
    await addRepositories([...bulk, 'team/app/web']);
    const { user, location, router } = renderWithProviders(<CatalogPage />, { path: '/', registry: { client: createTestClient(baseUrl) } });
    await waitFor(() => expect(status()).toHaveTextContent(/^61 repositories$/), { timeout: 5000 });
    // 61 repositories: nothing opens by default.
    await user.click(screen.getByRole('button', { name: 'Expand team' }));
    await user.click(screen.getByRole('button', { name: 'Expand bulk' }));
    const tree = screen.getByRole('tree', { name: 'Repositories' });
    tree.scrollTop = 900;
    fireEvent.scroll(tree);
    await user.click(await screen.findByRole('link', { name: 'bulk/r-40' }));
    expect(location()).toBe('/r/bulk/r-40');

    await act(() => router.navigate(-1));
    const back = await screen.findByRole('tree', { name: 'Repositories' });
    await waitFor(() => expect(back.scrollTop).toBe(900));
    // jsdom sends no scroll event for an assigned scrollTop (a browser does): the windowing needs one.
    fireEvent.scroll(back);
    expect(await within(back).findByRole('link', { name: 'bulk/r-40' })).toBeInTheDocument();
    back.scrollTop = 1500;
    fireEvent.scroll(back);
    expect(await within(back).findByRole('treeitem', { name: /^team,/ })).toHaveAttribute('aria-expanded', 'true');
    expect(within(back).getByRole('treeitem', { name: /^app,/ })).toHaveAttribute('aria-expanded', 'false');
    back.scrollTop = 0;
    fireEvent.scroll(back);
    expect(await within(back).findByRole('treeitem', { name: /^bulk,/ })).toHaveAttribute('aria-expanded', 'true');

    // A new visit to / (not Back) opens the default view.
    await act(() => router.navigate('/r/bulk/r-41'));
    await act(() => router.navigate('/'));
    const fresh = await screen.findByRole('tree', { name: 'Repositories' });
    expect(within(fresh).getByRole('treeitem', { name: /^bulk,/ })).toHaveAttribute('aria-expanded', 'false');
  });

  it('reads a multi-page catalog to the end', async () => {
    await addRepositories(['a', 'b', 'c', 'd', 'e']);
    renderCatalog({ catalogPageSize: 2 });
    await waitFor(() => expect(status()).toHaveTextContent(/^5 repositories$/));
    for (const name of ['a', 'b', 'c', 'd', 'e']) expect(screen.getByRole('link', { name })).toBeInTheDocument();
    expect(catalogRequests()).toHaveLength(3);
    expect(catalogRequests()[0]?.query).toContain('n=2');
  });

  it('renders the first pages while later ones are still loading', async () => {
    await addRepositories(['a', 'b', 'c', 'd']);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    // Hold every page after the first; returning nothing falls through to the fake registry.
    server.use(
      http.get(catalogUrl, async ({ request }) => {
        if (new URL(request.url).searchParams.has('last')) await gate;
      }),
    );
    renderCatalog({ catalogPageSize: 2 });

    await waitFor(() => expect(status()).toHaveTextContent('Loaded 2 repositories…'));
    expect(screen.getByRole('link', { name: 'a' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'c' })).not.toBeInTheDocument();

    release();
    await waitFor(() => expect(status()).toHaveTextContent(/^4 repositories$/));
    expect(screen.getByRole('link', { name: 'd' })).toBeInTheDocument();
  });

  it('filters from ?q= case-insensitively, showing matches with their namespaces expanded', async () => {
    await addRepositories(['library/alpine', 'team/app/web', 'team/app/api', 'team/web-tools']);
    renderCatalog({ route: '/?q=WEB' });

    expect(screen.getByRole('searchbox', { name: 'Filter repositories' })).toHaveValue('WEB');
    expect(await screen.findByRole('link', { name: 'team/app/web' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team/web-tools' })).toBeInTheDocument();
    expect(screen.getByRole('treeitem', { name: /^team,/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('treeitem', { name: /^app,/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.queryByRole('link', { name: 'team/app/api' })).not.toBeInTheDocument();
    expect(screen.queryByRole('treeitem', { name: /^library/ })).not.toBeInTheDocument();
    expect(screen.getByText('2 matches')).toBeInTheDocument();
  });

  it('keeps the filter in the URL, replacing the history entry while typing', async () => {
    await addRepositories(['library/alpine', 'library/nginx']);
    const { user, location, router } = renderCatalog();
    await screen.findByRole('link', { name: 'library/nginx' });

    await user.type(screen.getByRole('searchbox', { name: 'Filter repositories' }), 'ALP');
    expect(location()).toBe('/?q=ALP');
    expect(router.state.historyAction).toBe('REPLACE');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'library/nginx' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'library/alpine' })).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Filter repositories' }));
    expect(location()).toBe('/');
    expect(await screen.findByRole('link', { name: 'library/nginx' })).toBeInTheDocument();
  });

  it('says when nothing matches the filter', async () => {
    await addRepositories(['library/alpine']);
    renderCatalog({ route: '/?q=zzz' });
    expect(await screen.findByText('No repositories match “zzz”')).toBeInTheDocument();
  });

  it('shows a registry failure with status and code, and Retry loads the list', async () => {
    await addRepositories(['library/alpine']);
    server.use(
      http.get(catalogUrl, () => HttpResponse.json({ errors: [{ code: 'UNKNOWN', message: 'storage backend down' }] }, { status: 500 }), {
        once: true,
      }),
    );
    const { user } = renderCatalog();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('HTTP 500');
    expect(alert).toHaveTextContent('UNKNOWN');
    expect(alert).toHaveTextContent('storage backend down');

    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(status()).toHaveTextContent(/^1 repository$/));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'library/alpine' })).toBeInTheDocument();
  });

  it('keeps what was loaded before a failing page visible and says the list is incomplete', async () => {
    await addRepositories(['a', 'b', 'c']);
    server.use(
      http.get(catalogUrl, ({ request }) =>
        new URL(request.url).searchParams.has('last')
          ? HttpResponse.json({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, { status: 429 })
          : undefined,
      ),
    );
    renderCatalog({ catalogPageSize: 2 });

    expect(await screen.findByRole('alert')).toHaveTextContent('HTTP 429');
    expect(status()).toHaveTextContent('2 repositories loaded — the list is incomplete');
    expect(screen.getByText(/The list below is incomplete/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'a' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'b' })).toBeInTheDocument();
  });

  it('asks for credentials on 401 and loads the list after signing in', async () => {
    await addRepositories(['private/app']);
    const expected = `Basic ${btoa('alice:s3cret')}`;
    server.use(
      http.get(`${baseUrl}/v2/*`, ({ request }) =>
        request.headers.get('Authorization') === expected
          ? undefined
          : HttpResponse.json(
              { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
              { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="registry"' } },
            ),
      ),
    );
    const { user, credentials } = renderCatalog();

    expect(await screen.findByRole('alert')).toHaveTextContent('HTTP 401');
    const form = await screen.findByRole('form', { name: /Sign in/ });
    await user.type(within(form).getByLabelText('Username'), 'alice');
    await user.type(within(form).getByLabelText('Password'), 's3cret');
    expect(within(form).getByRole('checkbox', { name: 'Remember for this tab' })).not.toBeChecked();
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(credentials.get()).toEqual({ username: 'alice', password: 's3cret' });
    expect(await screen.findByRole('link', { name: 'private/app' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /Sign in/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so when the registry has no repositories', async () => {
    renderCatalog();
    expect(await screen.findByText('This registry has no repositories yet.')).toBeInTheDocument();
    expect(status()).toHaveTextContent(/^0 repositories$/);
  });

  it('shows a repository that is also a namespace with both its link and its toggle', async () => {
    await addRepositories(['a/b', 'a/b/c']);
    const { user } = renderCatalog();
    const row = await screen.findByRole('treeitem', { name: /^b, 2 repositories/ });
    expect(within(row).getByRole('link', { name: 'a/b' })).toHaveAttribute('href', '/r/a/b');
    await user.click(within(row).getByRole('button', { name: 'Expand a/b' }));
    expect(screen.getByRole('link', { name: 'a/b/c' })).toBeInTheDocument();
  });

  it('moves, folds and opens with the keyboard', async () => {
    await addRepositories(['ns/one', 'ns/two', 'zeta']);
    const { user, location } = renderCatalog();
    const ns = await screen.findByRole('treeitem', { name: /^ns,/ });
    expect(ns).toHaveAttribute('tabindex', '0');

    act(() => ns.focus());
    await user.keyboard('{ArrowLeft}');
    expect(ns).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{ArrowRight}');
    expect(ns).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('treeitem', { name: 'one' })).toHaveFocus();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(location()).toBe('/r/ns/two');
  });

  it('keeps 10,000 repositories virtualized', async () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `ns${String(i % 100).padStart(2, '0')}/app-${i}`);
    server.use(
      http.get(catalogUrl, ({ request }) => {
        const url = new URL(request.url);
        const n = Number(url.searchParams.get('n') ?? 1000);
        const last = url.searchParams.get('last');
        const sorted = [...names].sort();
        const start = last ? sorted.indexOf(last) + 1 : 0;
        const page = sorted.slice(start, start + n);
        const more = start + n < sorted.length;
        return HttpResponse.json(
          { repositories: page },
          { headers: more ? { Link: `</v2/_catalog?last=${encodeURIComponent(page.at(-1) ?? '')}&n=${n}>; rel="next"` } : {} },
        );
      }),
    );
    const { user } = renderCatalog();

    await waitFor(() => expect(status()).toHaveTextContent(/^10,000 repositories$/));
    const rows = screen.getAllByRole('treeitem');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    // More than 50 repositories: namespaces start collapsed.
    expect(screen.getByRole('treeitem', { name: /^ns00, 100 repositories/ })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('treeitem', { name: /^ns00,/ })).toHaveAttribute('aria-setsize', '100');

    await user.type(screen.getByRole('searchbox', { name: 'Filter repositories' }), 'app-9999');
    expect(await screen.findByRole('link', { name: 'ns99/app-9999' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByRole('treeitem')).toHaveLength(2));
  });
});
