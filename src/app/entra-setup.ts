// Loaded by dynamic import() only when a registry has an entra block: a deploy without Entra ID
// carries none of this (nor MSAL, which entra-msal.ts loads on top, only when signing in).
import type { AppConfig } from '../config/app-config';
import { exchangeEntraToken } from '../registry/acr-entra';
import { createEntraSignIn, type EntraSignIn } from './entra-sign-in';
import type { BrowserEnvironment, RegistryEntry } from './registry-entries';

/** Gives each registry with an entra block its Entra ID sign-in (entries and config in the same order). */
export function attachEntraSignIns(entries: RegistryEntry[], config: AppConfig, env: BrowserEnvironment): EntraSignIn[] {
  if (config.demo) return [];
  return entries.flatMap((entry, index) => {
    const registry = config.registries[index];
    const entraConfig = registry?.entra;
    if (!registry || !entraConfig) return [];
    const baseUrl = entry.context.url;
    entry.entra = createEntraSignIn({
      config: entraConfig,
      credentials: entry.credentials,
      key: `regatta.entra:${baseUrl}`,
      storage: env.storage,
      // The SPA platform's redirect URI in the app registration: the app's root.
      loadClient: () => import('./entra-msal').then((m) => m.createMsalClient(entraConfig, `${env.origin}/`)),
      exchange: (aadAccessToken) =>
        exchangeEntraToken({ fetch: env.fetch, baseUrl, upstream: registry.upstream, tokenRealms: registry.tokenRealms, aadAccessToken, tenant: entraConfig.tenantId }),
    });
    return [entry.entra];
  });
}
