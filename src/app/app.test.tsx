import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { basicAuthorization } from '../registry/auth';
import { FakeRegistry } from '../testing/fake-registry';
import { stubLayout } from '../testing/jsdom-layout';
import { pushImage } from '../testing/fake-images';
import { registryHandlers } from '../testing/registry-handlers';
import { App } from './app';
import { createRegistryEntries } from './registry-entries';
import { createTestQueryClient } from './render-with-providers';
import type { AppConfig } from '../config/app-config';
import { indexTagsQuery } from '../queries/index-queries';
import { indexTagsOverThreeImages } from '../testing/index-tags';

// Two registries side by side: "one" asks for Basic credentials, "two" is anonymous.
const ONE = 'http://one.test';
const TWO = 'http://two.test';
const ALICE = { username: 'alice', password: 's3cret' };
const one = new FakeRegistry();
const two = new FakeRegistry();
const server = setupServer(
  http.all(`${ONE}/*`, ({ request }) =>
    request.headers.get('Authorization') === basicAuthorization(ALICE)
      ? undefined
      : HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="one"' } }),
  ),
  ...registryHandlers(one, { baseUrl: ONE }),
  ...registryHandlers(two, { baseUrl: TWO }),
);

stubLayout({ clientHeight: 560 });
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await pushImage(one, 'alpha', { tags: ['a1', 'a2'], layers: [16] });
  await pushImage(two, 'beta', { tags: ['b1'], layers: [16] });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function renderApp(path: string, config: AppConfig = { registries: [{ name: 'one', url: ONE }, { name: 'two', url: TWO }] }) {
  window.history.replaceState(null, '', path);
  const registries = createRegistryEntries(
    config,
    { origin: 'http://ui.test', host: 'ui.test', fetch: (input, init) => fetch(input, init), storage: null },
  );
  const queryClient = createTestQueryClient();
  const user = userEvent.setup();
  render(<App registries={registries} queryClient={queryClient} />);
  return { registries, queryClient, user };
}

const registrySelect = () => screen.getByRole('combobox', { name: 'Registry' });

