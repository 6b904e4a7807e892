// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicAuthorization, createAuthenticator, isRealmAllowed, jwtExpiry, parseWwwAuthenticate, realmThroughProxy, tokenLifetimeMs, tokenUrl } from './auth';
import { createRegistryClient } from './client';
import { RegistryError } from './errors';
import { DOCKER_MANIFEST } from './manifests';
import type { Credentials } from './types';

describe('parseWwwAuthenticate', () => {
  it('reads a Bearer challenge with a quoted scope holding commas', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' } },
    ]);
  });

  it('reads several challenges in one header', () => {
    const challenges = parseWwwAuthenticate('Basic realm="x", Bearer realm="https://a/token",service="s",scope="repository:a/b:pull,push"');
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(challenges[0]?.params).toEqual({ realm: 'x' });
    expect(challenges[1]?.params).toEqual({ realm: 'https://a/token', service: 's', scope: 'repository:a/b:pull,push' });
  });

  it('unescapes quoted values and lowercases scheme and parameter names', () => {
    expect(parseWwwAuthenticate('BEARER Realm="say \\"hi\\", then go", Error=insufficient_scope')).toEqual([
      { scheme: 'bearer', params: { realm: 'say "hi", then go', error: 'insufficient_scope' } },
    ]);
  });

  it('handles spaces around "=", unquoted values, token68 and bare schemes', () => {
    expect(parseWwwAuthenticate('Basic realm = Registry , charset="UTF-8"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry', charset: 'UTF-8' } }]);
    expect(parseWwwAuthenticate('Negotiate abc+/d==, Basic')).toEqual([
      { scheme: 'negotiate', params: { token68: 'abc+/d==' } },
      { scheme: 'basic', params: {} },
    ]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="unterminated')).toEqual([{ scheme: 'bearer', params: { realm: 'unterminated' } }]);
  });
});

describe('basicAuthorization', () => {
  it('base64-encodes UTF-8 bytes', () => {
    expect(basicAuthorization({ username: 'alice', password: 's3cret' })).toBe('Basic YWxpY2U6czNjcmV0');
    expect(basicAuthorization({ username: 'jürgen', password: 'pässwörd€' })).toBe('Basic asO8cmdlbjpww6Rzc3fDtnJk4oKs') // Buffer.from(…, 'utf8').toString('base64');
  });
});

describe('tokenUrl', () => {
  it('sends each scope as its own parameter', () => {
    const url = new URL(tokenUrl({ realm: 'https://auth.test/token?client=ui', service: 'reg', scopes: ['repository:a:pull', 'repository:b:pull,push'] }));
    expect(url.searchParams.get('client')).toBe('ui');
    expect(url.searchParams.get('service')).toBe('reg');
    expect(url.searchParams.getAll('scope')).toEqual(['repository:a:pull', 'repository:b:pull,push']);
  });
});

const REGISTRY = 'http://registry.test';
const REALM = 'http://auth.test/token';
const BASIC_REGISTRY = 'http://basic.test';
const ALICE: Credentials = { username: 'alice', password: 's3cret' };

const manifestBytes = new TextEncoder().encode(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 10 },
    layers: [],
  }),
);

let registryRequests: { path: string; authorization: string | null }[] = [];
let tokenRequests: { service: string | null; scopes: string[]; authorization: string | null }[] = [];
let issued = 0;
/** Authorizations the registry refuses as invalid_token (expired or revoked behind the client's back). */
const revoked = new Set<string>();

const challenge = (scope: string, extra = '') => ({
  'WWW-Authenticate': `Bearer realm="${REALM}",service="registry.test",scope="${scope}"${extra}`,
});
const unauthorized = { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] };

