import { useEffect, useState } from 'react';
import { hashKey, useQueryClient, type Query } from '@tanstack/react-query';
import { catalogKeys } from './catalog-queries';
import { useRegistry } from './registry-context';
import { requestQueueFor } from './registry-queries';

const POLL_MS = 100;
/** How long the registry's reads must stay quiet before the repository tree reads the catalog. */
export const SETTLED_AFTER_MS = 300;

/**
 * True once this registry's reads (its request queue, and every query of it but the catalog) have
 * been quiet for `quietMs`, and from then on. The repository tree beside a page reads the whole
 * catalog (on a large registry ten 1,000-name pages, each a walk of the registry's storage, and a
 * tree of 10,000 names): it waits for the page's own requests instead of competing with them.
 * Polled rather than subscribed: a subscription to the query cache would run on each of the
 * thousands of answers a tag table receives.
 */
export function useRegistrySettled(quietMs = SETTLED_AFTER_MS): boolean {
  const { client, url } = useRegistry();
  const queryClient = useQueryClient();
  const [settled, setSettled] = useState(false);

  useEffect(() => {
    if (settled) return;
    const queue = requestQueueFor(client);
    const catalogHash = hashKey(catalogKeys.all(url));
    const ofThisRegistry = (query: Query) => query.queryKey[0] === 'registry' && query.queryKey[1] === url && query.queryHash !== catalogHash;
    let quietSince: number | null = null;
    const check = () => {
      const busy = queue.active > 0 || queue.pending > 0 || queryClient.isFetching({ predicate: ofThisRegistry }) > 0;
      const now = Date.now();
      if (busy) quietSince = null;
      else quietSince ??= now;
      if (quietSince !== null && now - quietSince >= quietMs) setSettled(true);
    };
    const timer = setInterval(check, POLL_MS);
    check();
    return () => clearInterval(timer);
  }, [settled, client, url, queryClient, quietMs]);

  return settled;
}
