// "The index never shows more than the registry would": a repository is answered for a caller
// only if the registry would let the caller's Authorization header (or none) read it.
//
// The index sits beside CNCF distribution, whose access controllers are none, `silly`, `htpasswd`
// and `token`. The anonymous `GET /v2/` tells them apart (re-learnt every cache period), and
// decides how much asking each caller needs (index/README.md "Access checks", the facts in
// docs/registry-notes.md):
// - 200, no auth: everyone reads every repository; nothing is asked per caller.
// - 401 Basic, htpasswd: any valid user reads everything, so one `GET /v2/` with the caller's
//   header decides every repository for that caller.
// - 401 Bearer, token (or silly): scopes are per repository. Basic callers and anonymous ones get
//   one token for many `repository:<name>:pull` scopes from the realm; the `access` claim of that
//   token is trusted only after the registry accepted the token on `GET /v2/` (which verifies
//   signature, issuer, audience and expiry, and nothing per repository). A caller's own Bearer JWT
//   is treated alike: verified on `GET /v2/`, then its claim decides.
// - Anything else, or `perRepository`: `GET /v2/<name>/tags/list` with the caller's header per
//   repository (needs pull, emits no pull event, unlike a manifest HEAD).
// Decisions are cached per (hash of the header, repository) or per header hash; failures are not.
import { createHash } from 'node:crypto';

export interface AccessDecision {
  allowed: boolean;
  /** The registry's status: 200, or what it refused with (401, 403, 404). */
  status: number;
  wwwAuthenticate: string | null;
}

export class RegistryUnavailableError extends Error {}

export const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

export interface RegistryAccessOptions {
  registryUrl: string;
  ttlMs?: number;
  /** Requests in flight at once when filtering a list. */
  concurrency?: number;
  maxEntries?: number;
  /** Always ask per repository (a proxy in front of the registry with rules per path). */
  perRepository?: boolean;
  fetch?: typeof fetch;
}

/** What anonymous `GET /v2/` said about the registry's access controller. */
export type RegistryScheme = { kind: 'open' } | { kind: 'basic' } | { kind: 'bearer'; realm: string; service?: string } | { kind: 'unknown' };

/** How one caller's decisions are made. */
type CallerMode =
  | { mode: 'all' }
  | { mode: 'none'; decision: AccessDecision }
  | { mode: 'claims'; pullable: Set<string> }
  | { mode: 'token-batch'; realm: string; service?: string }
  | { mode: 'per-repository' };

interface Cached<T> {
  expires: number;
  value: Promise<T>;
}

const ALLOWED: AccessDecision = { allowed: true, status: 200, wwwAuthenticate: null };
/** Not granted by a token's claim: enough to leave a repository out of a list; decide() asks the registry for its own answer. */
const NOT_IN_CLAIM: AccessDecision = { allowed: false, status: 401, wwwAuthenticate: null };
/**
 * Scope parameters per token request (characters): a request line well under nginx's default 8 KiB
 * buffer, and a token (about 70 bytes per granted repository, plus its certificate) that a proxy in
 * front of the registry still passes as a header.
 */
const MAX_SCOPES_LENGTH = 3_000;

export class RegistryAccess {
  /** Per (header hash, repository). */
  private readonly cache = new Map<string, { expires: number; decision: Promise<AccessDecision> }>();
  private readonly callers = new Map<string, Cached<CallerMode>>();
  private scheme: Cached<RegistryScheme> | null = null;
  private readonly registryUrl: string;
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly maxEntries: number;
  private readonly perRepository: boolean;
  private readonly fetch: typeof fetch;
  /** Requests sent to the registry, for tests. */
  checks = 0;
  /** Requests sent to the token service, for tests. */
  tokenRequests = 0;

  constructor({ registryUrl, ttlMs = 30_000, concurrency = 8, maxEntries = 100_000, perRepository = false, fetch: fetchImpl = globalThis.fetch }: RegistryAccessOptions) {
    this.registryUrl = registryUrl.replace(/\/+$/, '');
    this.ttlMs = ttlMs;
    this.concurrency = concurrency;
    this.maxEntries = maxEntries;
    this.perRepository = perRepository;
    this.fetch = fetchImpl;
  }

