// @vitest-environment node
// RegistryAccess against a stand-in for a token-auth registry (distribution with auth.token): the
// registry challenges Basic credentials with Bearer, and the token service grants pull only on
// the repositories the user may read.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearerChallenge, RegistryAccess } from './registry-access.ts';

const ALICE = `Basic ${Buffer.from('alice:pass').toString('base64')}`;

async function startTokenRegistry(): Promise<{ server: Server; url: string; tokenRequests: string[] }> {
  const tokenRequests: string[] = [];
  let url = '';
  const server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    if (requestUrl.pathname === '/token') {
      const scope = requestUrl.searchParams.get('scope') ?? '';
      tokenRequests.push(`${req.headers.authorization ?? '-'} ${requestUrl.searchParams.get('service')} ${scope}`);
      if (req.headers.authorization && req.headers.authorization !== ALICE) return void res.writeHead(401).end();
      // Like docker's token servers: a token is always issued, with only the access the user has.
      const granted = req.headers.authorization === ALICE && /^repository:team\/[^:]+:pull$/.test(scope);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: granted ? `pull:${scope}` : 'no-access' }));
      return;
    }
    const name = /^\/v2\/(.+)\/tags\/list$/.exec(requestUrl.pathname)?.[1] ?? '';
    if (req.headers.authorization === `Bearer pull:repository:${name}:pull`) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${url}/token",service="registry.test",scope="repository:${name}:pull"` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, tokenRequests };
}

describe('RegistryAccess on a token-auth registry', () => {
  let registry: Awaited<ReturnType<typeof startTokenRegistry>>;
  beforeEach(async () => {
    registry = await startTokenRegistry();
  });
  afterEach(() => new Promise<void>((resolve) => registry.server.close(() => resolve())));

  it("trades the caller's Basic credentials for a pull token of that repository, as docker does", async () => {
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect((await access.decide(ALICE, 'team/app')).allowed).toBe(true);
    expect(registry.tokenRequests).toEqual([`${ALICE} registry.test repository:team/app:pull`]);
  });

  it('refuses what the token service does not grant, anonymous callers and wrong passwords', async () => {
    const access = new RegistryAccess({ registryUrl: registry.url });
    expect((await access.decide(ALICE, 'other/app')).allowed).toBe(false);
    expect((await access.decide(undefined, 'team/app')).allowed).toBe(false);
    const wrong = await access.decide(`Basic ${Buffer.from('alice:nope').toString('base64')}`, 'team/app');
    expect(wrong).toMatchObject({ allowed: false, status: 401 });
    expect(wrong.wwwAuthenticate).toMatch(/^Bearer realm=/);
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
