/** Whether the registry has ACR's metadata API, asked once per registry and remembered. */
import { queryOptions } from '@tanstack/react-query';
import { createAcrClient, type AcrClient } from '../registry/acr';
import type { RegistryClient } from '../registry/client';

const clients = new WeakMap<RegistryClient, AcrClient>();

export function acrClientFor(client: RegistryClient): AcrClient {
  let acr = clients.get(client);
  if (!acr) {
    acr = createAcrClient(client);
    clients.set(client, acr);
  }
  return acr;
}

export function acrProbeQuery(client: RegistryClient, url: string) {
  return queryOptions({
    queryKey: ['registry', url, 'acr-metadata-api'] as const,
    queryFn: ({ signal }) => acrClientFor(client).probe({ signal }),
    staleTime: Infinity,
  });
}
