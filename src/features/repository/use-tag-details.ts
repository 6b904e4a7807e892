import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries, requestQueueFor } from '../../queries/registry-queries';
import type { TagSeeds } from '../../queries/bulk-tags';
import type { ManifestHead } from '../../registry/types';
import type { ImageSummary } from '../../queries/image-summary';
import { TagDetailsStore, type TagDetailsSnapshot } from './tag-details-store';

export type { ErrorColumn, TagRowData } from './tag-details-store';

export interface TagDetails extends TagDetailsSnapshot {
  /** Refetches every failed request of this repository (HEADs, manifests, configs). */
  retryFailed: () => void;
}

const NO_SEEDS: TagSeeds = new Map();
const NOTHING_REMEMBERED: ReadonlyMap<string, ManifestHead> = new Map();
const NO_SUMMARIES: ReadonlyMap<string, ImageSummary> = new Map();

/**
 * Resolves every tag of a repository: one HEAD per tag, then one manifest GET and one config GET
 * per distinct digest (for an index: each child manifest and its config, once per digest). All
 * requests share the registry's bounded queue; `useFocusRequests` moves the visible rows' first.
 * Tags in `seeds` (a bulk source: the index, ACR's `_tags`) skip the HEAD, and the reads too when
 * the seed carries the summary. `remembered` (a previous visit's HEAD answers) fills rows at once,
 * marked checking until their own HEAD answers; `rememberedSummaries` (its rows, by digest) give
 * those rows their size, date and platforms without reading manifests or configs.
 */
export function useTagDetails(
  name: string,
  tags: readonly string[],
  seeds: TagSeeds = NO_SEEDS,
  remembered: ReadonlyMap<string, ManifestHead> = NOTHING_REMEMBERED,
  rememberedSummaries: ReadonlyMap<string, ImageSummary> = NO_SUMMARIES,
): TagDetails {
  const { client, url } = useRegistry();
  const queryClient = useQueryClient();
  const store = useMemo(() => {
    const created = new TagDetailsStore(queryClient, repositoryQueries(client, url), name);
    // The first render already shows what the seeds say (the index's rows complete), not empty rows
    // filled one render later. Nothing is requested before start(); later tags arrive through setTags.
    created.setTags(tags, seeds, remembered, rememberedSummaries);
    return created;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the first tags: the effect below passes the later ones
  }, [queryClient, client, url, name]);

  useEffect(() => store.start(), [store]);
  useEffect(() => store.setTags(tags, seeds, remembered, rememberedSummaries), [store, tags, seeds, remembered, rememberedSummaries]);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const retryFailed = useCallback(() => void store.retryFailed(), [store]);

  return useMemo(() => ({ ...snapshot, retryFailed }), [snapshot, retryFailed]);
}

/**
 * The requests behind the rows in view jump the registry's queue: their HEADs, and once a digest
 * is known its manifest, children and configs. Re-focused when the rows in view or their data change.
 */
export function useFocusRequests(requestKeysOf: TagDetails['requestKeysOf'], visibleTags: readonly string[]): void {
  const { client } = useRegistry();
  const queue = requestQueueFor(client);
  const signature = useMemo(() => requestKeysOf(visibleTags).join('\n'), [requestKeysOf, visibleTags]);
  useEffect(() => {
    queue.focus(signature === '' ? [] : signature.split('\n'));
  }, [queue, signature]);
  useEffect(() => () => queue.focus([]), [queue]);
}
