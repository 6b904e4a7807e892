import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { stubLayout } from '../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { renderWithProviders } from './render-with-providers';
import { RepositorySidebar } from './repository-sidebar';
import { SIDEBAR_OPEN_KEY, SIDEBAR_WIDTH_KEY } from './sidebar-preferences';

const { server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
stubLayout({ clientHeight: 560 });
afterEach(() => window.localStorage.clear());

function renderSidebar() {
  server.use(http.get(`${baseUrl}/v2/_catalog`, () => HttpResponse.json({ repositories: ['library/alpine', 'team/a', 'team/b'] })));
  return renderWithProviders(<RepositorySidebar currentPath="team/a" />, { route: '/r/team/a', registry: { client: createTestClient(baseUrl) } });
}

describe('RepositorySidebar', () => {
  it('shows the tree with the current repository opened and highlighted', async () => {
    renderSidebar();
    const aside = screen.getByRole('complementary', { name: 'Repository tree' });
    const current = await within(aside).findByRole('treeitem', { name: /^a\b/ });
    expect(current).toHaveAttribute('aria-current', 'page');
    expect(within(aside).getByRole('treeitem', { name: /^b\b/ })).not.toHaveAttribute('aria-current');
    // The current row is the tree's tab stop.
    expect(current).toHaveAttribute('tabindex', '0');
  });

  it('resizes by keyboard within its limits and remembers the width', async () => {
    const { user, unmount } = renderSidebar();
    const separator = screen.getByRole('separator', { name: 'Resize the repository tree' });
    expect(separator).toHaveAttribute('aria-orientation', 'vertical');
    expect(separator).toHaveAttribute('aria-valuenow', '288');
    separator.focus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(separator).toHaveAttribute('aria-valuenow', '320');
    await user.keyboard('{ArrowLeft}');
    expect(separator).toHaveAttribute('aria-valuenow', '304');
    expect(screen.getByRole('complementary', { name: 'Repository tree' })).toHaveStyle({ width: '304px' });
    await user.keyboard('{End}');
    expect(separator).toHaveAttribute('aria-valuenow', '560');
    await user.keyboard('{ArrowRight}');
    expect(separator).toHaveAttribute('aria-valuenow', '560');
    await user.keyboard('{Home}{ArrowRight}');
    expect(separator).toHaveAttribute('aria-valuenow', '208');
    expect(window.localStorage.getItem(SIDEBAR_WIDTH_KEY)).toBe('208');

    unmount();
    renderSidebar();
    expect(screen.getByRole('separator', { name: 'Resize the repository tree' })).toHaveAttribute('aria-valuenow', '208');
  });

  it('collapses and opens with its toggle, and remembers which', async () => {
    const { user, unmount } = renderSidebar();
    const toggle = screen.getByRole('button', { name: 'Repository tree' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await user.click(toggle);
    expect(screen.queryByRole('complementary', { name: 'Repository tree' })).not.toBeInTheDocument();
    expect(screen.queryByRole('separator')).not.toBeInTheDocument();
    expect(window.localStorage.getItem(SIDEBAR_OPEN_KEY)).toBe('false');

    unmount();
    const again = renderSidebar();
    const collapsed = screen.getByRole('button', { name: 'Repository tree' });
    expect(collapsed).toHaveAttribute('aria-expanded', 'false');
    await again.user.click(collapsed);
    expect(screen.getByRole('complementary', { name: 'Repository tree' })).toBeInTheDocument();
    expect(window.localStorage.getItem(SIDEBAR_OPEN_KEY)).toBe('true');
  });

  it("reads the catalog only once the page's own registry reads are done", async () => {
    let catalogReads = 0;
    server.use(
      http.get(`${baseUrl}/v2/_catalog`, () => {
        catalogReads += 1;
        return HttpResponse.json({ repositories: ['team/a', 'team/b'] });
      }),
    );
    const client = createTestClient(baseUrl);
    const { queryClient } = renderWithProviders(<RepositorySidebar currentPath="team/a" />, { route: '/r/team/a', registry: { client } });
    // The page's tag list, held by the test: a read of this registry in flight.
    let answer: (tags: string[]) => void = () => undefined;
    void queryClient.fetchQuery({ queryKey: ['registry', baseUrl, 'repo', 'team/a', 'tags'], queryFn: () => new Promise<string[]>((resolve) => (answer = resolve)) });
    const aside = screen.getByRole('complementary', { name: 'Repository tree' });
    expect(within(aside).getByText('The repository list loads once this page has its data.')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(catalogReads).toBe(0);

    answer(['v1']);
    expect(await within(aside).findByRole('treeitem', { name: /^a\b/ }, { timeout: 3000 })).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(catalogReads).toBe(1));
    expect(within(aside).queryByText('The repository list loads once this page has its data.')).not.toBeInTheDocument();
  });
});
