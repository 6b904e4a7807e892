// @vitest-environment node
// RegistryAccess against stand-ins for distribution's access controllers (registry/auth/*): none
// (every request passes), htpasswd (a Basic challenge; a valid user reads everything), token (a
// Bearer challenge; the registry checks a token it can verify — here: one its token service issued
// — and the repositories its `access` claim grants), silly (a Bearer challenge; any header passes).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bearerChallenge, pullClaims, RegistryAccess, RegistryUnavailableError } from './registry-access.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'pass');
const BOB = basic('bob', 'pass');
const MALLORY = basic('alice', 'wrong');

/** 1,000 repositories: alice may pull the 500 under team/, bob none, anonymous none. */
const REPOSITORIES = [...Array.from({ length: 500 }, (_, i) => `other/app-${String(i).padStart(3, '0')}`), ...Array.from({ length: 500 }, (_, i) => `team/app-${String(i).padStart(3, '0')}`)];
const TEAM = REPOSITORIES.filter((name) => name.startsWith('team/'));

type Controller = 'none' | 'htpasswd' | 'token' | 'silly';

const jwt = (claims: Record<string, unknown>, signature: string) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

interface StandIn {
  server: Server;
  url: string;
  controller: Controller;
  /** 5xx for every registry request while set. */
  failing: boolean;
  /** 5xx for every token request while set. */
  tokenFailing: boolean;
  /** `<authorization or -> <path>` of each registry request. */
  requests: string[];
  /** `<authorization or -> <service> <scopes…>` of each token request. */
  tokenRequests: string[];
  /** A token as the stand-in's token service would sign it (the registry accepts only those). */
  issue(access: { type: string; name: string; actions: string[] }[], exp?: number): string;
}

async function startRegistry(controller: Controller): Promise<StandIn> {
  const issued = new Set<string>();
  let signatures = 0;
  const standIn: StandIn = {
    server: createServer(),
    url: '',
    controller,
    failing: false,
    tokenFailing: false,
    requests: [],
    tokenRequests: [],
    issue(access, exp = inAMinute()) {
      const token = jwt({ iss: 'test', aud: 'registry.test', exp, access }, `signature-${++signatures}`);
      issued.add(token);
      return token;
    },
  };
  /** What distribution's token controller checks once the token verified: the exact name, with pull or *. */
  const grantsPull = (token: string, name: string) => {
    const { access } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { access: { type: string; name: string; actions: string[] }[] };
    return access.some((entry) => entry.type === 'repository' && entry.name === name && (entry.actions.includes('pull') || entry.actions.includes('*')));
  };
  standIn.server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', standIn.url);
    const authorization = req.headers.authorization;
    if (url.pathname === '/token') {
      const scopes = url.searchParams.getAll('scope');
      standIn.tokenRequests.push(`${authorization ?? '-'} ${url.searchParams.get('service')} ${scopes.join(' ')}`);
      if (standIn.tokenFailing) return void res.writeHead(503).end();
      if (authorization && authorization !== ALICE && authorization !== BOB) return void res.writeHead(401).end();
      // Like docker's token servers: a token is always issued, with only the access the user has.
      const access = scopes
        .map((scope) => /^repository:(.+):pull$/.exec(scope)?.[1])
        .filter((name): name is string => name !== undefined && authorization === ALICE && name.startsWith('team/'))
        .map((name) => ({ type: 'repository', name, actions: ['pull'] }));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: standIn.issue(access) }));
      return;
    }
    standIn.requests.push(`${authorization ?? '-'} ${url.pathname}`);
    if (standIn.failing) return void res.writeHead(503).end();
    const name = /^\/v2\/(.+)\/tags\/list$/.exec(url.pathname)?.[1];
    const ok = () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(name ? { name, tags: ['v1'] } : {}));
    const bearerChallenge = (error?: string) =>
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${standIn.url}/token",service="registry.test"${name ? `,scope="repository:${name}:pull"` : ''}${error ? `,error="${error}"` : ''}` }).end();
    switch (standIn.controller) {
      case 'none':
        return ok();
      case 'htpasswd':
        return authorization === ALICE || authorization === BOB ? ok() : void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end();
      case 'silly':
        return authorization ? ok() : bearerChallenge();
      case 'token': {
        const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
        if (!token) return bearerChallenge();
        if (!issued.has(token)) return bearerChallenge('invalid_token');
        return !name || grantsPull(token, name) ? ok() : bearerChallenge('insufficient_scope');
      }
    }
  });
  await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
  return standIn;
}

let registry: StandIn;
const start = async (controller: Controller) => (registry = await startRegistry(controller));
afterEach(async () => {
  vi.useRealTimers();
  await new Promise<void>((resolve) => registry.server.close(() => resolve()));
});