const server = setupServer(
  http.get(REALM, ({ request }) => {
    const url = new URL(request.url);
    const authorization = request.headers.get('Authorization');
    tokenRequests.push({ service: url.searchParams.get('service'), scopes: url.searchParams.getAll('scope'), authorization });
    if (authorization !== null && authorization !== basicAuthorization(ALICE)) return new HttpResponse('denied', { status: 401 });
    issued++;
    return HttpResponse.json({ token: `t${issued}|${url.searchParams.getAll('scope').join(' ')}`, expires_in: 60 });
  }),
  // lib/app and lib/other accept a token minted for their pull scope
  http.get(`${REGISTRY}/v2/lib/:repo/manifests/:reference`, ({ request, params }) => {
    const authorization = request.headers.get('Authorization');
    registryRequests.push({ path: new URL(request.url).pathname, authorization });
    const scope = `repository:lib/${String(params.repo)}:pull`;
    if (params.repo === 'locked') return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope) });
    if (params.repo === 'narrow' && authorization) {
      return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope, ',error="insufficient_scope"') });
    }
    if (revoked.has(authorization ?? '')) return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope, ',error="invalid_token"') });
    if (!authorization?.startsWith('Bearer ') || !authorization.endsWith(`|${scope}`)) {
      return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope) });
    }
    return new HttpResponse(manifestBytes, { headers: { 'Content-Type': DOCKER_MANIFEST } });
  }),
  // DELETE asks for its own scope; "readonly" is a repository whose delete nobody is granted.
  http.delete(`${REGISTRY}/v2/lib/:repo/manifests/:reference`, ({ request, params }) => {
    const authorization = request.headers.get('Authorization');
    registryRequests.push({ path: `DELETE ${new URL(request.url).pathname}`, authorization });
    const scope = `repository:lib/${String(params.repo)}:delete`;
    if (params.repo === 'readonly' && authorization) {
      return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope, ',error="insufficient_scope"') });
    }
    if (!authorization?.endsWith(`|${scope}`)) return HttpResponse.json(unauthorized, { status: 401, headers: challenge(scope) });
    return new HttpResponse(null, { status: 202 });
  }),
  http.get(`${BASIC_REGISTRY}/v2/lib/app/tags/list`, ({ request }) => {
    const authorization = request.headers.get('Authorization');
    registryRequests.push({ path: new URL(request.url).pathname, authorization });
    if (authorization !== basicAuthorization(ALICE)) {
      return HttpResponse.json(unauthorized, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="Registry Realm"' } });
    }
    return HttpResponse.json({ name: 'lib/app', tags: ['v1'] });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  registryRequests = [];
  tokenRequests = [];
  issued = 0;
  revoked.clear();
});

async function caught(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('expected a RegistryError');
}

describe('Basic flow', () => {
  it('answers the challenge with credentials, then sends them up front', async () => {
    const client = createRegistryClient({ baseUrl: BASIC_REGISTRY, fetch, credentials: () => ALICE });
    expect(await client.listTags('lib/app')).toEqual(['v1']);
    expect(registryRequests.map((r) => r.authorization)).toEqual([null, basicAuthorization(ALICE)]);
    expect(await client.listTags('lib/app')).toEqual(['v1']);
    expect(registryRequests).toHaveLength(3);
    expect(registryRequests[2]?.authorization).toBe(basicAuthorization(ALICE));
  });

  it('fails with 401 at once when there are no credentials', async () => {
    const client = createRegistryClient({ baseUrl: BASIC_REGISTRY, fetch, credentials: () => null });
    const error = await caught(client.listTags('lib/app'));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', repository: 'lib/app' });
    expect(error.message).toBe('401 UNAUTHORIZED: authentication required');
    expect(error.challenges).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    expect(registryRequests).toHaveLength(1);
  });

  it('retries once with wrong credentials, then throws 401', async () => {
    const client = createRegistryClient({ baseUrl: BASIC_REGISTRY, fetch, credentials: () => ({ username: 'alice', password: 'wrong' }) });
    const error = await caught(client.listTags('lib/app'));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(error.message).toMatch(/refused these credentials/);
    expect(registryRequests).toHaveLength(2);
  });
});

describe('Bearer flow', () => {
  let clock = 0;
  const makeClient = (credentials: () => Credentials | null = () => ALICE) =>
    createRegistryClient({ baseUrl: REGISTRY, fetch, credentials, now: () => clock, tokenRealms: [REALM] });
  beforeEach(() => {
    clock = Date.parse('2024-05-01T10:00:00Z');
  });

  it('fetches a token for the challenged service and scope, with Basic credentials, and retries', async () => {
    const client = makeClient();
    const fetched = await client.getManifest('lib/app', 'v1');
    expect(fetched.manifest.kind).toBe('image');
    expect(tokenRequests).toEqual([{ service: 'registry.test', scopes: ['repository:lib/app:pull'], authorization: basicAuthorization(ALICE) }]);
    expect(registryRequests.map((r) => r.authorization)).toEqual([null, 'Bearer t1|repository:lib/app:pull']);
  });

  it('caches the token per scope: the second request asks for no new token', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    await client.getManifest('lib/app', 'v2');
    expect(tokenRequests).toHaveLength(1);
    expect(registryRequests).toHaveLength(3); // the second request sent the token up front
    await client.getManifest('lib/other', 'v1');
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[1]?.scopes).toEqual(['repository:lib/other:pull']);
  });

  it('refetches when the token nears expiry', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    clock += 45_000;
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(1);
    clock += 10_000; // 55 s: inside the safety margin of a 60 s token
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(2);
    expect(registryRequests.at(-1)?.authorization).toBe('Bearer t2|repository:lib/app:pull');
  });

  it('shares one token request between concurrent requests', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    clock += 120_000;
    await Promise.all([client.getManifest('lib/app', 'a'), client.getManifest('lib/app', 'b'), client.getManifest('lib/app', 'c')]);
    expect(tokenRequests).toHaveLength(2);
  });

  it('retries once, then throws 401 UNAUTHORIZED', async () => {
    const client = makeClient();
    const error = await caught(client.getManifest('lib/locked', 'v1'));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', repository: 'lib/locked', reference: 'v1' });
    expect(registryRequests).toHaveLength(2);
    expect(tokenRequests).toHaveLength(1);
    expect(error.challenges[0]?.params.scope).toBe('repository:lib/locked:pull');
  });

  it('says so when the token lacks the scope', async () => {
    const error = await caught(makeClient(() => null).getManifest('lib/narrow', 'v1'));
    expect(error.message).toBe('401 UNAUTHORIZED: the token does not grant the access this request needs (repository:lib/narrow:pull).');
    const signedIn = await caught(makeClient().getManifest('lib/narrow', 'v1'));
    expect(signedIn.message).toBe(
      '403 DENIED: signed in as "alice", but the token service did not grant repository:lib/narrow:pull (read (pull) "lib/narrow"). ' +
        'This account lacks that permission; everything else it may do still works.',
    );
  });

  it('reports a sign-in refused by the token service', async () => {
    const client = makeClient(() => ({ username: 'alice', password: 'wrong' }));
    const error = await caught(client.getManifest('lib/app', 'v1'));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', repository: 'lib/app' });
    expect(error.message).toMatch(/refused the sign-in/);
    expect(registryRequests).toHaveLength(1);
  });

  it('asks for an anonymous token without credentials', async () => {
    const client = makeClient(() => null);
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests[0]?.authorization).toBeNull();
  });

  it('accepts access_token and defaults expires_in to 60 s', async () => {
    server.use(
      http.get(REALM, ({ request }) => {
        const scopes = new URL(request.url).searchParams.getAll('scope');
        tokenRequests.push({ service: null, scopes, authorization: null });
        return HttpResponse.json({ access_token: `oauth|${scopes.join(' ')}` });
      }),
    );
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    expect(registryRequests.at(-1)?.authorization).toBe('Bearer oauth|repository:lib/app:pull');
    clock += 49_000;
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(1);
    clock += 2_000;
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(2);
  });

  it('rejects a token answer without a token', async () => {
    server.use(http.get(REALM, () => HttpResponse.json({ nothing: true })));
    const error = await caught(makeClient().getManifest('lib/app', 'v1'));
    expect(error.code).toBe('TOKEN_INVALID');
  });
});