  /** One repository, with the status the registry would answer (a refusal read from a claim is asked for again). */
  async decide(authorization: string | undefined, repository: string): Promise<AccessDecision> {
    if (!REPOSITORY_NAME.test(repository)) return { allowed: false, status: 404, wwwAuthenticate: null };
    const mode = await this.callerMode(authorization);
    if (mode.mode === 'all') return ALLOWED;
    if (mode.mode === 'none') return mode.decision;
    if (mode.mode === 'claims' && mode.pullable.has(repository)) return ALLOWED;
    const key = this.key(authorization, repository);
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) {
      const decision = await hit.decision;
      if (decision !== NOT_IN_CLAIM) return decision;
    }
    return this.remember(key, this.ask(authorization, repository));
  }

  /** The items whose repository the caller may read, in order. */
  async filter<T>(authorization: string | undefined, items: T[], repositoryOf: (item: T) => string): Promise<T[]> {
    const valid = items.filter((item) => REPOSITORY_NAME.test(repositoryOf(item)));
    const mode = await this.callerMode(authorization);
    if (mode.mode === 'all') return valid;
    if (mode.mode === 'none') return [];
    if (mode.mode === 'claims') return valid.filter((item) => mode.pullable.has(repositoryOf(item)));
    const batched = mode.mode === 'token-batch' ? this.grantInBatches(authorization, mode, [...new Set(valid.map(repositoryOf))]) : new Map<string, Promise<AccessDecision>>();
    const allowed = new Array<boolean>(valid.length).fill(false);
    await this.pool(valid.length, async (i) => {
      const repository = repositoryOf(valid[i] as T);
      const hit = this.cache.get(this.key(authorization, repository));
      allowed[i] = (await (batched.get(repository) ?? (hit && hit.expires > Date.now() ? hit.decision : this.decide(authorization, repository)))).allowed;
    });
    return valid.filter((_, i) => allowed[i]);
  }

  private key(authorization: string | undefined, repository: string): string {
    return `${hashOf(authorization)}\n${repository}`;
  }

  private remember(key: string, decision: Promise<AccessDecision>): Promise<AccessDecision> {
    const now = Date.now();
    this.cache.set(key, { expires: now + this.ttlMs, decision });
    // A failed check is not remembered: the next request asks again.
    decision.catch(() => {
      if (this.cache.get(key)?.decision === decision) this.cache.delete(key);
    });
    if (this.cache.size > this.maxEntries) {
      for (const [k, v] of this.cache) if (v.expires <= now || this.cache.size > this.maxEntries) this.cache.delete(k);
    }
    return decision;
  }

  /** Runs `work(0…count-1)`, at most `concurrency` at once. */
  private async pool(count: number, work: (i: number) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < count) await work(next++);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, count) }, worker));
  }

  /** `get()`'s value while fresh, else `load()`'s (cached for `ttlMs`, or until its `expires` if sooner; a failure is not kept). */
  private cached<T>(get: () => Cached<T> | null | undefined, set: (entry: Cached<T> | null) => void, load: () => Promise<{ value: T; expires?: number }>): Promise<T> {
    const now = Date.now();
    const entry = get();
    if (entry && entry.expires > now) return entry.value;
    const loading = load();
    const fresh: Cached<T> = { expires: now + this.ttlMs, value: loading.then((loaded) => loaded.value) };
    set(fresh);
    loading.then(
      (loaded) => {
        if (loaded.expires !== undefined) fresh.expires = Math.min(fresh.expires, loaded.expires);
      },
      () => {
        if (get() === fresh) set(null);
      },
    );
    return fresh.value;
  }

  /** The registry's access controller as anonymous `GET /v2/` shows it, re-learnt every `ttlMs`. */
  learnScheme(): Promise<RegistryScheme> {
    return this.cached<RegistryScheme>(() => this.scheme, (entry) => (this.scheme = entry), async () => {
      const response = await this.send(`${this.registryUrl}/v2/`, undefined, 'the registry');
      const challenge = response.headers.get('www-authenticate');
      if (response.status === 200) return { value: { kind: 'open' } };
      if (response.status === 401 && challenge && /^basic(\s|$)/i.test(challenge)) return { value: { kind: 'basic' } };
      const bearer = response.status === 401 ? bearerChallenge(challenge) : null;
      if (bearer) return { value: { kind: 'bearer', ...bearer } };
      return { value: { kind: 'unknown' } };
    });
  }

  private callerMode(authorization: string | undefined): Promise<CallerMode> {
    if (this.perRepository) return Promise.resolve({ mode: 'per-repository' });
    const hash = hashOf(authorization);
    if (this.callers.size > this.maxEntries) this.callers.clear();
    return this.cached<CallerMode>(() => this.callers.get(hash), (entry) => (entry ? this.callers.set(hash, entry) : this.callers.delete(hash)), () => this.learnCaller(authorization));
  }

  private async learnCaller(authorization: string | undefined): Promise<{ value: CallerMode; expires?: number }> {
    const scheme = await this.learnScheme();
    if (scheme.kind === 'open') return { value: { mode: 'all' } };
    if (scheme.kind === 'basic') {
      // htpasswd checks the user, never the repository: what `GET /v2/` answers holds for every one.
      const response = await this.send(`${this.registryUrl}/v2/`, authorization, 'the registry');
      if (response.status === 200) return { value: { mode: 'all' } };
      if (response.status === 401) return { value: { mode: 'none', decision: { allowed: false, status: 401, wwwAuthenticate: response.headers.get('www-authenticate') } } };
      return { value: { mode: 'per-repository' } };
    }
    if (scheme.kind !== 'bearer') return { value: { mode: 'per-repository' } };
    if (authorization === undefined) return { value: { mode: 'token-batch', realm: scheme.realm, service: scheme.service } };
    if (/^bearer\s/i.test(authorization)) {
      const claims = pullClaims(authorization.replace(/^bearer\s+/i, ''));
      if (!claims) return { value: { mode: 'per-repository' } };
      const response = await this.send(`${this.registryUrl}/v2/`, authorization, 'the registry');
      // Verified: the claim is what the registry checks each repository against, until `exp`.
      if (response.status === 200) return { value: { mode: 'claims', pullable: claims.pullable }, expires: claims.expiresAt };
      if (response.status === 401) return { value: { mode: 'none', decision: { allowed: false, status: 401, wwwAuthenticate: response.headers.get('www-authenticate') } } };
      return { value: { mode: 'per-repository' } };
    }
    if (/^basic\s/i.test(authorization)) {
      // The token controller refuses anything but a Bearer token on `GET /v2/`; a registry that takes
      // Basic there (silly takes any header) is not deciding by token scopes: ask it per repository.
      const response = await this.send(`${this.registryUrl}/v2/`, authorization, 'the registry');
      if (response.status === 401) return { value: { mode: 'token-batch', realm: scheme.realm, service: scheme.service } };
    }
    return { value: { mode: 'per-repository' } };
  }

  /** A decision for every repository not decided yet (cached too), from tokens covering many repositories each. */
  private grantInBatches(authorization: string | undefined, mode: { realm: string; service?: string }, repositories: string[]): Map<string, Promise<AccessDecision>> {
    const decisions = new Map<string, Promise<AccessDecision>>();
    const now = Date.now();
    const batches: string[][] = [];
    let batch: string[] = [];
    let length = 0;
    for (const repository of repositories) {
      const hit = this.cache.get(this.key(authorization, repository));
      if (hit && hit.expires > now) continue;
      const added = encodeURIComponent(repository).length + 28; // &scope=repository%3A…%3Apull
      if (batch.length && length + added > MAX_SCOPES_LENGTH) {
        batches.push(batch);
        batch = [];
        length = 0;
      }
      batch.push(repository);
      length += added;
    }
    if (batch.length) batches.push(batch);
    // Every decision is cached at once (a concurrent request waits for it); at most `concurrency`
    // token requests are in flight.
    const lanes: Promise<unknown>[] = [];
    batches.forEach((names, i) => {
      const lane = i % this.concurrency;
      const granted = (lanes[lane] ?? Promise.resolve()).then(() => this.grantBatch(authorization, mode, names));
      lanes[lane] = granted.catch(() => undefined);
      for (const repository of names) {
        const decision = granted.then((pullable) => (pullable === null ? this.ask(authorization, repository) : pullable.has(repository) ? ALLOWED : NOT_IN_CLAIM));
        decisions.set(repository, this.remember(this.key(authorization, repository), decision));
      }
    });
    return decisions;
  }

  /**
   * The repositories among `names` one token from the realm grants pull on, with the caller's
   * credentials (or none), once the registry accepted that token; null when that cannot be told
   * (no JWT, an unexpected answer): then each repository is asked for on its own.
   */
  private async grantBatch(authorization: string | undefined, mode: { realm: string; service?: string }, names: string[]): Promise<Set<string> | null> {
    const realm = tokenUrl(mode.realm, mode.service);
    if (!realm) return null;
    for (const name of names) realm.searchParams.append('scope', `repository:${name}:pull`);
    const response = await this.requestToken(realm, authorization, `${names.length} repositories`);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return new Set();
    }
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const token = tokenOf(await response.json().catch(() => null));
    const claims = token ? pullClaims(token) : null;
    if (!token || !claims) return null;
    const verified = await this.send(`${this.registryUrl}/v2/`, `Bearer ${token}`, 'the registry');
    if (verified.status === 401) return new Set();
    if (verified.status !== 200) return null;
    return claims.pullable;
  }

  private async ask(authorization: string | undefined, repository: string): Promise<AccessDecision> {
    const url = `${this.registryUrl}/v2/${repository}/tags/list`;
    let response = await this.send(url, authorization, repository);
    // A token-auth registry challenges Basic credentials with Bearer: fetch a pull token for this
    // repository from the realm it names, with the caller's credentials (as docker login does), and ask again.
    const challenge = response.status === 401 ? bearerChallenge(response.headers.get('www-authenticate')) : null;
    if (challenge && (authorization === undefined || /^basic /i.test(authorization))) {
      const token = await this.token(challenge, repository, authorization);
      if (token) response = await this.send(url, `Bearer ${token}`, repository);
    }
    return { allowed: response.status === 200, status: response.status, wwwAuthenticate: response.headers.get('www-authenticate') };
  }

  /** A registry answer; 5xx, 429 and network failures are RegistryUnavailableError, never a decision. */
  private async send(url: string, authorization: string | undefined, about: string): Promise<Response> {
    this.checks++;
    let response: Response;
    try {
      response = await this.fetch(url, { headers: authorization ? { Authorization: authorization } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
    } catch (error) {
      throw new RegistryUnavailableError(`registry check for ${about} failed: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) throw new RegistryUnavailableError(`registry answered ${response.status} for ${about}`);
    return response;
  }

  private async requestToken(url: URL, authorization: string | undefined, about: string): Promise<Response> {
    this.tokenRequests++;
    let response: Response;
    try {
      response = await this.fetch(url, { headers: authorization ? { Authorization: authorization } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new RegistryUnavailableError(`token service for ${about} failed: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new RegistryUnavailableError(`token service answered ${response.status} for ${about}`);
    }
    return response;
  }

  /** A pull token for the repository, or null when the token service refuses the caller. */
  private async token(challenge: { realm: string; service?: string }, repository: string, authorization: string | undefined): Promise<string | null> {
    const realm = tokenUrl(challenge.realm, challenge.service);
    if (!realm) return null;
    realm.searchParams.set('scope', `repository:${repository}:pull`);
    const response = await this.requestToken(realm, authorization, repository);
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return tokenOf(await response.json().catch(() => null));
  }
}

const hashOf = (authorization: string | undefined) => createHash('sha256').update(authorization ?? '').digest('hex');

function tokenUrl(realm: string, service: string | undefined): URL | null {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (service) url.searchParams.set('service', service);
  return url;
}

function tokenOf(body: unknown): string | null {
  const { token, access_token: accessToken } = (body ?? {}) as { token?: unknown; access_token?: unknown };
  const value = token ?? accessToken;
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The repositories a distribution token's `access` claim grants pull on (an exact name, with
 * `pull` or `*`, as its token controller checks), and when it expires; null for anything that is
 * not a JWT with an `access` list and an `exp` in the future. The signature is not checked here:
 * only a token the registry accepted is read (see grantBatch, learnCaller).
 */
export function pullClaims(token: string, now = Date.now()): { pullable: Set<string>; expiresAt: number } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { access, exp } = (claims ?? {}) as { access?: unknown; exp?: unknown };
  if (!Array.isArray(access) || typeof exp !== 'number' || exp * 1000 <= now) return null;
  const pullable = new Set<string>();
  for (const entry of access as unknown[]) {
    const { type, name, actions } = (entry ?? {}) as { type?: unknown; name?: unknown; actions?: unknown };
    if (type === 'repository' && typeof name === 'string' && Array.isArray(actions) && (actions.includes('pull') || actions.includes('*'))) pullable.add(name);
  }
  return { pullable, expiresAt: exp * 1000 };
}

/** realm and service of a `Bearer realm="…",service="…"` challenge; null for anything else. */
export function bearerChallenge(header: string | null): { realm: string; service?: string } | null {
  if (!header || !/^bearer\s/i.test(header)) return null;
  const params = new Map<string, string>();
  for (const match of header.slice(7).matchAll(/([a-z]+)="([^"]*)"/gi)) params.set((match[1] as string).toLowerCase(), match[2] as string);
  const realm = params.get('realm');
  return realm ? { realm, service: params.get('service') } : null;
}