const listing = (access: RegistryAccess, authorization: string | undefined) => access.filter(authorization, REPOSITORIES, (name) => name);

describe('RegistryAccess on an open registry (no auth)', () => {
  it('lets every caller read every repository of a 1,000-repository listing after one question to the registry', async () => {
    await start('none');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await listing(access, undefined)).toEqual(REPOSITORIES);
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
    expect(await access.decide(MALLORY, 'team/app-001')).toMatchObject({ allowed: true, status: 200 });
    expect(registry.requests).toEqual(['- /v2/']);
  });

  it('still asks per repository with perRepository (a proxy with rules per path in front)', async () => {
    await start('none');
    const access = new RegistryAccess({ registryUrl: registry.url, perRepository: true });
    expect(await listing(access, undefined)).toEqual(REPOSITORIES);
    expect(registry.requests).toHaveLength(REPOSITORIES.length);
  });
});

describe('RegistryAccess on an htpasswd registry', () => {
  it("decides a 1,000-repository listing with one GET /v2/ per caller: a valid user reads all, anyone else nothing", async () => {
    await start('htpasswd');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
    expect(await listing(access, MALLORY)).toEqual([]);
    expect(await listing(access, undefined)).toEqual([]);
    expect(registry.requests).toEqual(['- /v2/', `${ALICE} /v2/`, `${MALLORY} /v2/`, '- /v2/']);
  });

  it("answers a refusal with the registry's status and Basic challenge", async () => {
    await start('htpasswd');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await access.decide(MALLORY, 'team/app-001')).toEqual({ allowed: false, status: 401, wwwAuthenticate: 'Basic realm="test"' });
    expect(await access.decide(ALICE, 'team/app-001')).toEqual({ allowed: true, status: 200, wwwAuthenticate: null });
  });
});

describe('RegistryAccess on a token-auth registry', () => {
  it("trades the caller's Basic credentials for a pull token of that repository, as docker does", async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect((await access.decide(ALICE, 'team/app')).allowed).toBe(true);
    expect(registry.tokenRequests).toEqual([`${ALICE} registry.test repository:team/app:pull`]);
  });

  it('refuses what the token service does not grant, anonymous callers and wrong passwords', async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect((await access.decide(ALICE, 'other/app')).allowed).toBe(false);
    expect((await access.decide(undefined, 'team/app')).allowed).toBe(false);
    const wrong = await access.decide(MALLORY, 'team/app');
    expect(wrong).toMatchObject({ allowed: false, status: 401 });
    expect(wrong.wwwAuthenticate).toMatch(/^Bearer realm=/);
  });

  it('decides a 1,000-repository listing from a few tokens of many scopes each, shown only once the registry accepted each token', async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await listing(access, ALICE)).toEqual(TEAM);
    // The old way: a tags/list with Basic, a token, a tags/list with the token, per repository.
    expect(registry.tokenRequests.length).toBeLessThanOrEqual(20);
    expect(registry.tokenRequests.every((request) => request.startsWith(`${ALICE} registry.test repository:`))).toBe(true);
    expect(registry.tokenRequests.flatMap((request) => request.split(' ').slice(3)).sort()).toEqual(REPOSITORIES.map((name) => `repository:${name}:pull`));
    // The scheme, alice's Basic on GET /v2/ (refused: a token registry), one GET /v2/ per token.
    expect(registry.requests.slice(0, 2)).toEqual(['- /v2/', `${ALICE} /v2/`]);
    expect(registry.requests.slice(2).every((request) => /^Bearer \S+ \/v2\/$/.test(request))).toBe(true);
    expect(registry.requests).toHaveLength(2 + registry.tokenRequests.length);

    // Cached: the same listing again asks nothing.
    const asked = registry.requests.length + registry.tokenRequests.length;
    expect(await listing(access, ALICE)).toEqual(TEAM);
    expect(registry.requests.length + registry.tokenRequests.length).toBe(asked);

    expect(await listing(access, BOB)).toEqual([]);
    expect(await listing(access, MALLORY)).toEqual([]);
    expect(await listing(access, undefined)).toEqual([]);
  });

  it("answers a repository the batch left out with the registry's own refusal", async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    await listing(access, ALICE);
    const refused = await access.decide(ALICE, 'other/app-001');
    expect(refused).toMatchObject({ allowed: false, status: 401 });
    expect(refused.wwwAuthenticate).toContain('error="insufficient_scope"');
    expect(await access.decide(ALICE, 'team/app-001')).toMatchObject({ allowed: true, status: 200 });
  });

  it("reads a caller's own Bearer token's claim only once the registry accepted the token", async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    const token = registry.issue([
      { type: 'repository', name: 'team/app-001', actions: ['pull'] },
      { type: 'repository', name: 'other/app-002', actions: ['*'] },
      { type: 'repository', name: 'team/app-003', actions: ['push'] },
    ]);
    expect(await listing(access, `Bearer ${token}`)).toEqual(['other/app-002', 'team/app-001']);
    expect(registry.requests.filter((request) => request.endsWith('/tags/list'))).toEqual([]);

    // The same claims, not signed by the token service: the registry refuses the token, the index shows nothing.
    const forged = jwt({ exp: inAMinute(), access: TEAM.slice(0, 20).map((name) => ({ type: 'repository', name, actions: ['pull'] })) }, 'forged');
    expect(await listing(access, `Bearer ${forged}`)).toEqual([]);
    expect(await access.decide(`Bearer ${forged}`, 'team/app-001')).toMatchObject({ allowed: false, status: 401 });
  });

  it('asks per repository for a Bearer token that is not a JWT with an access claim', async () => {
    await start('silly');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await listing(access, 'Bearer opaque')).toEqual(REPOSITORIES);
    expect(registry.requests.filter((request) => request.endsWith('/tags/list'))).toHaveLength(REPOSITORIES.length);
  });

  it('asks per repository when the registry takes Basic credentials behind a Bearer challenge (silly)', async () => {
    await start('silly');
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
    expect(registry.tokenRequests).toEqual([]);
  });
});

