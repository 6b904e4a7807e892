import { ConfigError, defaultAppConfig, entraAuthorityOf, loadAppConfig, loginServerOf, parseAppConfig, registryBaseUrl } from './app-config';

const parseError = (raw: unknown) => {
  try {
    parseAppConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('registry names', () => {
  it.each(['default', 'acme-prod', 'team.registry_2', 'A1'])('accepts %s', (name) => {
    expect(parseAppConfig({ registries: [{ name, url: '' }] }).registries[0]?.name).toBe(name);
  });

  it.each(['', 'two words', 'a/b', '@x', '-lead', 'é', 'x?y', 'a'.repeat(64)])('refuses %j, naming the field', (name) => {
    expect(parseError({ registries: [{ name, url: '' }] })).toMatch(/registries\.0\.name/);
  });

  it('refuses two registries with one name', () => {
    const message = parseError({ registries: [{ name: 'a', url: '' }, { name: 'a', url: 'https://b.example' }] });
    expect(message).toContain('registries.1.name');
    expect(message).toContain('unique');
  });
});

describe('registry url', () => {
  it.each(['', '/registries/b', 'http://127.0.0.1:5000', 'https://acme.azurecr.io'])('accepts %j', (url) => {
    expect(() => parseAppConfig({ registries: [{ name: 'r', url }] })).not.toThrow();
  });
  it.each(['registries/b', '/trailing/', 'ftp://x', 'https://', '//evil.example'])('refuses %j', (url) => {
    expect(parseError({ registries: [{ name: 'r', url }] })).toMatch(/registries\.0\.url/);
  });
  it('resolves same-origin forms against the page', () => {
    expect(registryBaseUrl('', 'http://ui.test')).toBe('http://ui.test');
    expect(registryBaseUrl('/registries/b', 'http://ui.test')).toBe('http://ui.test/registries/b');
    expect(registryBaseUrl('https://r.example/', 'http://ui.test')).toBe('https://r.example');
    expect(loginServerOf({ name: 'b', url: '/registries/b' }, 'ui.test')).toBe('ui.test');
  });
});

describe('tokenRealms', () => {
  it('takes absolute http(s) URLs', () => {
    const config = parseAppConfig({ registries: [{ name: 'r', url: '', tokenRealms: ['https://auth.example/token', 'http://127.0.0.1:5001'] }] });
    expect(config.registries[0]?.tokenRealms).toEqual(['https://auth.example/token', 'http://127.0.0.1:5001']);
  });
  it.each([['/token'], ['auth.example/token'], ['javascript:alert(1)']])('refuses %j', (realm) => {
    expect(parseError({ registries: [{ name: 'r', url: '', tokenRealms: [realm] }] })).toMatch(/registries\.0\.tokenRealms\.0/);
  });
});

describe('sourceClient', () => {
  it('takes the documented format, hierarchy paths included', () => {
    expect(parseAppConfig({ sourceClient: 'azure/acr/connected-registry/instance-1', registries: [{ name: 'r', url: '' }] }).sourceClient).toBe(
      'azure/acr/connected-registry/instance-1',
    );
    expect(parseError({ sourceClient: 'aks', registries: [{ name: 'r', url: '' }] })).toMatch(/sourceClient/);
  });
});

describe('loadAppConfig', () => {
  const serve = (body: string, init: ResponseInit) => (async () => new Response(body, init)) as unknown as typeof fetch;
  const loadError = async (fetchImpl: typeof fetch) => {
    try {
      await loadAppConfig(fetchImpl);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('takes a 404 as the default: one registry at this origin', async () => {
    await expect(loadAppConfig(serve('Not found', { status: 404 }))).resolves.toEqual(defaultAppConfig);
  });

  it('names the source the server declares (npm start: REGISTRY_URL), not a config.json nobody wrote', async () => {
    const source = 'the REGISTRY_URL environment variable (http://127.0.0.1:5000)';
    const error = await loadError(
      serve(JSON.stringify({ registries: [{ name: 'a:b', url: '' }] }), { status: 200, headers: { 'X-Regatta-Config-Source': source } }),
    );
    expect(error.source).toBe(source);
    expect(error.message).toContain(source);
    expect(error.message).toContain('registries.0.name');
    expect(error.message).not.toContain('config.json');
  });

  it("reads the answer to the page's early request (config-prefetch.js) once, then asks again", async () => {
    const asked: string[] = [];
    const fetchImpl = (async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ registries: [{ name: 'asked', url: '' }] }), { status: 200 });
    }) as unknown as typeof fetch;
    const page = globalThis as { __regattaConfigRequest?: Promise<Response> };
    page.__regattaConfigRequest = Promise.resolve(new Response(JSON.stringify({ registries: [{ name: 'early', url: '' }] }), { status: 200 }));
    expect((await loadAppConfig(fetchImpl)).registries[0]?.name).toBe('early');
    expect(asked).toEqual([]);
    expect((await loadAppConfig(fetchImpl)).registries[0]?.name).toBe('asked');
    expect(asked).toEqual(['/config.json']);
  });

  it('says /config.json when nothing is declared, and explains an index.html answer', async () => {
    const error = await loadError(serve('<!doctype html><html></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(error.source).toBe('/config.json');
    expect(error.message).toMatch(/^\/config\.json is not valid JSON/);
    expect(error.message).toContain('instead of 404');
  });
});

const withEntra = (entra: unknown) => ({ registries: [{ name: 'acr', url: '', upstream: 'https://myreg.azurecr.io', entra }] });

describe('registries[].entra', () => {
  it('takes a client id and a tenant, and defaults the authority to the tenant on the public cloud', () => {
    const config = parseAppConfig(withEntra({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: 'contoso.onmicrosoft.com' }));
    const entra = config.registries[0]!.entra!;
    expect(entra).toEqual({ clientId: '11111111-2222-3333-4444-555555555555', tenantId: 'contoso.onmicrosoft.com' });
    expect(entraAuthorityOf(entra)).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com');
  });

  it('takes another https authority and scopes', () => {
    const config = parseAppConfig(withEntra({ clientId: 'spa', tenantId: 'stand-in', authority: 'https://127.0.0.1:8443/', scopes: ['api://acr/.default'] }));
    expect(entraAuthorityOf(config.registries[0]!.entra!)).toBe('https://127.0.0.1:8443');
    expect(config.registries[0]!.entra!.scopes).toEqual(['api://acr/.default']);
  });

  it('names each wrong field', () => {
    const message = parseError(withEntra({ clientId: '', tenantId: 'contoso tenant', authority: 'http://login.example/', scopes: [] }));
    expect(message).toContain('registries.0.entra.clientId: must be the application (client) id of the app registration');
    expect(message).toContain('registries.0.entra.tenantId: must be the directory (tenant) id or a domain');
    expect(message).toContain('registries.0.entra.authority: must be an https URL without query');
    expect(message).toContain('registries.0.entra.scopes: needs at least one scope');
  });

  it('says what is missing', () => {
    const message = parseError(withEntra({ tenantId: 'contoso' }));
    expect(message).toMatch(/registries\.0\.entra\.clientId: /);
  });
});
