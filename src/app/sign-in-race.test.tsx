import { act, render, screen, waitFor, within } from '@testing-library/react';
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

// A registry behind a token service: anonymous access is refused, alice gets a token.
const REGISTRY = 'http://vault.test';
const ALICE = { username: 'alice', password: 's3cret' };
const TOKEN = 'alice-token';
const registry = new FakeRegistry();
function unauthorized(url: string) {
  const { pathname } = new URL(url);
  const scope = pathname === '/v2/_catalog' ? 'registry:catalog:*' : `repository:${/^\/v2\/(.+?)\/(tags|manifests|blobs)\//.exec(pathname)?.[1]}:pull`;
  return HttpResponse.json(
    { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
    { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${REGISTRY}/token",service="vault",scope="${scope}"` } },
  );
}

// The anonymous token request for alpha's tags is answered only when the test says so.
let answerAnonymousTagsToken = () => {};
let anonymousTagsTokens = 0;
const server = setupServer(
  http.get(`${REGISTRY}/token`, async ({ request }) => {
    if (request.headers.get('Authorization') === basicAuthorization(ALICE)) return HttpResponse.json({ token: TOKEN, expires_in: 300 });
    if (new URL(request.url).searchParams.get('scope') === 'repository:alpha:pull') {
      anonymousTagsTokens += 1;
      await new Promise<void>((resolve) => (answerAnonymousTagsToken = resolve));
    }
    return HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'anonymous access refused' }] }, { status: 401 });
  }),
  http.all(`${REGISTRY}/v2/*`, ({ request }) => (request.headers.get('Authorization') === `Bearer ${TOKEN}` ? undefined : unauthorized(request.url))),
  ...registryHandlers(registry, { baseUrl: REGISTRY }),
);

stubLayout({ clientHeight: 560 });
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await pushImage(registry, 'alpha', { tags: ['a1'], layers: [16] });
});
afterAll(() => server.close());

it('a request refused after the sign-in, though sent before it, neither asks again nor stays failed', async () => {
  window.history.replaceState(null, '', '/');
  const registries = createRegistryEntries(
    { registries: [{ name: 'vault', url: REGISTRY }] },
    { origin: 'http://ui.test', host: 'ui.test', fetch: (input, init) => fetch(input, init), storage: null },
  );
  const user = userEvent.setup();
  render(<App registries={registries} queryClient={createTestQueryClient()} />);

  // The catalog was refused at once. Then the user opens a repository: its tags' anonymous token
  // request is still out when the user signs in. (Opened by its address, the page would read the
  // catalog only once its own reads are done: see useRegistrySettled.)
  await screen.findByRole('form', { name: 'Sign in to vault' });
  act(() => {
    window.history.pushState(null, '', '/r/alpha');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await waitFor(() => expect(anonymousTagsTokens).toBe(1));
  const form = screen.getByRole('form', { name: 'Sign in to vault' });
  await user.type(within(form).getByLabelText('Username'), ALICE.username);
  await user.type(within(form).getByLabelText('Password'), ALICE.password);
  await user.click(within(form).getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.queryByRole('form', { name: /Sign in to/ })).not.toBeInTheDocument());

  // Now the token service refuses that anonymous request: the tags are read again, signed in.
  act(() => answerAnonymousTagsToken());
  expect(await screen.findByRole('row', { name: /a1/ })).toBeInTheDocument();
  await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
  expect(screen.queryByRole('form', { name: /Sign in to/ })).not.toBeInTheDocument();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(anonymousTagsTokens).toBe(1);
});