describe('several registries', () => {
  it('switches registries keeping caches and credentials separate', async () => {
    const { user, queryClient, registries } = renderApp('/');
    // "one" needs a sign-in; the form names it.
    const form = await screen.findByRole('form', { name: 'Sign in to one' });
    await user.type(within(form).getByLabelText('Username'), ALICE.username);
    await user.type(within(form).getByLabelText('Password'), ALICE.password);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('link', { name: 'alpha' })).toHaveAttribute('href', '/r/alpha');
    const oneCatalog = queryClient.getQueryData(['registry', ONE, 'catalog']);
    expect(oneCatalog).toBeDefined();

    await user.selectOptions(registrySelect(), 'two');
    expect(window.location.pathname).toBe('/@two/');
    expect(await screen.findByRole('link', { name: 'beta' })).toHaveAttribute('href', '/@two/r/beta');
    expect(screen.queryByRole('link', { name: 'alpha' })).not.toBeInTheDocument();
    // two is anonymous: nobody is signed in there, one's credentials never went to it, and two
    // never asked for any, so it offers no "Sign in" (one's 401 is one's business).
    expect(screen.queryByRole('button', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
    expect(registries[1]?.credentials.get()).toBeNull();
    // one's cache is untouched by the switch.
    expect(queryClient.getQueryData(['registry', ONE, 'catalog'])).toBe(oneCatalog);

    // Tags of two's repository, then back to one: still signed in, no form.
    await user.click(screen.getByRole('link', { name: 'beta' }));
    expect(window.location.pathname).toBe('/@two/r/beta');
    expect(await screen.findByRole('row', { name: /b1/ })).toBeInTheDocument();

    await user.selectOptions(registrySelect(), 'one');
    expect(window.location.pathname).toBe('/');
    expect(await screen.findByRole('link', { name: 'alpha' })).toBeInTheDocument();
    expect(screen.getByText(/Signed in as/)).toHaveTextContent('Signed in as alice');
    expect(screen.queryByRole('form', { name: /Sign in to/ })).not.toBeInTheDocument();
  });

  it('follows the browser back button across registries', async () => {
    const { user } = renderApp('/@two/');
    expect(await screen.findByRole('link', { name: 'beta' })).toBeInTheDocument();
    await user.selectOptions(registrySelect(), 'one');
    expect(window.location.pathname).toBe('/');
    await screen.findByRole('form', { name: 'Sign in to one' });
    act(() => window.history.back());
    await waitFor(() => expect(window.location.pathname).toBe('/@two/'));
    expect(await screen.findByRole('link', { name: 'beta' })).toBeInTheDocument();
    expect(registrySelect()).toHaveValue('1');
  });

  it('opens a deep link into another registry', async () => {
    renderApp('/@two/r/beta');
    expect(await screen.findByRole('row', { name: /b1/ })).toBeInTheDocument();
    expect(registrySelect()).toHaveValue('1');
  });

  it('says when the URL names no configured registry, and lists those that exist', async () => {
    const { user } = renderApp('/@nope/r/x');
    expect(await screen.findByRole('heading', { name: 'No registry named “nope”' })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('No registry named “nope” · Regatta'));
    const list = screen.getByRole('list', { name: 'Configured registries' });
    expect(within(list).getByRole('link', { name: 'one' })).toHaveAttribute('href', '/');
    expect(within(list).getByRole('link', { name: 'two' })).toHaveAttribute('href', '/@two/');
    await user.click(within(list).getByRole('link', { name: 'two' }));
    expect(window.location.pathname).toBe('/@two/');
    expect(await screen.findByRole('link', { name: 'beta' })).toBeInTheDocument();
  });
});

describe('navigating inside the app', () => {
  const INDEX = 'http://index.test';
  const config: AppConfig = { registries: [{ name: 'two', url: TWO, index: INDEX }] };

  /** The index of "two": its catalog counts, and beta's tags (counted). */
  function serveIndex() {
    const seen = { tagRequests: 0 };
    server.use(
      http.get(`${INDEX}/index/v1/repositories`, () => HttpResponse.json({ repositories: [], next: null })),
      http.get(`${INDEX}/index/v1/repositories/beta/-/tags`, () => {
        seen.tagRequests += 1;
        return HttpResponse.json({ repository: 'beta', tags: indexTagsOverThreeImages(3) });
      }),
      http.get(`${INDEX}/index/v1/*`, () => HttpResponse.json({ errors: [{ code: 'NOT_FOUND', message: 'not here' }] }, { status: 404 })),
    );
    return seen;
  }

  /** Runs `navigate` inside act(): React renders once the callback returns, so the state read is the one before. */
  function fetchStatusBeforeRender(navigate: () => void, read: () => string | undefined): string | undefined {
    let status: string | undefined;
    act(() => {
      navigate();
      status = read();
    });
    return status;
  }

  it.each([
    ['back or forward (popstate)', () => {
      window.history.pushState(null, '', '/r/beta');
      window.dispatchEvent(new PopStateEvent('popstate'));
    }],
    ['a link', () => fireEvent.click(screen.getByRole('link', { name: 'beta' }))],
  ])("asks for a repository's tags as the route changes by %s, before the page renders, and once", async (_how, navigate) => {
    const seen = serveIndex();
    const { registries, queryClient } = renderApp('/', config);
    expect(await screen.findByRole('link', { name: 'beta' })).toBeInTheDocument();
    const registry = registries[0]!.context;
    const tags = indexTagsQuery(registry.index, registry.url, 'beta').queryKey;
    expect(queryClient.getQueryState(tags)).toBeUndefined();

    expect(fetchStatusBeforeRender(navigate, () => queryClient.getQueryState(tags)?.fetchStatus)).toBe('fetching');
    expect(await screen.findByRole('row', { name: /v0/ })).toBeInTheDocument();
    expect(window.location.pathname).toBe('/r/beta');
    expect(seen.tagRequests).toBe(1);
  });
});