describe('isRealmAllowed', () => {
  const policy = { registryUrl: 'https://reg.example/prefix', tokenRealms: ['https://auth.example/token', 'https://sso.example'] };
  it.each([
    ['https://reg.example/token', true],
    ['/token', true],
    ['https://auth.example/token', true],
    ['https://auth.example/token/', true],
    ['https://auth.example/other', false],
    ['https://sso.example/any/path', true],
    ['http://reg.example/token', false],
    ['https://reg.example:8443/token', false],
    ['https://evil.example/token', false],
    ['javascript:alert(1)', false],
  ])('%s → %s', (realm, allowed) => {
    expect(isRealmAllowed(realm, policy)).toBe(allowed);
  });
  it('allows only relative realms when the registry URL is relative', () => {
    expect(isRealmAllowed('/token', { registryUrl: '' })).toBe(true);
    expect(isRealmAllowed('https://auth.example/token', { registryUrl: '' })).toBe(false);
  });
});

describe('token realm safety', () => {
  it('refuses a realm on another origin without sending it anything', async () => {
    const client = createRegistryClient({ baseUrl: REGISTRY, fetch, credentials: () => ALICE });
    const error = await caught(client.getManifest('lib/app', 'v1'));
    expect(error).toMatchObject({ status: 0, code: 'REALM_NOT_ALLOWED', repository: 'lib/app' });
    expect(error.message).toContain(REALM);
    expect(error.message).toContain('tokenRealms');
    expect(tokenRequests).toHaveLength(0);
    expect(registryRequests).toHaveLength(1);
  });

  it('fetches tokens from a realm listed in tokenRealms', async () => {
    const client = createRegistryClient({ baseUrl: REGISTRY, fetch, credentials: () => ALICE, tokenRealms: ['http://auth.test'] });
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(1);
  });
});

