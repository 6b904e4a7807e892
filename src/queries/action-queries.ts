/**
 * Query and mutation options of the actions (delete, untag, re-tag, copy, bulk). Reads run general
 * → specific under the repository prefix, so an action's invalidation of `repoKey(name)` refreshes
 * them too; what a registry refuses is remembered per registry under ['registry', url, 'capabilities'].
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import type { Descriptor } from '../registry/types';
import type { DeleteSupport } from '../registry/uploads';
import {
  findDrift,
  removeStrategies,
  summarizeImpact,
  tagSchemaReferrers,
  type ActionMode,
  type Drift,
  type Impact,
  type IndexRef,
  type SelectedTag,
  type TagDeleteSupport,
} from './action-plans';
import { deleteImages, removeTags, taggedIndexes, type ManifestGetter, type RepositoryState } from './action-runner';
import { isDeletesDisabled } from './operations/decisions';
import { copyImage, finishUntag, restoreTag, retag, type CopyOptions, type Progress, type RestoreOptions, type RetagOptions } from './operations/executor';
import { executorContext, refreshAfterChange, type ExecutorEnv } from './operations/operation-queries';
import { catalogKeys } from './catalog-queries';
import { PRIORITY_HIGH } from './request-queue';
import { capabilityKeys, deleteSupportQuery } from './operations/capability-queries';
import { repositoryQueries } from './registry-queries';
import { currentDigests, readTagInventory } from './tag-inventory';


/** What a dialog shows before the user confirms: the repository now, the impact, and any drift. */
export interface ImpactPreview {
  state: RepositoryState;
  impact: Impact;
  indexes: IndexRef[];
  /** Selected tags that moved (or vanished: actual '') since the user saw them. */
  drift: Drift[];
  /** Selected tags that no longer exist. */
  gone: string[];
  /** tag → digest the user confirms (all tags of every digest the action changes). */
  confirmed: Map<string, string>;
}

export interface ActionSelection {
  tag: string;
  /** The digest the user saw; undefined when the row was not resolved yet (bulk). */
  digest?: string;
}