describe('RegistryAccess when the registry fails', () => {
  it('answers "registry unavailable", never a decision, and remembers no failure', async () => {
    await start('htpasswd');
    const access = new RegistryAccess({ registryUrl: registry.url });
    registry.failing = true;
    await expect(listing(access, ALICE)).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(access.decide(ALICE, 'team/app-001')).rejects.toBeInstanceOf(RegistryUnavailableError);
    registry.failing = false;
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
  });

  it('answers "registry unavailable" when the token service fails during a listing', async () => {
    await start('token');
    const access = new RegistryAccess({ registryUrl: registry.url });
    registry.tokenFailing = true;
    await expect(listing(access, ALICE)).rejects.toBeInstanceOf(RegistryUnavailableError);
    registry.tokenFailing = false;
    expect(await listing(access, ALICE)).toEqual(TEAM);
  });

  it('answers "registry unavailable" when nothing listens', async () => {
    await start('none');
    const access = new RegistryAccess({ registryUrl: 'http://127.0.0.1:9' });
    await expect(listing(access, undefined)).rejects.toBeInstanceOf(RegistryUnavailableError);
  });
});

describe('RegistryAccess re-learns the scheme', () => {
  it('after the cache period: an open registry that turns to htpasswd stops showing anonymous callers anything', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await start('none');
    const access = new RegistryAccess({ registryUrl: registry.url, ttlMs: 30_000 });
    expect(await listing(access, undefined)).toEqual(REPOSITORIES);
    registry.controller = 'htpasswd';
    vi.setSystemTime(Date.now() + 31_000);
    expect(await listing(access, undefined)).toEqual([]);
    expect(await listing(access, ALICE)).toEqual(REPOSITORIES);
  });
});

describe('pullClaims', () => {
  it('reads repositories granted pull or * by exact name; nothing from a token that is not a live JWT with an access list', () => {
    const claims = pullClaims(
      jwt(
        {
          exp: inAMinute(),
          access: [
            { type: 'repository', name: 'a', actions: ['pull', 'push'] },
            { type: 'repository', name: 'b', actions: ['*'] },
            { type: 'repository', name: 'c', actions: ['push'] },
            { type: 'registry', name: 'catalog', actions: ['*'] },
            { type: 'repository', name: 'd' },
          ],
        },
        'x',
      ),
    );
    expect([...(claims?.pullable ?? [])]).toEqual(['a', 'b']);
    expect(pullClaims(jwt({ exp: Math.floor(Date.now() / 1000) - 1, access: [] }, 'x'))).toBeNull();
    expect(pullClaims(jwt({ access: [] }, 'x'))).toBeNull();
    expect(pullClaims(jwt({ exp: inAMinute() }, 'x'))).toBeNull();
    expect(pullClaims('opaque')).toBeNull();
    expect(pullClaims('a.!!!.c')).toBeNull();
  });
});

describe('bearerChallenge', () => {
  it('reads realm and service; anything but a Bearer challenge with a realm is null', () => {
    expect(bearerChallenge('Bearer realm="https://auth.example/token",service="reg",scope="x"')).toEqual({ realm: 'https://auth.example/token', service: 'reg' });
    expect(bearerChallenge('Basic realm="x"')).toBeNull();
    expect(bearerChallenge('Bearer service="reg"')).toBeNull();
    expect(bearerChallenge(null)).toBeNull();
  });
});
