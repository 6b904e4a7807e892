/**
 * The executor as TanStack Query sees it: the context every mutation runs with (the cached delete
 * probe, the journal, remembering a 405), the one cache clean-up after a change, and the mutation
 * options of cleanup runs and orphan deletion. The actions' mutations are in action-queries.ts.
 */
import { mutationOptions, type QueryClient } from '@tanstack/react-query';
import type { AcrClient } from '../../registry/acr';
import type { RegistryClient } from '../../registry/client';
import type { DeleteSupport } from '../../registry/uploads';
import { forgetDeletedManifests } from '../registry-queries';
import { runOperations, type CleanupOperation, type RunProgress } from '../cleanup-run';
import { capabilityKeys, deleteSupportQuery } from './capability-queries';
import type { ExecutorContext, OperationJournal } from './executor';
import { untagJournal } from './journal-store';

/** Cached by digest and immutable, or owned by an open dialog: kept when a repository is refreshed. */
const KEEP_ON_REFRESH = new Set(['manifest', 'config', 'action-preview', 'action-referrers', 'action-target']);

/**
 * After a change to a repository: the deleted manifests leave every cache (memory and IndexedDB),
 * and its tags and tag HEADs are read again. Manifests by digest stay, and an open dialog's preview
 * is not resolved again behind the user's back. Not awaited: the UI says what changed at once.
 */
export function refreshAfterChange(queryClient: QueryClient, url: string, name: string, deleted: readonly string[] = []): void {
  forgetDeletedManifests(queryClient, url, name, deleted);
  void queryClient.invalidateQueries({ queryKey: ['registry', url, 'repo', name], predicate: (query) => !KEEP_ON_REFRESH.has(String(query.queryKey[4])) });
}

export interface ExecutorEnv {
  client: RegistryClient;
  url: string;
  queryClient: QueryClient;
  /** Where safe untags journal their steps; default the browser's IndexedDB journal. */
  journal?: OperationJournal;
}

/** The context of one operation on `name`: the delete probe asked once per registry, a 405 remembered. */
export function executorContext({ client, url, queryClient, journal = untagJournal }: ExecutorEnv, name: string, extra: Pick<ExecutorContext, 'signal' | 'onProgress'> = {}): ExecutorContext {
  return {
    client,
    name,
    registry: url,
    queryClient,
    journal,
    ...extra,
    deleteSupport: () => queryClient.fetchQuery(deleteSupportQuery(client, url, name)),
    onDeletesDisabled: () => queryClient.setQueryData<DeleteSupport>(capabilityKeys.deletes(url), 'disabled'),
  };
}

export interface RunVariables {
  operations: readonly CleanupOperation[];
  acr: AcrClient | null;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

/** Cleanup runs and orphan deletion: the plan's operations through the executor, then the caches. */
export function operationMutations(env: ExecutorEnv) {
  const { url, queryClient } = env;
  return {
    run: mutationOptions({
      mutationKey: ['registry', url, 'operations', 'run'],
      mutationFn: ({ operations, acr, signal, onProgress }: RunVariables) =>
        runOperations({ executor: (name) => executorContext(env, name, { signal }), url, acr }, operations, { signal, onProgress }),
      onSuccess: (results) => {
        for (const name of new Set(results.map((r) => r.repository))) {
          const deleted = results.filter((r) => r.repository === name && r.kind === 'delete' && (r.status === 'done' || r.status === 'already-gone')).map((r) => r.digest);
          refreshAfterChange(queryClient, url, name, deleted);
        }
      },
    }),
  };
}
