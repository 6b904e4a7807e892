import { isAbortError, networkError, RegistryError, registryErrorFromResponse } from './errors';
import type { AuthChallenge, Credentials } from './types';

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*(?=[ \t]*(?:,|$))/;

/**
 * Parses WWW-Authenticate (RFC 9110 §11.6.1): several challenges in one header, auth-params
 * with quoted values that may hold commas and backslash-escaped quotes, case-insensitive scheme
 * and parameter names (both stored lowercased). A token68 is kept as params.token68.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const n = header.length;
  let i = 0;
  let current: AuthChallenge | null = null;

  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = () => {
    const start = i;
    while (i < n && TOKEN_CHAR.test(header[i] ?? '')) i++;
    return header.slice(start, i);
  };
  const readValue = () => {
    if (header[i] !== '"') return readToken();
    i++;
    let out = '';
    while (i < n && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < n) i++;
      out += header[i];
      i++;
    }
    i++; // closing quote (or past the end when unterminated)
    return out;
  };

  while (i < n) {
    skipSpace();
    if (i >= n) break;
    if (header[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (token === '') {
      i++; // stray character: skip it rather than loop
      continue;
    }
    skipSpace();
    if (header[i] === '=') {
      // auth-param of the current challenge (ignored when no scheme came first)
      i++;
      skipSpace();
      const value = readValue();
      if (current !== null) current.params[token.toLowerCase()] = value;
      continue;
    }
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
    // "Negotiate abc==" carries a token68; "Bearer realm=…" never matches (the lookahead needs , or end).
    const token68 = TOKEN68.exec(header.slice(i));
    if (token68) {
      current.params.token68 = token68[0];
      i += token68[0].length;
    }
  }
  return challenges;
}

/** `Basic base64(user:pass)`, UTF-8 encoded first so non-Latin-1 passwords survive btoa. */
export function basicAuthorization(credentials: Credentials): string {
  const bytes = new TextEncoder().encode(`${credentials.username}:${credentials.password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

interface TokenResponse {
  token?: string;
  access_token?: string;
  expires_in?: number;
  issued_at?: string;
}

/**
 * A token service's answer; a field of the wrong type reads as absent, and anything but a JSON
 * object is null. Read by hand, not with zod: a token can be the first page's first answer, and
 * zod stays out of that page's JavaScript.
 */
function readTokenResponse(body: unknown): TokenResponse | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const fields = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const expiresIn = fields.expires_in;
  return {
    token: text(fields.token),
    access_token: text(fields.access_token),
    expires_in: typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
    issued_at: text(fields.issued_at),
  };
}

/** Docker token spec: a token without expires_in lives 60 seconds. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;

/**
 * The `exp` claim (seconds since the epoch) of a JWT, or undefined for anything else: an opaque
 * token, a payload that is not base64url JSON, an `exp` that is not a positive number. The
 * signature is not checked: the value only decides how long Regatta keeps the token, the registry
 * still judges it. ACR's access tokens answer without expires_in and carry `exp` (about 75 min).
 */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1] || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  try {
    const base64 = parts[1].replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const payload: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const exp = (payload as Record<string, unknown>).exp;
    return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where Bearer tokens may be fetched from. A token request carries the user's credentials, and a
 * registry (or anyone answering for it) names the realm in its challenge: only the registry's own
 * origin and the realms config.json lists are trusted.
 */
export interface RealmPolicy {
  /** The registry base URL: realms on its origin are allowed. '' (relative): only relative realms. */
  registryUrl: string;
  /**
   * Other allowed realms (config `tokenRealms`): absolute http(s) URLs. An entry with a path
   * allows exactly that path on its origin; an origin alone (`https://auth.example`) allows any.
   */
  tokenRealms?: readonly string[];
  /**
   * The origin a same-origin proxy at `registryUrl` forwards to (config `upstream`). A realm on
   * it is requested through the proxy: `https://x.azurecr.io/oauth2/token` becomes
   * `<registryUrl>/oauth2/token`, so the credentials never leave the portal's origin.
   */
  upstream?: string;
}

const RELATIVE_BASE = 'http://relative.invalid';

/** The realm resolved against the registry URL, or null when it is not an http(s) URL. */
function resolveRealm(realm: string, registryUrl: string): URL | null {
  try {
    const url = new URL(realm, `${registryUrl === '' ? RELATIVE_BASE : registryUrl.replace(/\/+$/, '')}/`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Whether a token realm may receive a token request (and so the credentials) under `policy`. */
export function isRealmAllowed(realm: string, policy: RealmPolicy): boolean {
  const url = resolveRealm(realm, policy.registryUrl);
  if (!url) return false;
  const registryOrigin = new URL(`${policy.registryUrl === '' ? RELATIVE_BASE : policy.registryUrl}/`).origin;
  if (url.origin === registryOrigin) return true;
  return (policy.tokenRealms ?? []).some((entry) => {
    let allowed: URL;
    try {
      allowed = new URL(entry);
    } catch {
      return false;
    }
    if (allowed.origin !== url.origin) return false;
    const path = allowed.pathname.replace(/\/+$/, '');
    return path === '' || path === url.pathname.replace(/\/+$/, '');
  });
}

export interface AuthenticatorOptions {
  fetch: typeof fetch;
  credentials?: () => Credentials | null;
  now?: () => number;
  /** Tokens are dropped this long before they expire (capped at half their lifetime). */
  expiryMarginSeconds?: number;
  /** Refuses token realms outside it (code REALM_NOT_ALLOWED, nothing sent). Absent: any realm. */
  realmPolicy?: RealmPolicy;
}

/**
 * Remembers what the registry asked for, per kind of request (`requestKey`, e.g.
 * "repository:library/nginx:pull"), so later requests send the right Authorization up front.
 */
export interface Authenticator {
  /** Authorization to send before any challenge, from earlier challenges; may fetch a fresh token. */
  authorizationFor(requestKey: string, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Answers a 401: the Authorization to retry with once, or null when the challenge cannot be met
   * (Basic without credentials, the same Basic credentials already refused, unknown scheme).
   */
  respond(challenges: AuthChallenge[], requestKey: string, failedAuthorization: string | undefined, signal?: AbortSignal): Promise<string | null>;
  /** Forgets tokens and learnt challenges, e.g. after sign-out. */
  clear(): void;
  /** Tokens held now (expired ones leave as soon as any token is looked up or stored). */
  readonly tokenCount: number;
}

export interface BearerChallenge {
  realm: string;
  service: string | undefined;
  scopes: string[];
}

interface CachedToken {
  authorization: string;
  expiresAt: number;
}

/**
 * A realm on the proxy's upstream origin, rewritten to the same path under the registry URL (the
 * proxy); any other realm unchanged. Only an exact origin match counts (scheme, host and port).
 */
export function realmThroughProxy(realm: string, policy: RealmPolicy): string {
  if (!policy.upstream) return realm;
  let url: URL;
  let upstream: URL;
  try {
    url = new URL(realm);
    upstream = new URL(policy.upstream);
  } catch {
    return realm; // relative: already on the registry's origin
  }
  if (url.origin !== upstream.origin) return realm;
  return `${policy.registryUrl.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

function bearerFrom(challenge: AuthChallenge, policy: RealmPolicy | undefined): BearerChallenge | null {
  const named = challenge.params.realm;
  if (challenge.scheme !== 'bearer' || !named) return null;
  const realm = policy ? realmThroughProxy(named, policy) : named;
  const scope = challenge.params.scope ?? '';
  // A relative realm is resolved against the registry, as the request it answers was.
  const resolved = policy ? (resolveRealm(realm, policy.registryUrl)?.toString() ?? realm) : realm;
  const absolute = policy?.registryUrl === '' && resolved.startsWith(RELATIVE_BASE) ? resolved.slice(RELATIVE_BASE.length) : resolved;
  return { realm: absolute, service: challenge.params.service, scopes: scope.split(/\s+/).filter(Boolean) };
}

function realmNotAllowed(realm: string): RegistryError {
  return new RegistryError({
    status: 0,
    code: 'REALM_NOT_ALLOWED',
    message:
      `The registry asks for a token from ${realm}, which is neither on the registry's origin nor listed in this registry's ` +
      '"tokenRealms" in config.json. Regatta does not send credentials (or any request) there. Serve the token service ' +
      'through the same origin (e.g. /token behind the proxy) or add its URL to "tokenRealms".',
    url: realm,
  });
}

/**
 * The user name ACR documents for a refresh token used as the password (`az acr login
 * --expose-token`); the token Regatta gets from an Entra sign-in is held under it.
 */
export const ACR_REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

/**
 * The token request for a challenge. An ACR refresh token goes the way the 2021-07-01 spec and
 * Azure's clients send it: `POST /oauth2/token` with a form (grant_type=refresh_token, service,
 * scope space-delimited, refresh_token), no Basic header. Anything else: GET with the scopes in
 * the query and Basic credentials, as distribution's token spec says.
 */
export function tokenRequest(challenge: BearerChallenge, credentials: Credentials | null): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (credentials?.username === ACR_REFRESH_TOKEN_USER) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', service: challenge.service ?? '' });
    if (challenge.scopes.length > 0) form.set('scope', challenge.scopes.join(' '));
    form.set('refresh_token', credentials.password);
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return { url: challenge.realm, init: { method: 'POST', headers, body: form.toString(), credentials: 'omit' } };
  }
  if (credentials) headers.Authorization = basicAuthorization(credentials);
  return { url: tokenUrl(challenge), init: { method: 'GET', headers, credentials: 'omit' } };
}

function cacheKey(challenge: BearerChallenge): string {
  return [challenge.realm, challenge.service ?? '', challenge.scopes.join(' ')].join('\n');
}

/** realm?service=…&scope=…&scope=… — each scope its own parameter, as the token spec says. */
export function tokenUrl(challenge: { realm: string; service?: string; scopes: string[] }): string {
  const params = new URLSearchParams();
  if (challenge.service) params.set('service', challenge.service);
  for (const scope of challenge.scopes) params.append('scope', scope);
  const query = params.toString();
  if (query === '') return challenge.realm;
  return `${challenge.realm}${challenge.realm.includes('?') ? '&' : '?'}${query}`;
}

/**
 * How long a token may be used from `received`: expires_in when the answer has it; a JWT's `exp`
 * when that is in the future (the shorter of the two when both are there); else the token spec's
 * 60 s. An `exp` already past (our clock ahead of the issuer's) is not trusted: 60 s.
 */
export function tokenLifetimeMs(token: string, expiresIn: number | undefined, received: number): number {
  const fromAnswer = expiresIn === undefined ? undefined : expiresIn * 1000;
  const exp = jwtExpiry(token);
  const fromClaim = exp === undefined || exp * 1000 <= received ? undefined : exp * 1000 - received;
  if (fromAnswer !== undefined && fromClaim !== undefined) return Math.min(fromAnswer, fromClaim);
  return fromAnswer ?? fromClaim ?? DEFAULT_TOKEN_LIFETIME_SECONDS * 1000;
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const fetchFn = options.fetch;
  const now = options.now ?? Date.now;
  const marginMs = (options.expiryMarginSeconds ?? 10) * 1000;
  const tokens = new Map<string, CachedToken>();
  const inflight = new Map<string, Promise<string>>();
  const learnt = new Map<string, BearerChallenge>();
  let basicRequested = false;

  const currentCredentials = () => options.credentials?.() ?? null;

  /**
   * Drops every expired token. A session that visits many repositories collects one token per
   * scope; without this, each would stay in memory (with its bearer string) until sign-out.
   */
  const sweep = () => {
    const at = now();
    for (const [key, token] of tokens) if (at >= token.expiresAt) tokens.delete(key);
  };

  const cachedToken = (key: string): string | undefined => {
    sweep();
    const cached = tokens.get(key);
    if (!cached) return undefined;
    if (now() < cached.expiresAt) return cached.authorization;
    tokens.delete(key);
    return undefined;
  };

  async function fetchToken(challenge: BearerChallenge): Promise<string> {
    const credentials = currentCredentials();
    const { url, init } = tokenRequest(challenge, credentials);
    let response: Response;
    try {
      // No cookies and no browser login dialog (see client.ts): only the Authorization set here.
      response = await fetchFn(url, init);
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw networkError(error, { url });
    }
    if (response.status === 401) {
      await response.text().catch(() => '');
      throw new RegistryError({
        status: 401,
        code: 'UNAUTHORIZED',
        message: credentials
          ? `401 UNAUTHORIZED: the token service refused the sign-in for "${credentials.username}" (${challenge.realm}).`
          : `401 UNAUTHORIZED: the token service refused anonymous access (${challenge.realm}); sign in to continue.`,
        url,
      });
    }
    if (!response.ok) throw await registryErrorFromResponse(response, { url });
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (isAbortError(error)) throw error;
      body = null;
    }
    const parsed = readTokenResponse(body);
    const token = parsed ? parsed.token || parsed.access_token : undefined;
    if (!parsed || !token) {
      throw new RegistryError({
        status: response.status,
        code: 'TOKEN_INVALID',
        message: `The token service at ${challenge.realm} answered without a token.`,
        url,
      });
    }
    const received = now();
    const lifetimeMs = tokenLifetimeMs(token, parsed.expires_in, received);
    // issued_at may only shorten the lifetime: a server clock ahead of ours must not extend it.
    const issuedAt = parsed.issued_at ? Date.parse(parsed.issued_at) : Number.NaN;
    const base = Number.isNaN(issuedAt) || issuedAt > received || issuedAt + lifetimeMs <= received ? received : issuedAt;
    const authorization = `Bearer ${token}`;
    sweep();
    tokens.set(cacheKey(challenge), { authorization, expiresAt: base + lifetimeMs - Math.min(marginMs, lifetimeMs / 2) });
    return authorization;
  }

  function tokenFor(challenge: BearerChallenge, signal: AbortSignal | undefined): Promise<string> {
    const key = cacheKey(challenge);
    const cached = cachedToken(key);
    if (cached) return Promise.resolve(cached);
    // Concurrent requests for one scope share one token request; it is not tied to any one
    // caller's signal, so one aborted query does not fail the others waiting on it.
    let pending = inflight.get(key);
    if (!pending) {
      pending = fetchToken(challenge).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return untilAborted(pending, signal);
  }

  return {
    async authorizationFor(requestKey, signal) {
      const challenge = learnt.get(requestKey);
      if (challenge) return tokenFor(challenge, signal);
      if (basicRequested) {
        const credentials = currentCredentials();
        if (credentials) return basicAuthorization(credentials);
      }
      return undefined;
    },

    async respond(challenges, requestKey, failedAuthorization, signal) {
      for (const challenge of challenges) {
        const bearer = bearerFrom(challenge, options.realmPolicy);
        if (!bearer) continue;
        if (options.realmPolicy && !isRealmAllowed(bearer.realm, options.realmPolicy)) throw realmNotAllowed(bearer.realm);
        learnt.set(requestKey, bearer);
        const key = cacheKey(bearer);
        // A cached token that was just refused is stale (revoked, or the server restarted).
        if (tokens.get(key)?.authorization === failedAuthorization) tokens.delete(key);
        return tokenFor(bearer, signal);
      }
      if (challenges.some((challenge) => challenge.scheme === 'basic')) {
        basicRequested = true;
        const credentials = currentCredentials();
        if (!credentials) return null;
        const authorization = basicAuthorization(credentials);
        // The same credentials were just refused: asking again would only fail again.
        return authorization === failedAuthorization ? null : authorization;
      }
      return null;
    },

    get tokenCount() {
      return tokens.size;
    },

    clear() {
      tokens.clear();
      inflight.clear();
      learnt.clear();
      basicRequested = false;
    },
  };
}
