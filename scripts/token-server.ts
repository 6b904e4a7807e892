// A small Docker token service for the e2e tests (the `auth.token` mode of distribution):
// GET /token?service=…&scope=…&scope=… with Basic credentials answers
// {"token","access_token","expires_in","issued_at"}, a JWT signed RS256 whose header carries the
// signing certificate in `x5c` (distribution 2.8 verifies that chain against `rootcertbundle`).
// Key and self-signed certificate are made by the `openssl` CLI at start (node:crypto signs, but
// cannot build an X.509 certificate). Listens on 127.0.0.1 only.
import { execFile } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TokenUser {
  password: string;
  /** Actions this user may have on a resource, e.g. ['pull'] or ['pull', 'push', 'delete']. */
  grants: (resource: { type: string; name: string }) => string[];
  /** expires_in of this user's tokens (seconds); default 300. */
  expiresIn?: number;
  /**
   * The first token issued to this user for `scope` stops being valid at the registry after
   * `validSeconds`, while the answer claims `expiresIn`: the client keeps using it and the
   * registry refuses it, as it would a token revoked or expired behind the client's back.
   * (distribution accepts tokens up to 60 s past `exp`, its clock-skew leeway: `exp` is set so.)
   */
  shortLivedFirstToken?: { scope: string; validSeconds: number };
}

export interface IssuedToken {
  user: string;
  /** Scopes asked for, as sent. */
  scopes: string[];
  /** What the token grants, after intersecting with the user's rights. */
  access: { type: string; name: string; actions: string[] }[];
  /** Issued under `shortLivedFirstToken`. */
  shortLived: boolean;
  at: number;
  /** When the client may stop trusting it: issued_at + expires_in (ms since the epoch). */
  expiresAt: number;
  /** After this instant (ms) the registry refuses it: its `exp` plus distribution's leeway. */
  refusedAfter: number;
}

export interface TokenServerOptions {
  /** Key, certificate and nothing else go here. */
  dir: string;
  service: string;
  issuer: string;
  users: Record<string, TokenUser>;
  port?: number;
}

export interface TokenServer {
  /** http://127.0.0.1:<port>: the token endpoint is `${url}/token`. */
  url: string;
  /** PEM certificate file: the registry's `auth.token.rootcertbundle`. */
  certificatePath: string;
  /** Every token issued so far, oldest first. */
  issued: IssuedToken[];
  stop(): Promise<void>;
}

/** distribution's clock-skew allowance on `exp` and `nbf` (registry/auth/token, Leeway). */
export const DISTRIBUTION_LEEWAY_SECONDS = 60;

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** `repository:team/app:pull,push` → type, name, actions (a name never holds ':' but a type may carry a class). */
export function parseScope(scope: string): { type: string; name: string; actions: string[] } | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return null;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

/** A JWT as distribution's token authenticator expects it: RS256, x5c with the signing certificate. */
export function signToken(key: KeyObject, certificateDer: Buffer, claims: Record<string, unknown>): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [certificateDer.toString('base64')] };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
}

function basicCredentials(request: IncomingMessage): { username: string; password: string } | null {
  const header = request.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function answer(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const keyPath = join(dir, 'token.key');
  const certificatePath = join(dir, 'token.crt');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
    '-subj', `/CN=${options.issuer}`, '-keyout', keyPath, '-out', certificatePath,
  ]);
  const key = createPrivateKey(await readFile(keyPath));
  const certificate = new X509Certificate(await readFile(certificatePath));
  const certificateDer = certificate.raw;

  const issued: IssuedToken[] = [];
  const shortLivedIssued = new Set<string>();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token.local');
    if (url.pathname !== '/token' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      answer(response, 404, { errors: [{ code: 'NOT_FOUND', message: 'only GET /token' }] });
      return;
    }
    const credentials = basicCredentials(request);
    const user = credentials ? options.users[credentials.username] : undefined;
    if (!credentials || !user || user.password !== credentials.password) {
      // No WWW-Authenticate: a browser would pop up its own login dialog for a Basic challenge.
      answer(response, 401, { errors: [{ code: 'UNAUTHORIZED', message: credentials ? 'invalid username or password' : 'authentication required' }] });
      return;
    }
    if (url.searchParams.get('service') !== options.service) {
      answer(response, 400, { errors: [{ code: 'INVALID_SERVICE', message: `unknown service ${url.searchParams.get('service') ?? ''}` }] });
      return;
    }
    const scopes = url.searchParams.getAll('scope');
    const access = scopes
      .map(parseScope)
      .filter((scope) => scope !== null)
      .map((scope) => {
        const allowed = new Set(user.grants(scope));
        return { type: scope.type, name: scope.name, actions: scope.actions.filter((action) => allowed.has(action) || (action === '*' && allowed.has('*'))) };
      })
      .filter((entry) => entry.actions.length > 0);
    const expiresIn = user.expiresIn ?? 300;
    const issuedAt = Date.now();
    const now = Math.floor(issuedAt / 1000);
    const shortLived =
      user.shortLivedFirstToken !== undefined && scopes.includes(user.shortLivedFirstToken.scope) && !shortLivedIssued.has(credentials.username);
    if (shortLived) shortLivedIssued.add(credentials.username);
    const exp = shortLived ? now + (user.shortLivedFirstToken?.validSeconds ?? 0) - DISTRIBUTION_LEEWAY_SECONDS : now + expiresIn;
    const claims = {
      iss: options.issuer,
      sub: credentials.username,
      aud: options.service,
      exp,
      nbf: now - 1,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const token = signToken(key, certificateDer, claims);
    issued.push({
      user: credentials.username,
      scopes,
      access,
      shortLived,
      at: issuedAt,
      expiresAt: issuedAt + expiresIn * 1000,
      refusedAfter: (exp + DISTRIBUTION_LEEWAY_SECONDS) * 1000,
    });
    answer(response, 200, { token, access_token: token, expires_in: expiresIn, issued_at: new Date(issuedAt).toISOString() });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('token server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    certificatePath,
    issued,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
