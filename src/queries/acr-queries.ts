/**
 * Whether the registry has ACR's metadata API, per registry (and per repository when the catalog
 * is out of reach). A "yes" is kept; a "no" is asked again after a minute (a sign-in may change
 * it), and a detection that failed (network, 5xx) is an error the query retries, never a "no".
 */
import { queryOptions } from '@tanstack/react-query';
import { createAcrClient, type AcrClient } from '../registry/acr';
import type { RegistryClient } from '../registry/client';
import type { RegistryContextValue } from './registry-context';

const clients = new WeakMap<RegistryClient, AcrClient>();

export function acrClientFor(client: RegistryClient): AcrClient {
  let acr = clients.get(client);
  if (!acr) {
    acr = createAcrClient(client);
    clients.set(client, acr);
  }
  return acr;
}

/** A "no" is re-checked this long after it was found. */
const NEGATIVE_DETECTION_STALE_MS = 60_000;

/** The hosts whose name may say "ACR": the login server, the registry URL's host, the proxy's upstream. */
function hostsOf(registry: Pick<RegistryContextValue, 'client' | 'url' | 'loginServer'>): string[] {
  const hosts = [registry.loginServer, registry.client.upstream ?? ''];
  try {
    hosts.push(new URL(registry.url).host);
  } catch {
    // a relative URL names no host
  }
  return hosts.filter((host) => host !== '');
}

/** `repository`: probe its `_tags?n=1` when the catalog probe is refused (a user with rights on a few repositories). */
export function acrDetectionQuery(registry: Pick<RegistryContextValue, 'client' | 'url' | 'loginServer'>, repository?: string) {
  return queryOptions({
    queryKey: ['registry', registry.url, 'acr-metadata-api', repository ?? null] as const,
    queryFn: ({ signal }) => acrClientFor(registry.client).detect({ signal, hosts: hostsOf(registry), repository }),
    staleTime: (query) => (query.state.data?.acr ? Infinity : NEGATIVE_DETECTION_STALE_MS),
  });
}
