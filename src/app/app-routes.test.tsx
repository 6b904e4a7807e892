import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { RegistryClient } from '../registry/client';
import type { RegistryContextValue } from '../queries/registry-context';
import { AppProviders } from './app-providers';
import { createCredentialsStore } from './credentials-store';
import { createTestQueryClient } from './render-with-providers';
import { appRoutes } from './router';

// The not-found page and the layout never reach the registry.
const client = { baseUrl: 'http://registry.test' } as RegistryClient;

function renderApp(route: string, overrides: Partial<RegistryContextValue> = {}) {
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
  const credentials = createCredentialsStore({ storage: null });
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
    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
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
  });

  it('signs in from the header and signs out, clearing credentials and cached data', async () => {
    const { user, credentials, queryClient } = renderApp('/nowhere');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getAllByRole('button', { name: 'Sign in' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('checkbox', { name: 'Remember for this tab' }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(credentials.get()).toEqual({ username: 'bob', password: 'pw' });
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as bob');

    queryClient.setQueryData(['registry', client.baseUrl, 'catalog'], { names: ['secret'], complete: true });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(credentials.get()).toBeNull();
    expect(queryClient.getQueryData(['registry', client.baseUrl, 'catalog'])).toBeUndefined();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
