import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ACR_REFRESH_TOKEN_USER, exchangeEntraToken } from '../registry/acr-entra';
import { createRegistryClient } from '../registry/client';
import { createCredentialsStore, type SessionStorageLike } from './credentials-store';
import { createEntraSignIn, type EntraAuthClient, type EntraToken } from './entra-sign-in';
import { attachEntraSignIns } from './entra-setup';
import { createRegistryEntries } from './registry-entries';

const PORTAL = 'http://portal.test';
const SERVICE = 'myreg.azurecr.io';
const NOW = Date.UTC(2026, 0, 1);

const jwt = (claims: Record<string, unknown>) => `${btoa(JSON.stringify({ alg: 'none' }))}.${btoa(JSON.stringify(claims)).replace(/=+$/, '')}.sig`;

/** An ACR behind the portal's proxy: exchange takes AAD tokens it knows, refresh tokens live an hour. */
const exchanged: string[] = [];
let refreshSerial = 0;
const validRefresh = new Set<string>();
const server = setupServer(
  http.get(`${PORTAL}/v2/`, () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="https://${SERVICE}/oauth2/token",service="${SERVICE}"` } })),
  http.post(`${PORTAL}/oauth2/exchange`, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const token = form.get('access_token') ?? '';
    exchanged.push(token);
    if (!token.startsWith('aad-') || form.get('service') !== SERVICE || form.get('grant_type') !== 'access_token') {
      return HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'the AAD access token was refused' }] }, { status: 401 });
    }
    const refresh = jwt({ sub: token, exp: NOW / 1000 + 3600, serial: ++refreshSerial });
    validRefresh.add(refresh);
    return HttpResponse.json({ refresh_token: refresh });
  }),
  // The spec's refresh-token grant: a form POST, no Basic header.
  http.post(`${PORTAL}/oauth2/token`, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const known = form.get('grant_type') === 'refresh_token' && form.get('service') === SERVICE && validRefresh.has(form.get('refresh_token') ?? '') && !request.headers.has('Authorization');
    return known ? HttpResponse.json({ access_token: 'acr-access' }) : HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'no' }] }, { status: 401 });
  }),
  http.get(`${PORTAL}/v2/_catalog`, ({ request }) =>
    request.headers.get('Authorization') === 'Bearer acr-access'
      ? HttpResponse.json({ repositories: ['team/app'] })
      : HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="https://${SERVICE}/oauth2/token",service="${SERVICE}",scope="registry:catalog:*"` } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  exchanged.length = 0;
});
afterAll(() => server.close());

function memoryStorage(): SessionStorageLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value), removeItem: (key) => void items.delete(key) };
}

/** MSAL as the flow sees it: one redirect return pending, then silent tokens. */
function fakeMsal(tokens: { redirect?: EntraToken | null; silent?: () => Promise<EntraToken> } = {}) {
  const calls: string[] = [];
  const client: EntraAuthClient = {
    completeRedirect: async () => {
      calls.push('completeRedirect');
      return tokens.redirect === undefined ? { accessToken: 'aad-first', account: 'ada@contoso.test' } : tokens.redirect;
    },
    startSignIn: async () => void calls.push('startSignIn'),
    acquireSilently: async () => {
      calls.push('acquireSilently');
      return tokens.silent ? tokens.silent() : { accessToken: 'aad-renewed', account: 'ada@contoso.test' };
    },
    forget: async () => void calls.push('forget'),
  };
  return { client, calls };
}

function setup(msal = fakeMsal()) {
  const storage = memoryStorage();
  const credentials = createCredentialsStore({ key: 'creds', storage });
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  let loads = 0;
  const entra = createEntraSignIn({
    config: { clientId: 'spa', tenantId: 'contoso' },
    credentials,
    storage,
    key: 'entra',
    now: () => NOW,
    loadClient: async () => {
      loads += 1;
      return msal.client;
    },
    exchange: (aadAccessToken) => exchangeEntraToken({ fetch, baseUrl: PORTAL, upstream: `https://${SERVICE}`, aadAccessToken, tenant: 'contoso' }),
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => void ((timer as { cleared: boolean }).cleared = true),
  });
  return { entra, credentials, storage, timers, msal, loads: () => loads };
}

