import { describe, expect, it } from 'vitest';
import { ACR_REFRESH_TOKEN_USER, exchangeEntraToken, exchangeUrlFor } from './acr-entra';
import { createRegistryClient } from './client';

const CHALLENGE = 'Bearer realm="https://myreg.azurecr.io/oauth2/token",service="myreg.azurecr.io"';

/** The portal's proxy in front of myreg.azurecr.io, as an ACR answers through it. */
function proxiedAcr(seen: { url: string; method: string; body?: string; authorization: string | null }[]) {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const authorization = new Headers(init?.headers).get('Authorization');
    seen.push({ url, method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? init.body : undefined, authorization });
    if (url === 'http://portal.test/oauth2/exchange' && init?.method === 'POST') {
      const form = new URLSearchParams(String(init.body));
      if (form.get('grant_type') !== 'access_token' || form.get('service') !== 'myreg.azurecr.io' || form.get('access_token') !== 'aad-token') {
        return Response.json({ errors: [{ code: 'UNAUTHORIZED', message: 'bad exchange' }] }, { status: 401 });
      }
      return Response.json({ refresh_token: 'acr-refresh' });
    }
    if (url === 'http://portal.test/oauth2/token') {
      const form = new URLSearchParams(String(init?.body));
      const expected = { grant_type: 'refresh_token', service: 'myreg.azurecr.io', scope: 'repository:team/app:pull', refresh_token: 'acr-refresh' };
      if (init?.method !== 'POST' || authorization !== null || JSON.stringify(Object.fromEntries(form)) !== JSON.stringify(expected)) return new Response('no', { status: 401 });
      return Response.json({ access_token: 'acr-access' });
    }
    if (authorization === 'Bearer acr-access' && url === 'http://portal.test/v2/team/app/tags/list') return Response.json({ name: 'team/app', tags: ['v1'] });
    return Response.json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { status: 401, headers: { 'WWW-Authenticate': `${CHALLENGE},scope="repository:team/app:pull"` } });
  }) as typeof fetch;
}

describe('Entra ID token → ACR credentials (POST /oauth2/exchange)', () => {
  it('exchanges at the realm\'s /oauth2/exchange through the proxy, and the refresh token then signs in', async () => {
    const seen: { url: string; method: string; body?: string; authorization: string | null }[] = [];
    const fetchFn = proxiedAcr(seen);
    const credentials = await exchangeEntraToken({ fetch: fetchFn, baseUrl: 'http://portal.test', upstream: 'https://myreg.azurecr.io', aadAccessToken: 'aad-token', tenant: 'contoso-tenant' });
    expect(credentials).toEqual({ username: ACR_REFRESH_TOKEN_USER, password: 'acr-refresh' });
    const exchange = seen.find((r) => r.url.endsWith('/oauth2/exchange'));
    expect(Object.fromEntries(new URLSearchParams(exchange?.body))).toEqual({ grant_type: 'access_token', service: 'myreg.azurecr.io', access_token: 'aad-token', tenant: 'contoso-tenant' });

    const client = createRegistryClient({ baseUrl: 'http://portal.test', upstream: 'https://myreg.azurecr.io', fetch: fetchFn, credentials: () => credentials });
    expect(await client.listTags('team/app')).toEqual(['v1']);
    expect(seen.every((r) => r.url.startsWith('http://portal.test/'))).toBe(true);
    // The refresh token travels in a POST form (the spec's refresh_token grant), never in a URL or a Basic header.
    const tokenRequests = seen.filter((r) => r.url.startsWith('http://portal.test/oauth2/token'));
    expect(tokenRequests.map((r) => [r.method, r.url, r.authorization])).toEqual([['POST', 'http://portal.test/oauth2/token', null]]);
  });

  it('sends the Entra token nowhere but the registry\'s own or upstream origin', async () => {
    const seen: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL) => {
      seen.push(String(input));
      return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://login.example/oauth2/token",service="myreg.azurecr.io"' } });
    }) as typeof fetch;
    await expect(exchangeEntraToken({ fetch: fetchFn, baseUrl: 'http://portal.test', upstream: 'https://myreg.azurecr.io', aadAccessToken: 'aad-token' })).rejects.toMatchObject({ code: 'REALM_NOT_ALLOWED' });
    expect(seen).toEqual(['http://portal.test/v2/']);
  });

  it('says so when the registry is no ACR (no Bearer challenge with a service)', async () => {
    const fetchFn = (async () => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"' } })) as typeof fetch;
    await expect(exchangeEntraToken({ fetch: fetchFn, baseUrl: 'http://portal.test', aadAccessToken: 't' })).rejects.toMatchObject({ code: 'ENTRA_UNSUPPORTED' });
  });

  it('a refused exchange is the registry\'s error', async () => {
    const seen: { url: string; method: string; authorization: string | null }[] = [];
    await expect(exchangeEntraToken({ fetch: proxiedAcr(seen), baseUrl: 'http://portal.test', upstream: 'https://myreg.azurecr.io', aadAccessToken: 'other' })).rejects.toMatchObject({ status: 401 });
  });

  it('finds the exchange beside the token realm', () => {
    expect(exchangeUrlFor('http://portal.test/registries/b/oauth2/token')).toBe('http://portal.test/registries/b/oauth2/exchange');
    expect(exchangeUrlFor('/oauth2/token?x=1')).toBe('/oauth2/exchange');
  });
});