describe('token lifetime, scopes and sign-out', () => {
  let clock = 0;
  const makeClient = (credentials: () => Credentials | null = () => ALICE) =>
    createRegistryClient({ baseUrl: REGISTRY, fetch, credentials, now: () => clock, tokenRealms: [REALM] });
  beforeEach(() => {
    clock = Date.parse('2024-05-01T10:00:00Z');
  });

  it('renews a token the registry refuses before its expires_in, once, transparently', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    revoked.add('Bearer t1|repository:lib/app:pull');
    const fetched = await client.getManifest('lib/app', 'v2');
    expect(fetched.manifest.kind).toBe('image');
    expect(tokenRequests).toHaveLength(2);
    expect(registryRequests.slice(-2).map((r) => r.authorization)).toEqual(['Bearer t1|repository:lib/app:pull', 'Bearer t2|repository:lib/app:pull']);
  });

  it('asks to sign in again (401) when the renewed token is refused as well', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    revoked.add('Bearer t1|repository:lib/app:pull');
    revoked.add('Bearer t2|repository:lib/app:pull');
    const error = await caught(client.getManifest('lib/app', 'v2'));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(tokenRequests).toHaveLength(2); // one renewal, no loop
  });

  it('keeps a token until expires_in (minus the margin), then fetches a new one', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    clock += 49_000;
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(1);
    clock += 2_000;
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(2);
    // The renewal came before sending: no request went out with the old token after its time.
    expect(registryRequests.at(-1)?.authorization).toBe('Bearer t2|repository:lib/app:pull');
    expect(registryRequests).toHaveLength(4);
  });

  it('chooses the scope by action: a delete never goes out with the pull token', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    expect(await client.deleteManifest('lib/app', `sha256:${'b'.repeat(64)}`)).toBe(true);
    const deletes = registryRequests.filter((r) => r.path.startsWith('DELETE'));
    expect(deletes.map((r) => r.authorization)).toEqual([null, 'Bearer t2|repository:lib/app:delete']);
    expect(tokenRequests.map((r) => r.scopes)).toEqual([['repository:lib/app:pull'], ['repository:lib/app:delete']]);
    // The pull token is still the one for reads.
    await client.getManifest('lib/app', 'v1');
    expect(registryRequests.at(-1)?.authorization).toBe('Bearer t1|repository:lib/app:pull');
  });

  it('explains a refused action (403 DENIED naming the scope) when signed in', async () => {
    const client = makeClient();
    const error = await caught(client.deleteManifest('lib/readonly', `sha256:${'b'.repeat(64)}`));
    expect(error).toMatchObject({ status: 403, code: 'DENIED', repository: 'lib/readonly' });
    expect(error.message).toContain('repository:lib/readonly:delete');
    expect(error.message).toContain('signed in as "alice"');
    // Reads of the same repository keep working.
    await expect(client.getManifest('lib/app', 'v1')).resolves.toBeTruthy();
  });

  it('keeps 401 for an insufficient scope while anonymous: signing in may help', async () => {
    const error = await caught(makeClient(() => null).deleteManifest('lib/readonly', `sha256:${'b'.repeat(64)}`));
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('clearAuth forgets tokens: the next request starts anonymous and fetches a new token', async () => {
    const client = makeClient();
    await client.getManifest('lib/app', 'v1');
    client.clearAuth();
    await client.getManifest('lib/app', 'v1');
    expect(tokenRequests).toHaveLength(2);
    expect(registryRequests.map((r) => r.authorization)).toEqual([null, 'Bearer t1|repository:lib/app:pull', null, 'Bearer t2|repository:lib/app:pull']);
  });
});

