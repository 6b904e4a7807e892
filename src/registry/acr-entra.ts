/**
 * Entra ID (Azure AD) → ACR credentials, the registry half of an Entra sign-in (spec:
 * `POST /oauth2/exchange`, 2021-07-01): the registry's challenge on `GET /v2/` names the token
 * realm and `service`; the Entra access token is exchanged at the realm's sibling `/oauth2/exchange`
 * (form: grant_type=access_token, service, [tenant], access_token) for an ACR refresh token. That
 * refresh token then signs in like a password under the fixed user name ACR documents for it
 * (`az acr login --expose-token`: username 00000000-0000-0000-0000-000000000000), so the usual
 * token request issues the access tokens per scope (auth.ts `tokenRequest`: `POST /oauth2/token`
 * with grant_type=refresh_token, as the spec and Azure's clients do).
 * The realm goes through the same-origin proxy when it is on the configured upstream (see
 * auth.ts realmThroughProxy); any other origin is refused, as for every token realm.
 */
import { z } from 'zod/mini';
import { ACR_REFRESH_TOKEN_USER, isRealmAllowed, parseWwwAuthenticate, realmThroughProxy, type RealmPolicy } from './auth';
import { isAbortError, networkError, RegistryError, registryErrorFromResponse } from './errors';
import type { Credentials } from './types';

export { ACR_REFRESH_TOKEN_USER } from './auth';

const refreshTokenSchema = z.object({ refresh_token: z.string().check(z.minLength(1)) });

export interface EntraExchangeOptions {
  fetch: typeof fetch;
  /** Registry base URL (the same-origin proxy), without /v2. */
  baseUrl: string;
  /** Config `upstream` and `tokenRealms`, as for the registry client. */
  upstream?: string;
  tokenRealms?: readonly string[];
  /** The Entra access token for ACR (audience https://containerregistry.azure.net). */
  aadAccessToken: string;
  /** Entra tenant id, sent as `tenant` when given. */
  tenant?: string;
  signal?: AbortSignal;
}

/** The exchange endpoint beside a token realm: …/oauth2/token → …/oauth2/exchange. */
export function exchangeUrlFor(realm: string): string {
  const url = new URL(realm, 'http://relative.invalid');
  url.pathname = url.pathname.replace(/\/oauth2\/token\/?$/, '/oauth2/exchange');
  url.search = '';
  return realm.startsWith('/') ? url.pathname : url.toString();
}

/** Exchanges an Entra access token for ACR credentials (refresh token as password). */
export async function exchangeEntraToken(options: EntraExchangeOptions): Promise<Credentials> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const policy: RealmPolicy = { registryUrl: base, tokenRealms: options.tokenRealms, upstream: options.upstream };
  const call = async (url: string, init: RequestInit) => {
    try {
      return await options.fetch(url, { ...init, credentials: 'omit', signal: options.signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw networkError(error, { url });
    }
  };

  const probe = await call(`${base}/v2/`, { method: 'GET' });
  await probe.body?.cancel().catch(() => undefined);
  const bearer = parseWwwAuthenticate(probe.headers.get('WWW-Authenticate') ?? '').find((c) => c.scheme === 'bearer' && c.params.realm);
  if (probe.status !== 401 || !bearer?.params.realm || !bearer.params.service) {
    throw new RegistryError({ status: probe.status, code: 'ENTRA_UNSUPPORTED', message: 'The registry asks for no Bearer token with a service on /v2/: Entra ID sign-in needs an Azure Container Registry.', url: `${base}/v2/` });
  }
  const realm = realmThroughProxy(bearer.params.realm, policy);
  if (!isRealmAllowed(realm, policy)) {
    throw new RegistryError({ status: 0, code: 'REALM_NOT_ALLOWED', message: `The token realm ${realm} is neither on the registry's origin, its upstream, nor in "tokenRealms": the Entra token is not sent there.`, url: realm });
  }
  const url = exchangeUrlFor(realm);
  const form = new URLSearchParams({ grant_type: 'access_token', service: bearer.params.service, access_token: options.aadAccessToken });
  if (options.tenant) form.set('tenant', options.tenant);
  const response = await call(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body: form.toString() });
  if (!response.ok) throw await registryErrorFromResponse(response, { url });
  const parsed = refreshTokenSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new RegistryError({ status: response.status, code: 'TOKEN_INVALID', message: `${url} answered without a refresh_token.`, url });
  return { username: ACR_REFRESH_TOKEN_USER, password: parsed.data.refresh_token };
}
