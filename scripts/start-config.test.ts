// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseAppConfig, REGISTRY_NAME_PATTERN as APP_NAME_PATTERN } from '../src/config/app-config.ts';
import { configSource, connectSrcFor, generatedConfig, headerSafe, isProxiedPath, pickEncoding, REGISTRY_NAME_PATTERN, registryNameFor } from './start-config.mjs';

describe('the config npm start generates for REGISTRY_URL', () => {
  it('uses the same name rule as the app', () => {
    expect(REGISTRY_NAME_PATTERN.source).toBe(APP_NAME_PATTERN.source);
  });

  it.each([
    ['http://127.0.0.1:5000', '127.0.0.1-5000'],
    ['http://localhost:5000/', 'localhost-5000'],
    ['https://registry.example.com', 'registry.example.com'],
    ['https://registry.example.com:443', 'registry.example.com'],
    ['http://registry.example.com:80', 'registry.example.com'],
    ['https://myregistry.azurecr.io:8443', 'myregistry.azurecr.io-8443'],
    ['http://[::1]:5000', '1-5000'],
    ['http://[fd00::a:b]:5000', 'fd00-a-b-5000'],
    [`https://${'a'.repeat(60)}.example:5000`, `${'a'.repeat(60)}.ex`],
  ])('%s → %s, which the app accepts', (url, name) => {
    expect(registryNameFor(url)).toBe(name);
    const config = generatedConfig(url, 'pull.example');
    expect(parseAppConfig(config).registries[0]).toEqual({ name, url: '', upstream: new URL(url).origin, loginServer: 'pull.example' });
  });
});

describe('what npm start forwards to REGISTRY_URL', () => {
  it.each(['/v2/', '/v2', '/v2/_catalog', '/acr/v1/_catalog', '/acr/v1/team/app/_tags', '/oauth2/token', '/oauth2/exchange'])('%s goes to the registry', (path) => {
    expect(isProxiedPath(path)).toBe(true);
  });

  it.each(['/', '/r/team/app', '/acr', '/acr/v2/x', '/oauth2', '/oauth2x/token', '/config.json', '/assets/x.js'])('%s is the app', (path) => {
    expect(isProxiedPath(path)).toBe(false);
  });
});

describe('configSource', () => {
  it('names what the user set, not a config.json they never wrote', () => {
    expect(configSource({ registryUrl: 'http://127.0.0.1:5000' })).toBe('the REGISTRY_URL environment variable (http://127.0.0.1:5000)');
    expect(configSource({ configFile: '/srv/regatta.json', registryUrl: 'http://x' })).toBe('the CONFIG_FILE /srv/regatta.json');
  });

  it('fits in a header whatever the path holds', () => {
    expect(headerSafe('the CONFIG_FILE /srv/régates\n.json')).toBe('the CONFIG_FILE /srv/r%C3%A9gates%0A.json');
    expect(headerSafe('the CONFIG_FILE /srv/a b.json')).toBe('the CONFIG_FILE /srv/a b.json');
  });
});

describe('connectSrcFor', () => {
  it('adds the Entra ID authority: the public cloud by default, else the one configured', () => {
    const config = {
      registries: [
        { name: 'a', url: '', entra: { clientId: 'c', tenantId: 't' } },
        { name: 'b', url: '/registries/b', entra: { clientId: 'c', tenantId: 't', authority: 'https://login.microsoftonline.us/t' } },
      ],
    };
    expect(connectSrcFor(config)).toBe("'self' https://login.microsoftonline.com https://login.microsoftonline.us");
  });

  it("is 'self' for same-origin registries", () => {
    expect(connectSrcFor({ registries: [{ name: 'a', url: '' }, { name: 'b', url: '/registries/b' }] })).toBe("'self'");
  });

  it('adds the origins of absolute registry URLs and token realms, once each', () => {
    const config = {
      registries: [
        { name: 'a', url: 'http://127.0.0.1:5001/', tokenRealms: ['https://auth.example/token', 'https://auth.example/other'] },
        { name: 'b', url: 'http://127.0.0.1:5001' },
        { name: 'c', url: 'https://acme.azurecr.io', tokenRealms: ['not a url'] },
      ],
    };
    expect(connectSrcFor(config)).toBe("'self' http://127.0.0.1:5001 https://auth.example https://acme.azurecr.io");
  });

  it('ignores what is not a config', () => {
    expect(connectSrcFor(null)).toBe("'self'");
    expect(connectSrcFor({ registries: [{ url: 'javascript:alert(1)' }] })).toBe("'self'");
  });
});

describe('pickEncoding', () => {
  it('prefers br, then gzip, honouring q=0 and *', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', ['br', 'gzip'])).toBe('br');
    expect(pickEncoding('gzip, deflate', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(pickEncoding('*, br;q=0', ['br', 'gzip'])).toBe('gzip');
    expect(pickEncoding('identity', ['br', 'gzip'])).toBeUndefined();
    expect(pickEncoding(undefined, ['br', 'gzip'])).toBeUndefined();
  });
});
