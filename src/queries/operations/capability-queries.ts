/**
 * What a registry allows, remembered per registry for the session under
 * ['registry', url, 'capabilities']. The delete probe sends a DELETE (of a digest no manifest has,
 * so nothing changes), but a DELETE all the same: registry audit logs record it as a delete by
 * whoever sent it. It is therefore only run when a user starts a destructive action, never while
 * browsing; until then the actions are offered and the dialog checks first.
 */
import { queryOptions } from '@tanstack/react-query';
import type { RegistryClient } from '../../registry/client';
import { probeDeleteSupport } from '../../registry/write-operations';

export const capabilityKeys = {
  all: (url: string) => ['registry', url, 'capabilities'] as const,
  deletes: (url: string) => ['registry', url, 'capabilities', 'delete'] as const,
  tagDelete: (url: string) => ['registry', url, 'capabilities', 'delete-by-tag'] as const,
};

/**
 * Whether deletes are on: one probe per registry and session (404 when on, 405 UNSUPPORTED when
 * off). `name` is any repository of the registry (distribution checks the setting first). Never throws.
 */
export function deleteSupportQuery(client: RegistryClient, url: string, name: string) {
  return queryOptions({
    queryKey: capabilityKeys.deletes(url),
    queryFn: ({ signal }) => probeDeleteSupport(client, name, { signal }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
}
