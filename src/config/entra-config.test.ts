import { ConfigError, entraAuthorityOf, parseAppConfig } from './app-config';

const withEntra = (entra: unknown) => ({ registries: [{ name: 'acr', url: '', upstream: 'https://myreg.azurecr.io', entra }] });

const parseError = (raw: unknown) => {
  try {
    parseAppConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

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
