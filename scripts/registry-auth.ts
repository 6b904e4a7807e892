// Test-side helpers for registries with authentication: an htpasswd file (bcrypt, the only hash
// distribution accepts) and a fetch that answers Basic and Bearer challenges the way `docker` does,
// for seeding a protected registry with scripts/seed-registry.ts.
import bcrypt from 'bcryptjs';
import { writeFile } from 'node:fs/promises';

/** Writes `user:$2y$…` lines; distribution's htpasswd auth takes bcrypt only. */
export async function writeHtpasswd(path: string, users: Record<string, string>): Promise<void> {
  const lines = Object.entries(users).map(([user, password]) => `${user}:${bcrypt.hashSync(password, 10).replace(/^\$2[ab]\$/, '$2y$')}`);
  await writeFile(path, lines.join('\n') + '\n', { mode: 0o600 });
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function bearerChallenge(header: string | null): { realm: string; service?: string; scope?: string } | null {
  if (!header || !/^Bearer\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/(\w+)="([^"]*)"/g)) params[match[1]!.toLowerCase()] = match[2]!;
  return params.realm ? { realm: params.realm, service: params.service, scope: params.scope } : null;
}

/**
 * A fetch that signs requests in as `username`: Basic up front once asked for, Bearer tokens from
 * the challenge's realm (cached per scope). Request bodies must be re-sendable (buffers, strings).
 */
export function createAuthFetch({ username, password, fetch: fetchFn = fetch }: { username: string; password: string; fetch?: typeof fetch }): typeof fetch {
  const tokens = new Map<string, string>();
  let useBasic = false;
  return async (input, init = {}) => {
    const send = (authorization: string | undefined) => {
      const headers = new Headers(init.headers);
      if (authorization) headers.set('Authorization', authorization);
      return fetchFn(input, { ...init, headers });
    };
    const first = await send(useBasic ? basic(username, password) : undefined);
    if (first.status !== 401) return first;
    const challenge = first.headers.get('WWW-Authenticate');
    const bearer = bearerChallenge(challenge);
    await first.arrayBuffer();
    if (!bearer) {
      useBasic = true;
      return send(basic(username, password));
    }
    const key = `${bearer.realm} ${bearer.service ?? ''} ${bearer.scope ?? ''}`;
    let token = tokens.get(key);
    if (!token) {
      const url = new URL(bearer.realm);
      if (bearer.service) url.searchParams.set('service', bearer.service);
      for (const scope of (bearer.scope ?? '').split(' ').filter(Boolean)) url.searchParams.append('scope', scope);
      const response = await fetchFn(url, { headers: { Authorization: basic(username, password) } });
      if (!response.ok) throw new Error(`token service ${url.origin}: HTTP ${response.status} for ${username}`);
      const body = (await response.json()) as { token?: string; access_token?: string };
      token = body.token ?? body.access_token;
      if (!token) throw new Error(`token service ${url.origin}: no token`);
      tokens.set(key, token);
    }
    return send(`Bearer ${token}`);
  };
}