describe('token cache', () => {
  it('expired tokens leave the cache', async () => {
    let clock = 1_000_000;
    const fetchFn = (async () => Response.json({ token: `t${clock}`, expires_in: 60 })) as typeof fetch;
    const auth = createAuthenticator({ fetch: fetchFn, now: () => clock });
    const challenge = (scope: string) => [{ scheme: 'bearer', params: { realm: 'http://registry.test/token', service: 'r', scope } }];
    for (const name of ['a', 'b', 'c']) await auth.respond(challenge(`repository:${name}:pull`), `repository:${name}:pull`, undefined);
    expect(auth.tokenCount).toBe(3);
    clock += 120_000;
    await auth.respond(challenge('repository:d:pull'), 'repository:d:pull', undefined);
    expect(auth.tokenCount).toBe(1);
    clock += 120_000;
    await auth.authorizationFor('repository:d:pull');
    // d expired too: looked up, swept and fetched again.
    expect(auth.tokenCount).toBe(1);
    auth.clear();
    expect(auth.tokenCount).toBe(0);
  });
});

/** A JWT as ACR issues them (header.payload.signature, base64url); the signature is never checked client-side. */
function jwt(payload: unknown): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}.c2lnbmF0dXJl`;
}

describe('JWT expiry (ACR access tokens carry exp and no expires_in)', () => {
  it('reads exp from the payload', () => {
    expect(jwtExpiry(jwt({ exp: 1_900_000_000, access: [] }))).toBe(1_900_000_000);
    // base64url characters and a payload whose length needs padding
    expect(jwtExpiry(jwt({ exp: 1_800_000_001, sub: '??>>~~' }))).toBe(1_800_000_001);
  });

  it.each([
    ['an opaque token', 'abc123'],
    ['two parts', 'a.b'],
    ['a payload that is not base64url', 'a.$$$.c'],
    ['a payload that is not JSON', `a.${btoa('not json')}.c`],
    ['exp as a string', jwt({ exp: '1900000000' })],
    ['a negative exp', jwt({ exp: -5 })],
    ['no exp', jwt({ sub: 'x' })],
    ['a JSON array payload', `a.${btoa('[1]')}.c`],
  ])('ignores %s', (_label, token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });

  it('lives until exp, expires_in when it is shorter, 60 s for opaque tokens or an exp already past', () => {
    const now = 1_800_000_000_000;
    expect(tokenLifetimeMs(jwt({ exp: now / 1000 + 3600 }), undefined, now)).toBe(3_600_000);
    expect(tokenLifetimeMs(jwt({ exp: now / 1000 + 3600 }), 300, now)).toBe(300_000);
    expect(tokenLifetimeMs(jwt({ exp: now / 1000 + 100 }), 300, now)).toBe(100_000);
    expect(tokenLifetimeMs('opaque', undefined, now)).toBe(60_000);
    expect(tokenLifetimeMs('opaque', 900, now)).toBe(900_000);
    expect(tokenLifetimeMs(jwt({ exp: now / 1000 - 10 }), undefined, now)).toBe(60_000);
  });

  it('keeps a JWT access token until shortly before exp, then fetches a new one', async () => {
    let clock = 1_800_000_000_000;
    let fetched = 0;
    const fetchFn = (async () => {
      fetched++;
      return Response.json({ access_token: jwt({ exp: clock / 1000 + 3600, n: fetched }) });
    }) as typeof fetch;
    const auth = createAuthenticator({ fetch: fetchFn, now: () => clock });
    const challenge = [{ scheme: 'bearer', params: { realm: 'http://registry.test/oauth2/token', service: 'registry.test', scope: 'repository:a:metadata_read' } }];
    const first = await auth.respond(challenge, 'k', undefined);
    clock += 59 * 60_000; // well past the 60 s the token spec assumes
    expect(await auth.authorizationFor('k')).toBe(first);
    expect(fetched).toBe(1);
    clock += 55_000; // 5 s before exp: inside the 10 s margin
    const second = await auth.authorizationFor('k');
    expect(fetched).toBe(2);
    expect(second).not.toBe(first);
  });
});

describe('realms on the upstream origin go through the same-origin proxy', () => {
  const policy = { registryUrl: 'http://portal.test', upstream: 'https://myregistry.azurecr.io' };

  it('rewrites only a realm on the upstream origin', () => {
    expect(realmThroughProxy('https://myregistry.azurecr.io/oauth2/token', policy)).toBe('http://portal.test/oauth2/token');
    expect(realmThroughProxy('https://myregistry.azurecr.io/oauth2/token?x=1', { ...policy, registryUrl: 'http://portal.test/registries/b/' })).toBe(
      'http://portal.test/registries/b/oauth2/token?x=1',
    );
    expect(realmThroughProxy('http://myregistry.azurecr.io/oauth2/token', policy)).toBe('http://myregistry.azurecr.io/oauth2/token');
    expect(realmThroughProxy('https://myregistry.azurecr.io:8443/oauth2/token', policy)).toBe('https://myregistry.azurecr.io:8443/oauth2/token');
    expect(realmThroughProxy('https://other.azurecr.io/oauth2/token', policy)).toBe('https://other.azurecr.io/oauth2/token');
    expect(realmThroughProxy('https://myregistry.azurecr.io/oauth2/token', { registryUrl: 'http://portal.test' })).toBe('https://myregistry.azurecr.io/oauth2/token');
  });

  it('fetches the token from the proxy path with the credentials, and sends nothing to the upstream or anywhere else', async () => {
    const seen: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      seen.push(url);
      const authorization = new Headers(init?.headers).get('Authorization');
      if (url.startsWith('http://portal.test/oauth2/token?')) {
        expect(authorization).toBe(basicAuthorization(ALICE));
        return Response.json({ access_token: 'acr-token' });
      }
      if (authorization === 'Bearer acr-token') return Response.json({ name: 'team/app', tags: ['v1'] });
      return Response.json(unauthorized, {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="https://myregistry.azurecr.io/oauth2/token",service="myregistry.azurecr.io",scope="repository:team/app:pull"' },
      });
    }) as typeof fetch;
    const client = createRegistryClient({ baseUrl: 'http://portal.test', upstream: 'https://myregistry.azurecr.io', fetch: fetchFn, credentials: () => ALICE });
    expect(await client.listTags('team/app')).toEqual(['v1']);
    expect(seen.every((url) => url.startsWith('http://portal.test/'))).toBe(true);
    expect(seen).toContain('http://portal.test/oauth2/token?service=myregistry.azurecr.io&scope=repository%3Ateam%2Fapp%3Apull');
  });

  it('still refuses a realm on any other origin', async () => {
    const fetchFn = (async () =>
      Response.json(unauthorized, { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://login.example/oauth2/token",service="x"' } })) as typeof fetch;
    const client = createRegistryClient({ baseUrl: 'http://portal.test', upstream: 'https://myregistry.azurecr.io', fetch: fetchFn, credentials: () => ALICE });
    await expect(client.listTags('team/app')).rejects.toMatchObject({ code: 'REALM_NOT_ALLOWED' });
  });
});
