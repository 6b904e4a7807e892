/**
 * The regatta-index client, loaded on its first request: registry entries are built before the
 * first render, and the first paint never waits for the index.
 */
import type { IndexClient, IndexClientOptions } from './index-client';

/**
 * The client's module. Also called ahead of the first request when a page opened by its URL will
 * ask the index first (a repository's tag table): the request then waits for no download.
 */
export function loadIndexClientModule(): Promise<typeof import('./index-client')> {
  // One promise: a second import() of a loaded module still resolves a task later, after whatever
  // render is queued, and the first request would wait for it. A failed load is tried again.
  loading ??= import('./index-client').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
let loading: Promise<typeof import('./index-client')> | undefined;

export function createLazyIndexClient(options: IndexClientOptions): IndexClient {
  let loaded: Promise<IndexClient> | undefined;
  const client = () => (loaded ??= loadIndexClientModule().then(({ createIndexClient }) => createIndexClient(options)));
  return {
    baseUrl: options.baseUrl,
    status: async (...args) => (await client()).status(...args),
    repositories: async (...args) => (await client()).repositories(...args),
    manifests: async (...args) => (await client()).manifests(...args),
    tags: async (...args) => (await client()).tags(...args),
    tagList: async (...args) => (await client()).tagList(...args),
    history: async (...args) => (await client()).history(...args),
    search: async (...args) => (await client()).search(...args),
    watch: async (...args) => (await client()).watch(...args),
  };
}
