/**
 * The scan as React state (shared by the orphans page and the cleanup dry run): which source the
 * registry offers, progress, cancel, and the inventories found. The crawl itself is
 * inventory-scan.ts; this hook only owns its lifecycle.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isAbortError } from '../registry/errors';
import type { AcrDetection } from '../registry/acr';
import { acrClientFor, acrDetectionQuery } from './acr-queries';
import { catalogQueryOptions } from './catalog-queries';
import { scanRepositories, type InventorySource, type RepositoryInventory, type ScanProgress } from './inventory-scan';
import { useRegistry } from './registry-context';
import { indexStatusQuery } from './index-queries';

const PROGRESS_MS = 100;

export type ScanStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface ScanState {
  status: ScanStatus;
  scope?: string;
  progress?: ScanProgress;
  inventories: RepositoryInventory[];
  error?: unknown;
}

/** 'all' (whole registry), a namespace prefix, or an explicit list of repositories. */
export type ScanTarget = { kind: 'registry' } | { kind: 'namespace'; prefix: string } | { kind: 'repositories'; names: string[]; label: string };

/** `repository`: the page is about one repository, which detection may probe without catalog rights. */
export function useInventoryScan(options: { repository?: string } = {}) {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  const probe = useQuery(acrDetectionQuery(registry, options.repository));
  const indexStatus = useQuery(indexStatusQuery(registry.index, registry.url));
  const [state, setState] = useState<ScanState>({ status: 'idle', inventories: [] });
  // What the last scan found (it may have probed a repository the page did not name).
  const [scanned, setScanned] = useState<AcrDetection | undefined>(undefined);
  const detection = scanned ?? probe.data;
  // ACR lists manifests itself; else the index when it answers; else the ledger (the page says why).
  const source: InventorySource | undefined =
    detection === undefined ? undefined : detection.acr ? 'acr' : registry.index && indexStatus.isPending ? undefined : registry.index && indexStatus.isSuccess ? 'index' : 'ledger';
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (target: ScanTarget, filter?: (name: string) => boolean): Promise<RepositoryInventory[] | null> => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      let progressTimer: ReturnType<typeof setTimeout> | undefined;
      const scope = target.kind === 'registry' ? 'the whole registry' : target.kind === 'namespace' ? `namespace ${target.prefix}/` : target.label;
      setState({ status: 'running', scope, inventories: [], progress: { repositoriesDone: 0, repositoriesTotal: 0, requestsDone: 0, requestsTotal: 0, retried: 0 } });
      try {
        const found = await queryClient.fetchQuery(acrDetectionQuery(registry, target.kind === 'repositories' && target.names.length === 1 ? target.names[0] : options.repository));
        setScanned(found);
        const hasAcr = found.acr;
        let names: string[];
        if (target.kind === 'repositories') names = target.names;
        else {
          const catalog = await queryClient.fetchQuery({ ...catalogQueryOptions(registry), staleTime: 0 });
          names = target.kind === 'registry' ? catalog.names : catalog.names.filter((n) => n.startsWith(`${target.prefix}/`) || n === target.prefix);
        }
        if (filter) names = names.filter(filter);
        // An index that does not answer its status is not asked per repository (the page says why).
        const indexAnswers = registry.index ? await queryClient.fetchQuery(indexStatusQuery(registry.index, registry.url)).then(() => true, () => false) : false;
        const index = indexAnswers ? registry.index : null;
        // One re-render per PROGRESS_MS, not one per response.
        let latest: ScanProgress | undefined;
        const inventories = await scanRepositories({ client: registry.client, url: registry.url, queryClient, acr: hasAcr ? acrClientFor(registry.client) : null, index }, names, {
          signal: abort.signal,
          onProgress: (progress) => {
            latest = progress;
            progressTimer ??= setTimeout(() => {
              progressTimer = undefined;
              if (!abort.signal.aborted) setState((s) => ({ ...s, progress: latest }));
            }, PROGRESS_MS);
          },
        }).finally(() => clearTimeout(progressTimer));
        if (abort.signal.aborted) return null;
        setState((s) => ({ ...s, status: 'done', inventories }));
        return inventories;
      } catch (error) {
        if (abort.signal.aborted || isAbortError(error)) {
          setState((s) => ({ ...s, status: 'cancelled' }));
          return null;
        }
        setState((s) => ({ ...s, status: 'error', error }));
        return null;
      }
    },
    [queryClient, registry, options.repository],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const replaceInventories = useCallback((update: (inventories: RepositoryInventory[]) => RepositoryInventory[]) => setState((s) => ({ ...s, inventories: update(s.inventories) })), []);

  return { source, detection, detectionError: probe.error, retryDetection: probe.refetch, indexError: indexStatus.error, probePending: probe.isPending, state, start, cancel, replaceInventories };
}
