// "The index never shows more than the registry would": a repository is answered for a caller
// only if the registry accepts the caller's Authorization header (or none) for
// `GET /v2/<name>/tags/list`. That request needs pull on the repository, emits no pull event (a
// manifest HEAD would), and distribution answers it for any repository that holds a manifest.
// Decisions are cached per (hash of the header, repository) for a short time.
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
  /** Checks in flight at once when filtering a list. */
  concurrency?: number;
  maxEntries?: number;
  fetch?: typeof fetch;
}

export class RegistryAccess {
  private readonly cache = new Map<string, { expires: number; decision: Promise<AccessDecision> }>();
  private readonly registryUrl: string;
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly maxEntries: number;
  private readonly fetch: typeof fetch;
  /** Requests sent to the registry, for tests and the status endpoint. */
  checks = 0;

  constructor({ registryUrl, ttlMs = 30_000, concurrency = 8, maxEntries = 100_000, fetch: fetchImpl = globalThis.fetch }: RegistryAccessOptions) {
    this.registryUrl = registryUrl.replace(/\/+$/, '');
    this.ttlMs = ttlMs;
    this.concurrency = concurrency;
    this.maxEntries = maxEntries;
    this.fetch = fetchImpl;
  }

  decide(authorization: string | undefined, repository: string): Promise<AccessDecision> {
    if (!REPOSITORY_NAME.test(repository)) return Promise.resolve({ allowed: false, status: 404, wwwAuthenticate: null });
    const key = `${createHash('sha256').update(authorization ?? '').digest('hex')}\n${repository}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.decision;
    const decision = this.ask(authorization, repository);
    this.cache.set(key, { expires: now + this.ttlMs, decision });
    // A failed check is not remembered: the next request asks again.
    decision.catch(() => this.cache.delete(key));
    if (this.cache.size > this.maxEntries) {
      for (const [k, v] of this.cache) if (v.expires <= now || this.cache.size > this.maxEntries) this.cache.delete(k);
    }
    return decision;
  }

  /** The items whose repository the caller may read, in order; at most `concurrency` checks at once. */
  async filter<T>(authorization: string | undefined, items: T[], repositoryOf: (item: T) => string): Promise<T[]> {
    const allowed = new Array<boolean>(items.length).fill(false);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        const item = items[i] as T;
        allowed[i] = (await this.decide(authorization, repositoryOf(item))).allowed;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, items.length) }, worker));
    return items.filter((_, i) => allowed[i]);
  }

  private async ask(authorization: string | undefined, repository: string): Promise<AccessDecision> {
    this.checks++;
    const url = `${this.registryUrl}/v2/${repository}/tags/list`;
    let response = await this.send(url, authorization, repository);
    // A token-auth registry challenges Basic credentials with Bearer: fetch a pull token for this
    // repository from the realm it names, with the caller's credentials (as docker login does), and ask again.
    const challenge = response.status === 401 ? bearerChallenge(response.headers.get('www-authenticate')) : null;
    if (challenge && (authorization === undefined || /^basic /i.test(authorization))) {
      const token = await this.token(challenge, repository, authorization);
      if (token) response = await this.send(url, `Bearer ${token}`, repository);
    }
    if (response.status >= 500 || response.status === 429) throw new RegistryUnavailableError(`registry answered ${response.status} for ${repository}`);
    return { allowed: response.status === 200, status: response.status, wwwAuthenticate: response.headers.get('www-authenticate') };
  }

  private async send(url: string, authorization: string | undefined, repository: string): Promise<Response> {
    try {
      const response = await this.fetch(url, { headers: authorization ? { Authorization: authorization } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
      return response;
    } catch (error) {
      throw new RegistryUnavailableError(`registry check for ${repository} failed: ${(error as Error).message}`);
    }
  }

  /** A pull token for the repository, or null when the token service refuses the caller. */
  private async token(challenge: { realm: string; service?: string }, repository: string, authorization: string | undefined): Promise<string | null> {
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      return null;
    }
    if (realm.protocol !== 'http:' && realm.protocol !== 'https:') return null;
    if (challenge.service) realm.searchParams.set('service', challenge.service);
    realm.searchParams.set('scope', `repository:${repository}:pull`);
    let response: Response;
    try {
      response = await this.fetch(realm, { headers: authorization ? { Authorization: authorization } : {}, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new RegistryUnavailableError(`token service for ${repository} failed: ${(error as Error).message}`);
    }
    if (response.status >= 500 || response.status === 429) throw new RegistryUnavailableError(`token service answered ${response.status} for ${repository}`);
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const body = (await response.json().catch(() => null)) as { token?: unknown; access_token?: unknown } | null;
    const token = body?.token ?? body?.access_token;
    return typeof token === 'string' && token !== '' ? token : null;
  }
}

/** realm and service of a `Bearer realm="…",service="…"` challenge; null for anything else. */
export function bearerChallenge(header: string | null): { realm: string; service?: string } | null {
  if (!header || !/^bearer\s/i.test(header)) return null;
  const params = new Map<string, string>();
  for (const match of header.slice(7).matchAll(/([a-z]+)="([^"]*)"/gi)) params.set((match[1] as string).toLowerCase(), match[2] as string);
  const realm = params.get('realm');
  return realm ? { realm, service: params.get('service') } : null;
}
