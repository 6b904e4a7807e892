import type { AppConfig } from '../config/app-config';
import { loginServerOf, registryBaseUrl } from '../config/load-config';
import { basicAuthorization } from '../registry/auth';
import { createRegistryClient } from '../registry/client';
import { createLazyIndexClient } from '../registry/lazy-index-client';
import type { RegistryContextValue } from '../queries/registry-context';
import { createCredentialsStore, type CredentialsStore, type SessionStorageLike } from './credentials-store';
import type { EntraSignIn } from './entra-sign-in';

/** One configured registry, ready to use: its client, what the UI shows of it, and its session. */
export interface RegistryEntry {
  context: RegistryContextValue;
  credentials: CredentialsStore;
  /** Microsoft Entra ID sign-in, when config has an entra block (entra-setup.ts, loaded only then). */
  entra?: EntraSignIn;
}

export interface BrowserEnvironment {
  /** window.location.origin: the registry of a proxied deploy (url '') and of the demo. */
  origin: string;
  /** window.location.host: the login server when neither loginServer nor url says otherwise. */
  host: string;
  fetch: typeof fetch;
  /** Defaults to sessionStorage inside createCredentialsStore. */
  storage?: SessionStorageLike | null;
}

export function createRegistryEntries(config: AppConfig, env: BrowserEnvironment): RegistryEntry[] {
  const demo = config.demo === true;
  const headers = config.sourceClient ? { 'X-Meta-Source-Client': config.sourceClient } : undefined;
  return config.registries.map((registry) => {
    // The demo registry is served by the service worker on this origin, whatever url says.
    const baseUrl = registryBaseUrl(demo ? '' : registry.url, env.origin);
    const credentials = createCredentialsStore({ key: `regatta.credentials:${baseUrl}`, storage: env.storage });
    const client = createRegistryClient({
      baseUrl,
      fetch: env.fetch,
      headers,
      credentials: () => credentials.get(),
      // Token realms outside the registry's origin must be named in config (never a third party by surprise).
      tokenRealms: registry.tokenRealms,
      // Where the same-origin proxy forwards: a realm there (ACR's /oauth2/token) goes through the proxy.
      upstream: registry.upstream,
      requestTimeoutMs: registry.requestTimeoutMs,
    });
    // Tokens were issued to the previous identity (or to nobody): any sign-in or sign-out drops them.
    credentials.subscribe(() => client.clearAuth());
    const context: RegistryContextValue = {
      name: registry.name,
      client,
      url: baseUrl,
      loginServer: demo ? env.host : loginServerOf(registry, env.host),
      catalogPageSize: registry.catalogPageSize ?? 1000,
      readOnly: registry.readOnly ?? false,
      demo,
      namingRules: registry.namingRules ?? config.namingRules,
    };
    if (registry.index !== undefined && !demo) {
      context.index = createLazyIndexClient({
        baseUrl: registryBaseUrl(registry.index, env.origin),
        fetch: env.fetch,
        authorization: () => {
          const signedIn = credentials.get();
          return signedIn ? basicAuthorization(signedIn) : null;
        },
      });
    }
    return { context, credentials };
  });
}
