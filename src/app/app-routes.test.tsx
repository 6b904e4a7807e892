import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from './memory-router';
import type { RegistryClient } from '../registry/client';
import { RegistryError } from '../registry/errors';
import type { RegistryContextValue } from '../queries/registry-context';
import { AppProviders } from './app-providers';
import { createCredentialsStore } from './credentials-store';
import { createTestQueryClient } from './render-with-providers';
import { appRoutes } from './router';

// The not-found page and the layout never reach the registry.
const client = { baseUrl: 'http://registry.test' } as RegistryClient;

function renderApp(route: string, overrides: Partial<RegistryContextValue> = {}, credentials = createCredentialsStore({ storage: null })) {
  const registry: RegistryContextValue = {
    name: 'acme',
    client,
    url: client.baseUrl,
    loginServer: 'acme.azurecr.io',
    catalogPageSize: 1000,
    readOnly: false,
    demo: false,
    ...overrides,
  };
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(appRoutes, { initialEntries: [route] });
  render(
    <AppProviders queryClient={queryClient} registry={registry} credentials={credentials}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { router, credentials, queryClient, user: userEvent.setup() };
}

describe('app routes and layout', () => {
  it('shows a not-found page with a way home', async () => {
    const { router, user } = renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Back to the repositories' }));
    expect(router.state.location.pathname).toBe('/');
  });

  it('names the registry and its login server, with a demo badge in demo mode', () => {
    renderApp('/nowhere', { demo: true });
    const banner = screen.getByRole('banner');
    expect(banner).toHaveTextContent('acme');
    expect(banner).toHaveTextContent('acme.azurecr.io');
    expect(screen.getByText('Demo registry')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Regatta' })).toHaveAttribute('href', '/');
  });

  it('has no demo badge for a real registry', () => {
    renderApp('/nowhere');
    expect(screen.queryByText('Demo registry')).not.toBeInTheDocument();
    expect(screen.queryByRole('note', { name: 'About the demo registry' })).not.toBeInTheDocument();
  });

  it('says on screen, on every page, that the demo keeps changes only until reload', async () => {
    const { router } = renderApp('/nowhere', { demo: true });
    const note = screen.getByRole('note', { name: 'About the demo registry' });
    expect(note).toHaveTextContent('last only until you reload the page');
    expect(screen.getByText('Demo registry')).toHaveAttribute('title', expect.stringMatching(/until you reload/));
    await act(() => router.navigate('/no/other/page'));
    expect(screen.getByRole('note', { name: 'About the demo registry' })).toBeVisible();
  });

  it('offers no "Sign in" where the registry never asked for credentials (the demo, anonymous registries)', () => {
    renderApp('/nowhere', { demo: true });
    expect(screen.getByText('Demo registry')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByText(/asks for credentials/)).not.toBeInTheDocument();
  });

  it('shows who is signed in when credentials are stored, without any 401', () => {
    const credentials = createCredentialsStore({ storage: null });
    credentials.set({ username: 'carol', password: 'pw' });
    renderApp('/nowhere', {}, credentials);
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as carol');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('after a 401 signs in, signs out clearing credentials and cached data, then offers "Sign in" from the header', async () => {
    const { user, credentials, queryClient } = renderApp('/nowhere');
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument();
    const unauthorized = new RegistryError({ status: 401, code: 'UNAUTHORIZED', message: 'authentication required' });
    await act(() => queryClient.prefetchQuery({ queryKey: ['registry', client.baseUrl, 'catalog'], queryFn: () => Promise.reject(unauthorized) }));
    const form = await screen.findByRole('form', { name: 'Sign in to acme' });
    expect(form).toHaveTextContent('The registry asks for credentials');
    // The form's own button is the only "Sign in" while it is on screen.
    expect(screen.getAllByRole('button', { name: 'Sign in' })).toHaveLength(1);
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('checkbox', { name: 'Remember for this tab' }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(credentials.get()).toEqual({ username: 'bob', password: 'pw' });
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as bob');

    act(() => queryClient.setQueryData(['registry', client.baseUrl, 'catalog'], { names: ['secret'], complete: true }));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(credentials.get()).toBeNull();
    expect(queryClient.getQueryData(['registry', client.baseUrl, 'catalog'])).toBeUndefined();
    // The registry asked once: signing in again stays on offer, and can be cancelled.
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('form', { name: 'Sign in to acme' })).toHaveTextContent('Credentials stay in this tab’s memory.');
    expect(screen.getAllByRole('button', { name: 'Sign in' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
