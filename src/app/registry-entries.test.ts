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
});
