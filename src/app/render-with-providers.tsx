import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, type RouteObject } from '../components/routing';
import { createMemoryRouter, RouterProvider } from './memory-router';
import type { RegistryClient } from '../registry/client';
import type { RegistryContextValue } from '../queries/registry-context';
import { AppProviders } from './app-providers';
import { createCredentialsStore, type CredentialsStore } from './credentials-store';
import { SignInPanel } from './sign-in-panel';

export interface RenderWithProvidersOptions {
  /** Initial URL, e.g. '/r/library/alpine?tag=v1'. Default '/'. */
  route?: string;
  /** Route pattern the ui is mounted at, e.g. '/r/*'. Default '*'. */
  path?: string;
  registry?: Partial<RegistryContextValue> & { client: RegistryClient };
  /** Default: a fresh client with retries off and no garbage collection during the test. */
  queryClient?: QueryClient;
  /** Default: a memory-only store (no sessionStorage). Wire the client's `credentials` to it for auth tests. */
  credentials?: CredentialsStore;
}

export interface RenderWithProvidersResult extends RenderResult {
  user: ReturnType<typeof userEvent.setup>;
  queryClient: QueryClient;
  registry: RegistryContextValue;
  credentials: CredentialsStore;
  router: ReturnType<typeof createMemoryRouter>;
  /** Current router location (pathname + search + hash). */
  location: () => string;
}

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
}

function UnmatchedRoute() {
  const location = useLocation();
  return <p data-testid="unmatched-route">{location.pathname + location.search}</p>;
}

/**
 * Renders `ui` inside the same providers as the app (query client, registry, credentials, the
 * sign-in panel) under a memory router, so component tests read like the running app.
 */
export function renderWithProviders(ui: ReactElement, options: RenderWithProvidersOptions = {}): RenderWithProvidersResult {
  const { route = '/', path = '*' } = options;
  const client = options.registry?.client;
  if (!client) throw new Error('renderWithProviders needs options.registry.client');
  const registry: RegistryContextValue = {
    name: 'test registry',
    url: client.baseUrl,
    loginServer: 'registry.test',
    catalogPageSize: 1000,
    readOnly: false,
    demo: false,
    ...options.registry,
    client,
  };
  const queryClient = options.queryClient ?? createTestQueryClient();
  const credentials = options.credentials ?? createCredentialsStore({ storage: null });

  const children: RouteObject[] = [{ path, element: ui }];
  if (path !== '*') children.push({ path: '*', element: <UnmatchedRoute /> });
  const router = createMemoryRouter(
    [
      {
        element: (
          <>
            <SignInPanel />
            <Outlet />
          </>
        ),
        children,
      },
    ],
    { initialEntries: [route] },
  );

  const user = userEvent.setup();
  const result = render(
    <AppProviders queryClient={queryClient} registry={registry} credentials={credentials}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  const location = () => {
    const { pathname, search, hash } = router.state.location;
    return pathname + search + hash;
  };
  return { ...result, user, queryClient, registry, credentials, router, location };
}
