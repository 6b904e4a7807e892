import { http, HttpResponse } from 'msw';
import { createTestRegistry } from '../testing/test-server';
import { createRegistryEntries } from './registry-entries';

const { fake, server, baseUrl } = createTestRegistry();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const env = { origin: 'http://ui.test', host: 'ui.test', fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init), storage: null };

describe('createRegistryEntries', () => {
  it('builds one entry per configured registry with the defaults filled in', () => {
    const entries = createRegistryEntries(
      { registries: [{ name: 'proxied', url: '' }, { name: 'acr', url: 'https://acme.azurecr.io', catalogPageSize: 50, readOnly: true }] },
      env,
    );
    expect(entries.map((entry) => entry.context)).toMatchObject([
      { name: 'proxied', url: 'http://ui.test', loginServer: 'ui.test', catalogPageSize: 1000, readOnly: false, demo: false },
      { name: 'acr', url: 'https://acme.azurecr.io', loginServer: 'acme.azurecr.io', catalogPageSize: 50, readOnly: true },
    ]);
    expect(entries[0]?.context.client.baseUrl).toBe('http://ui.test');
  });

  it('serves the demo from this origin', () => {
    const [entry] = createRegistryEntries({ demo: true, registries: [{ name: 'demo', url: 'https://elsewhere.example' }] }, env);
    expect(entry?.context).toMatchObject({ url: 'http://ui.test', loginServer: 'ui.test', demo: true });
  });

  it('sends X-Meta-Source-Client and the stored credentials', async () => {
    await fake.putBlob('a', new Uint8Array([1]));
    server.use(
      http.get(`${baseUrl}/v2/_catalog`, ({ request }) =>
        request.headers.get('Authorization')
          ? undefined
          : new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } }),
      ),
    );
    const seen: Headers[] = [];
    const [entry] = createRegistryEntries(
      { sourceClient: 'azure/aks', registries: [{ name: 't', url: baseUrl }] },
      { ...env, fetch: (input, init) => { seen.push(new Headers(init?.headers)); return fetch(input, init); } },
    );
    if (!entry) throw new Error('no entry');
    entry.credentials.set({ username: 'u', password: 'p' });
    const pages: string[][] = [];
    for await (const page of entry.context.client.catalogPages()) pages.push(page);
    expect(pages).toEqual([['a']]);
    expect(seen[0]?.get('X-Meta-Source-Client')).toBe('azure/aks');
    expect(seen.at(-1)?.get('Authorization')).toBe(`Basic ${btoa('u:p')}`);
    expect(seen.at(-1)?.get('X-Meta-Source-Client')).toBe('azure/aks');
  });

  it('serves a path-prefixed registry from this origin and passes tokenRealms to the client', async () => {
    const [, prefixed] = createRegistryEntries(
      { registries: [{ name: 'a', url: '' }, { name: 'b', url: '/registries/b', tokenRealms: ['https://auth.example/token'] }] },
      env,
    );
    expect(prefixed?.context).toMatchObject({ url: 'http://ui.test/registries/b', loginServer: 'ui.test' });
    expect(prefixed?.context.client.baseUrl).toBe('http://ui.test/registries/b');
  });

  it('forgets tokens whenever the credentials change (sign-in as someone else, sign-out)', async () => {
    await fake.putBlob('lib/app', new Uint8Array([1]));
    const tokenCalls: string[] = [];
    server.use(
      http.get('http://ui.test/token', ({ request }) => {
        tokenCalls.push(request.headers.get('Authorization') ?? 'anonymous');
        return HttpResponse.json({ token: `t${tokenCalls.length}`, expires_in: 300 });
      }),
      http.get('http://ui.test/v2/lib/app/tags/list', ({ request }) =>
        request.headers.get('Authorization')?.startsWith('Bearer ')
          ? HttpResponse.json({ name: 'lib/app', tags: ['v1'] })
          : new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="http://ui.test/token",service="s",scope="repository:lib/app:pull"' } }),
      ),
    );
    const [entry] = createRegistryEntries({ registries: [{ name: 't', url: '' }] }, env);
    if (!entry) throw new Error('no entry');
    entry.credentials.set({ username: 'u', password: 'p' });
    await entry.context.client.listTags('lib/app');
    await entry.context.client.listTags('lib/app');
    expect(tokenCalls).toHaveLength(1);
    entry.credentials.clear();
    await entry.context.client.listTags('lib/app');
    expect(tokenCalls).toEqual([`Basic ${btoa('u:p')}`, 'anonymous']);
  });
});