describe('Entra ID sign-in', () => {
  it('a page load that is no return from the identity provider never loads MSAL', async () => {
    const { entra, credentials, loads } = setup();
    await entra.completeRedirect();
    expect(loads()).toBe(0);
    expect(credentials.get()).toBeNull();
  });

  it('sign in redirects, the return is exchanged at /oauth2/exchange, and the refresh token then signs the registry in per scope', async () => {
    const { entra, credentials, msal } = setup();
    await entra.signIn();
    expect(msal.calls).toEqual(['startSignIn']);
    // …the identity provider redirects back, the page loads again:
    await entra.completeRedirect();
    expect(exchanged).toEqual(['aad-first']);
    expect(credentials.get()?.username).toBe(ACR_REFRESH_TOKEN_USER);
    expect(credentials.isRemembered()).toBe(true);
    expect(entra.account()).toBe('ada@contoso.test');
    expect(entra.error()).toBeNull();

    const client = createRegistryClient({ baseUrl: PORTAL, upstream: `https://${SERVICE}`, fetch, credentials: () => credentials.get() });
    const pages: string[][] = [];
    for await (const page of client.catalogPages()) pages.push(page);
    expect(pages).toEqual([['team/app']]);

    // Only once: a reload after it is no return any more.
    await entra.completeRedirect();
    expect(msal.calls.filter((c) => c === 'completeRedirect')).toHaveLength(1);
  });

  it('renews the ACR refresh token before its exp, with a new Entra token taken silently', async () => {
    const { entra, credentials, timers, msal } = setup();
    await entra.signIn();
    await entra.completeRedirect();
    const first = credentials.get()?.password;
    // Refresh token exp is an hour away: renewed 5 minutes before.
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(3300_000);
    timers[0]!.run();
    await vi.waitFor(() => expect(credentials.get()?.password).not.toBe(first));
    expect(msal.calls).toContain('acquireSilently');
    expect(exchanged).toEqual(['aad-first', 'aad-renewed']);
    expect(msal.calls).not.toContain('forget');
    expect(timers).toHaveLength(2);
    expect(timers[1]!.ms).toBe(3300_000);
  });

  it('a failed renewal keeps the credentials and says to sign in again', async () => {
    const { entra, credentials, timers } = setup(fakeMsal({ silent: () => Promise.reject(new Error('interaction_required: AADSTS50058.')) }));
    await entra.signIn();
    await entra.completeRedirect();
    const signedIn = credentials.get();
    timers[0]!.run();
    await vi.waitFor(() => expect(entra.error()).toBe('The Entra ID session could not be renewed: interaction_required: AADSTS50058. Sign in again.'));
    expect(credentials.get()).toEqual(signedIn);
  });

  it('sign out clears MSAL\'s cache and stops renewing', async () => {
    const { entra, credentials, timers, msal, storage } = setup();
    await entra.signIn();
    await entra.completeRedirect();
    credentials.clear();
    await vi.waitFor(() => expect(msal.calls).toContain('forget'));
    expect(timers[0]!.cleared).toBe(true);
    expect(entra.account()).toBeNull();
    expect([...storage.items.keys()].filter((key) => key.startsWith('entra'))).toEqual([]);
  });

  it('a token the registry refuses leaves the user signed out, with the registry\'s reason', async () => {
    const { entra, credentials } = setup(fakeMsal({ redirect: { accessToken: 'forged', account: 'eve@contoso.test' } }));
    await entra.signIn();
    await entra.completeRedirect();
    expect(credentials.get()).toBeNull();
    expect(entra.error()).toMatch(/^Entra ID sign-in failed: .*the AAD access token was refused/);
  });

  it('resumes a session kept in this tab: renewal is scheduled again without a redirect', async () => {
    const first = setup();
    await first.entra.signIn();
    await first.entra.completeRedirect();
    // A reload: a new page with the same tab storage.
    const credentials = createCredentialsStore({ key: 'creds', storage: first.storage });
    const timers: number[] = [];
    const entra = createEntraSignIn({
      config: { clientId: 'spa', tenantId: 'contoso' },
      credentials,
      storage: first.storage,
      key: 'entra',
      now: () => NOW + 1000_000,
      loadClient: () => Promise.reject(new Error('not needed')),
      exchange: () => Promise.reject(new Error('not needed')),
      setTimer: (_run, ms) => timers.push(ms),
      clearTimer: () => undefined,
    });
    await entra.resume();
    expect(entra.account()).toBe('ada@contoso.test');
    expect(timers).toEqual([3300_000 - 1000_000]);
  });
});

describe('registry entries', () => {
  it('an entra block gives the registry an Entra sign-in; none, none', () => {
    const env = { origin: 'http://ui.test', host: 'ui.test', fetch, storage: null };
    const config = { registries: [{ name: 'acr', url: '', upstream: `https://${SERVICE}`, entra: { clientId: 'spa', tenantId: 'contoso' } }, { name: 'plain', url: '/registries/b' }] };
    const entries = createRegistryEntries(config, env);
    expect(entries.map((entry) => entry.entra)).toEqual([undefined, undefined]);
    const attached = attachEntraSignIns(entries, config, env);
    expect(attached).toHaveLength(1);
    expect(entries[0]?.entra?.config).toEqual({ clientId: 'spa', tenantId: 'contoso' });
    expect(entries[1]?.entra).toBeUndefined();
  });
});