export function actionQueries(client: RegistryClient, url: string, queryClient: QueryClient, journal?: ExecutorEnv['journal']) {
  const queries = repositoryQueries(client, url);
  const env: ExecutorEnv = { client, url, queryClient, journal };
  const ctx = (name: string, onProgress?: (p: Progress) => void) => executorContext(env, name, { onProgress });
  const getManifest: ManifestGetter = (name, digest) => queryClient.fetchQuery(queries.manifest(name, digest, PRIORITY_HIGH));

  const tagDeleteSupport = (): TagDeleteSupport => queryClient.getQueryData<TagDeleteSupport>(capabilityKeys.tagDelete(url)) ?? 'unknown';
  const rememberTagDelete = (support: TagDeleteSupport) => queryClient.setQueryData(capabilityKeys.tagDelete(url), support);
  /** A 405 / UNSUPPORTED on any action switches the destructive actions off for this registry. */
  const noticeFailure = (error: unknown) => {
    if (isDeletesDisabled(error)) queryClient.setQueryData<DeleteSupport>(capabilityKeys.deletes(url), 'disabled');
  };
  const refresh = (name: string) => refreshAfterChange(queryClient, url, name);

  return {
    /** Whether deletes are on: probed once per registry, only when a destructive action starts. */
    deleteSupport: (name: string) => deleteSupportQuery(client, url, name),

    /** The repository (the tag inventory; answers seconds old reused) and what the action would change. */
    preview: (name: string, mode: ActionMode, selection: readonly ActionSelection[]) =>
      queryOptions({
        queryKey: [...queries.repoKey(name), 'action-preview', mode, selection.map((s) => `${s.tag}@${s.digest ?? ''}`).join(',')] as const,
        queryFn: async ({ signal }): Promise<ImpactPreview> => {
          // Tag answers seconds old are used as they are: the action asks again right before it changes anything.
          const state = await readTagInventory({ client, url, queryClient }, name, { signal, freshness: 'recent' });
          const current = currentDigests(state);
          const seen = new Map(selection.filter((s) => s.digest !== undefined).map((s) => [s.tag, s.digest as string] as const));
          const drift = findDrift(seen, current);
          const gone = selection.filter((s) => !current.get(s.tag)).map((s) => s.tag);
          const selected: SelectedTag[] = selection.flatMap((s) => {
            const digest = current.get(s.tag);
            return digest ? [{ tag: s.tag, digest }] : [];
          });
          const indexes = mode === 'delete-images' ? await taggedIndexes({ client, name, signal }, state, getManifest) : [];
          const impact = summarizeImpact({ mode, selected, tagsByDigest: state.tagsByDigest, indexes });
          const confirmed = new Map<string, string>();
          const changed = mode === 'delete-images' ? impact.imagesDeleted : [...new Set(selected.map((s) => s.digest))];
          for (const digest of changed) for (const tag of state.tagsByDigest.get(digest) ?? []) confirmed.set(tag, digest);
          return { state, impact, indexes, drift, gone, confirmed };
        },
        staleTime: 0,
        gcTime: 0,
        retry: false,
      }),

    /** Manifests whose subject is `digest`: the OCI 1.1 referrers API, else the sha256-<hex> tag schema. */
    referrers: (name: string, digest: string, tags: readonly string[]) =>
      queryOptions({
        queryKey: [...queries.repoKey(name), 'action-referrers', digest, tags.length] as const,
        queryFn: async ({ signal }): Promise<{ source: 'api' | 'tag-schema'; descriptors: Descriptor[]; tags: string[] }> => {
          const answer = await client.listReferrers(name, digest, { signal }).catch(() => ({ supported: false as const, status: 0 }));
          if (answer.supported) return { source: 'api', descriptors: answer.descriptors, tags: [] };
          return { source: 'tag-schema', descriptors: [], tags: tagSchemaReferrers(digest, tags) };
        },
        staleTime: 0,
        gcTime: 0,
        retry: false,
      }),

    /** What the target tag points at now (null: no such tag, or no such repository yet). */
    targetHead: (name: string, tag: string) =>
      queryOptions({
        queryKey: ['registry', url, 'repo', name, 'action-target', tag] as const,
        queryFn: ({ signal }) => client.headManifest(name, tag, { signal }),
        staleTime: 0,
        gcTime: 0,
        retry: false,
      }),

    removeTags: mutationOptions({
      mutationKey: ['registry', url, 'action', 'remove-tags'],
      mutationFn: ({ name, selected, onProgress }: { name: string; selected: readonly SelectedTag[]; onProgress?: (p: Progress) => void }) =>
        removeTags(ctx(name, onProgress), { selected, strategies: () => removeStrategies(tagDeleteSupport()), onTagDeleteSupport: rememberTagDelete }),
      onSuccess: (result) => result.failed.forEach((f) => noticeFailure(f.error)),
      onError: noticeFailure,
      onSettled: (_data, _error, { name }) => refresh(name),
    }),

    deleteImages: mutationOptions({
      mutationKey: ['registry', url, 'action', 'delete-images'],
      mutationFn: ({ name, digests, confirmed, onProgress }: { name: string; digests: readonly string[]; confirmed: ReadonlyMap<string, string>; onProgress?: (p: Progress) => void }) =>
        deleteImages(ctx(name, onProgress), { digests, confirmed, getManifest }),
      onSuccess: (result) => result.failed.forEach((f) => noticeFailure(f.error)),
      onError: noticeFailure,
      onSettled: (result, _error, { name }) => refreshAfterChange(queryClient, url, name, result ? [...result.deleted, ...result.alreadyGone] : []),
    }),

    /** Deletes Regatta's throwaway a tag was left on (the tag HEADed again first). */
    finishUntag: mutationOptions({
      mutationKey: ['registry', url, 'action', 'finish-untag'],
      mutationFn: ({ name, tag, throwaway }: { name: string; tag: string; throwaway: string }) => finishUntag(ctx(name), tag, throwaway),
      onError: noticeFailure,
      onSettled: (_data, _error, { name, throwaway }) => refreshAfterChange(queryClient, url, name, [throwaway]),
    }),

    retag: mutationOptions({
      mutationKey: ['registry', url, 'action', 'retag'],
      mutationFn: ({ name, ...options }: RetagOptions & { name: string }) => retag(ctx(name), options),
      onSettled: (_data, _error, { name }) => refresh(name),
    }),

    /** Tag history's restore: the tag back on an earlier digest. */
    restore: mutationOptions({
      mutationKey: ['registry', url, 'action', 'restore'],
      mutationFn: ({ name, ...options }: RestoreOptions & { name: string }) => restoreTag(ctx(name), options),
      onSettled: (_data, _error, { name }) => refresh(name),
    }),

    copy: mutationOptions({
      mutationKey: ['registry', url, 'action', 'copy'],
      mutationFn: ({ name, onProgress, ...options }: CopyOptions & { name: string; onProgress?: (p: Progress) => void }) => copyImage(ctx(name, onProgress), options),
      onSettled: (_data, _error, { target }) => {
        refresh(target);
        void queryClient.invalidateQueries({ queryKey: catalogKeys.all(url) });
      },
    }),
  };
}

export type ActionQueries = ReturnType<typeof actionQueries>;
