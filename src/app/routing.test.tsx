import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BrowserRouter, Link, NavLink, useLocation, useParams, useRoutes, useSearchParams, type RouteObject } from '../components/routing';
import { createMemoryRouter, RouterProvider } from './memory-router';
import { appRoutes } from './router';

/** The app's own route table, each page replaced by a line naming its route and params. */
function markRoutes(routes: RouteObject[]): RouteObject[] {
  return routes.map((route) => ({
    ...route,
    element: route.children ? undefined : <Matched name={route.index ? 'index' : (route.path ?? '')} />,
    children: route.children && markRoutes(route.children),
  }));
}

function Matched({ name }: { name: string }) {
  const params = useParams();
  return <p data-testid="matched">{`${name} ${JSON.stringify(params)}`}</p>;
}

describe('the app routes, ranked as react-router ranks them', () => {
  it.each([
    ['/', 'index {}'],
    ['/?q=web', 'index {}'],
    ['/r', 'r/* {"*":""}'],
    ['/r/team/app/web', 'r/* {"*":"team/app/web"}'],
    ['/r/team/app/-/manifest/sha256:abc', 'r/* {"*":"team/app/-/manifest/sha256:abc"}'],
    ['/R/alpine', 'r/* {"*":"alpine"}'],
    ['/rx', '* {"*":"rx"}'],
    ['/orphans', 'orphans {}'],
    ['/orphans/', 'orphans {}'],
    ['/orphans/x', '* {"*":"orphans/x"}'],
    ['/cleanup', 'cleanup {}'],
    ['/connect', 'connect {}'],
    ['/audit', 'audit/* {"*":""}'],
    ['/audit/team/app', 'audit/* {"*":"team/app"}'],
    ['/search', 'search {}'],
    ['/layers/sha256:abc', 'layers/:digest {"digest":"sha256:abc"}'],
    ['/layers/sha256%3Aabc', 'layers/:digest {"digest":"sha256:abc"}'],
    ['/layers', '* {"*":"layers"}'],
    ['/layers/a/b', '* {"*":"layers/a/b"}'],
    ['/no/such/page', '* {"*":"no/such/page"}'],
  ])('%s → %s', (path, expected) => {
    render(<RouterProvider router={createMemoryRouter(markRoutes(appRoutes), { initialEntries: [path] })} />);
    expect(screen.getByTestId('matched')).toHaveTextContent(expected);
  });
});

function Place() {
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  return (
    <>
      <p data-testid="place">{`${location.pathname}${location.search} key=${location.key} q=${params.get('q') ?? ''}`}</p>
      <button type="button" onClick={() => setParams((previous) => ({ ...Object.fromEntries(previous), q: 'a b&c' }), { replace: true })}>
        Filter
      </button>
    </>
  );
}

function Shell() {
  return useRoutes([
    {
      element: (
        <>
          <Link to="/">Home</Link>
          <Link to="/r/team/app">App</Link>
          <NavLink to="/audit" className={({ isActive }) => (isActive ? 'active' : 'idle')}>
            Audit
          </NavLink>
          <Place />
        </>
      ),
      children: [{ path: '*' }],
    },
  ]);
}

describe('routing in the browser', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('links under a basename, pushes entries with their own key, and back returns to the entry it left', async () => {
    window.history.replaceState(null, '', '/@second/');
    const user = userEvent.setup();
    render(
      <BrowserRouter basename="/@second">
        <Shell />
      </BrowserRouter>,
    );
    expect(screen.getByRole('link', { name: 'Home' })).toHaveAttribute('href', '/@second');
    expect(screen.getByRole('link', { name: 'App' })).toHaveAttribute('href', '/@second/r/team/app');
    expect(screen.getByTestId('place')).toHaveTextContent('/ key=default q=');

    await user.click(screen.getByRole('link', { name: 'App' }));
    expect(window.location.pathname).toBe('/@second/r/team/app');
    expect(screen.getByTestId('place')).toHaveTextContent(/^\/r\/team\/app key=(\w+) q=$/);
    const keyShown = () => /key=(\w+)/.exec(screen.getByTestId('place').textContent ?? '')?.[1];
    const pushedKey = keyShown();
    expect(pushedKey).not.toBe('default');

    // A replaced entry gets a key of its own too (as react-router's history gives it).
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    expect(window.location.search).toBe('?q=a+b%26c');
    expect(screen.getByTestId('place')).toHaveTextContent('q=a b&c');
    const replacedKey = keyShown();
    expect(replacedKey).not.toBe(pushedKey);

    await user.click(screen.getByRole('link', { name: 'Audit' }));
    expect(screen.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'Audit' })).toHaveClass('active');

    // The filter replaced its entry: one step back is the filtered repository, with its key.
    act(() => window.history.back());
    await waitFor(() => expect(screen.getByTestId('place')).toHaveTextContent(`/r/team/app?q=a+b%26c key=${replacedKey} q=a b&c`));
    expect(screen.getByRole('link', { name: 'Audit' })).not.toHaveAttribute('aria-current');
  });

  it('leaves a click with a modifier to the browser', async () => {
    const user = userEvent.setup();
    render(
      <BrowserRouter>
        <Shell />
      </BrowserRouter>,
    );
    const link = screen.getByRole('link', { name: 'App' });
    link.addEventListener('click', (event) => event.preventDefault());
    await user.keyboard('{Control>}');
    await user.click(link);
    await user.keyboard('{/Control}');
    expect(window.location.pathname).toBe('/');
    expect(screen.getByTestId('place')).toHaveTextContent('/ key=default');
  });
});
