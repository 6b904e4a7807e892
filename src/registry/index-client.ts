/**
 * Client of regatta-index's HTTP API (`/index/v1/…`, documented in index/README.md): listings that
 * plain v2 cannot give in one request — a repository's tags with digests, sizes and dates, every
 * manifest with "untagged since", a tag's history, registry-wide search. React-free like the rest
 * of registry/. Every answer is checked against its schema; anything else is an INDEX_MALFORMED
 * error. The caller's registry credentials go along: the index answers only what the registry
 * would let the caller read.
 */
import { z } from 'zod/mini';
import { networkError, RegistryError } from './errors';
import { readLimited } from './read-limited';

/** An index answer larger than this is refused (500 tags take about 150 KB). */
export const MAX_INDEX_BODY_BYTES = 32 * 1024 * 1024;
export const INDEX_TIMEOUT_MS = 15_000;

const iso = z.nullable(z.string());
const platform = z.object({ os: z.string(), architecture: z.string(), variant: z.optional(z.string()) });

const statusSchema = z.object({ schemaVersion: z.number(), lastScan: z.nullable(z.object({ at: z.string() })), eventsEnabled: z.boolean() });

const repositoriesSchema = z.object({
  repositories: z.array(
    z.object({ name: z.string(), tagCount: z.number(), manifestCount: z.number(), untaggedCount: z.number(), sizeBytes: z.number(), lastPush: iso }),
  ),
  next: z.nullable(z.string()),
});

const manifestsSchema = z.object({
  repository: z.string(),
  manifests: z.array(
    z.object({
      digest: z.string(),
      mediaType: z.string(),
      size: z.number(),
      imageSize: z.number(),
      created: iso,
      platform: z.nullable(platform),
      subject: z.nullable(z.string()),
      parentIndexes: z.array(z.string()),
      children: z.array(z.string()),
      tags: z.array(z.string()),
      pushedAt: iso,
      untaggedSince: iso,
      reclaimableBytes: z.number(),
    }),
  ),
});

const tagsSchema = z.object({
  repository: z.string(),
  tags: z.array(
    z.object({
      name: z.string(),
      digest: z.string(),
      mediaType: z.nullable(z.string()),
      size: z.nullable(z.number()),
      imageSize: z.nullable(z.number()),
      created: iso,
      platforms: z.array(platform),
      updatedAt: iso,
    }),
  ),
});

const tagListSchema = z.object({
  tags: z.array(
    z.object({
      repository: z.string(),
      tag: z.string(),
      digest: z.string(),
      mediaType: z.nullable(z.string()),
      imageSize: z.nullable(z.number()),
      created: iso,
      updatedAt: iso,
      blobs: z.array(z.tuple([z.string(), z.number()])),
    }),
  ),
  next: z.nullable(z.string()),
});

const historySchema = z.object({
  repository: z.string(),
  tag: z.string(),
  history: z.array(
    z.object({
      digest: z.string(),
      firstSeen: iso,
      lastSeen: iso,
      current: z.boolean(),
      actor: z.nullable(z.string()),
      source: z.enum(['storage', 'event']),
      exists: z.boolean(),
    }),
  ),
});

const searchSchema = z.object({
  results: z.array(z.object({ repository: z.string(), digest: z.string(), mediaType: z.string(), tags: z.array(z.string()) })),
  next: z.nullable(z.string()),
});

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type IndexStatus = z.infer<typeof statusSchema>;
export type IndexRepositories = z.infer<typeof repositoriesSchema>;
export type IndexManifest = z.infer<typeof manifestsSchema>['manifests'][number];
export type IndexTag = z.infer<typeof tagsSchema>['tags'][number];
export type IndexTagListPage = z.infer<typeof tagListSchema>;
export type IndexTagListRow = IndexTagListPage['tags'][number];
export type IndexHistoryEntry = z.infer<typeof historySchema>['history'][number];
export type IndexSearchHit = z.infer<typeof searchSchema>['results'][number];

export interface SearchParams {
  repository?: string;
  tag?: string;
  /** sha256:… or a hex prefix of at least 4 digits. */
  digest?: string;
  /** key=value */
  label?: string;
  /** A full layer digest. */
  layer?: string;
  n?: number;
}

export interface IndexClientOptions {
  /** Where /index/v1/ lives: the page's origin when proxied, or the index's own URL. */
  baseUrl: string;
  fetch: typeof fetch;
  /** The caller's registry Authorization header (Basic …), or null for anonymous. */
  authorization?: () => string | null;
  timeoutMs?: number;
}

export interface IndexClient {
  readonly baseUrl: string;
  /** Whether it answers, and when it last finished reading the registry's storage. */
  status(options?: { signal?: AbortSignal }): Promise<IndexStatus>;
  repositories(params?: { n?: number; last?: string; namespace?: string }, options?: { signal?: AbortSignal }): Promise<IndexRepositories>;
  /** Every manifest of a repository, tagged or not. */
  manifests(repository: string, options?: { signal?: AbortSignal }): Promise<IndexManifest[]>;
  /** Every tag of a repository with its digest, sizes and dates: one request. */
  tags(repository: string, options?: { signal?: AbortSignal }): Promise<IndexTag[]>;
  /**
   * One page of the tags of every repository the caller may read (or of `namespace`), in
   * (repository, tag) order, each with its image's size, created and blobs; pass `next` as `last`.
   */
  tagList(params?: { n?: number; last?: string; namespace?: string }, options?: { signal?: AbortSignal }): Promise<IndexTagListPage>;
  /** Every digest the tag has pointed at, newest first. */
  history(repository: string, tag: string, options?: { signal?: AbortSignal }): Promise<IndexHistoryEntry[]>;
  search(params: SearchParams, options?: { signal?: AbortSignal }): Promise<{ results: IndexSearchHit[]; next: string | null }>;
  /**
   * Follows the change stream (Server-Sent Events at /index/v1/events, read with fetch so the
   * credentials go along) and calls `onChange` with each repository that changed, until `signal`
   * aborts. Resolves when the stream ends; rejects when it cannot be opened.
   */
  watch(onChange: (change: IndexChange) => void, options: { signal: AbortSignal }): Promise<void>;
}

export interface IndexChange {
  repository: string;
  cause: 'scan' | 'event';
  at: string;
}

const changeSchema = z.object({ repository: z.string(), cause: z.enum(['scan', 'event']), at: z.string() });

/** The `data:` of each complete `event: change` block in `buffer`; the unfinished rest is returned too. */
export function parseEventStream(buffer: string): { changes: IndexChange[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const changes: IndexChange[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message';
    const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n');
    if (event !== 'change' || data === '') continue;
    try {
      const parsed = changeSchema.safeParse(JSON.parse(data));
      if (parsed.success) changes.push(parsed.data);
    } catch {
      // a malformed event is skipped; the stream goes on
    }
  }
  return { changes, rest };
}

function malformed(url: string, detail: string): RegistryError {
  return new RegistryError({ status: 0, code: 'INDEX_MALFORMED', message: `The registry index answered something unexpected at ${url}: ${detail}`, url });
}

export function createIndexClient({ baseUrl, fetch: fetchImpl, authorization, timeoutMs = INDEX_TIMEOUT_MS }: IndexClientOptions): IndexClient {
  const root = `${baseUrl.replace(/\/+$/, '')}/index/v1`;

  async function get<T>(path: string, schema: z.ZodMiniType<T>, signal: AbortSignal | undefined, context: { repository?: string } = {}): Promise<T> {
    const url = `${root}${path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = authorization?.();
    if (auth) headers.Authorization = auth;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal: combined, credentials: 'omit' });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) throw new RegistryError({ status: 0, code: 'TIMEOUT', message: `The registry index did not answer within ${Math.round(timeoutMs / 1000)} s (${url}).`, url, ...context });
      throw networkError(error, { url, ...context });
    }
    const { bytes, truncated } = await readLimited(response, MAX_INDEX_BODY_BYTES);
    if (truncated) throw malformed(url, `the answer is larger than ${MAX_INDEX_BODY_BYTES} bytes`);
    const text = new TextDecoder().decode(bytes);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = errorSchema.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
      throw new RegistryError({ status: response.status, code: parsed.success ? parsed.data.error.code : `HTTP_${response.status}`, message: `The registry index refused: ${message}`, url, ...context });
    }
    if (json === undefined) throw malformed(url, 'not JSON');
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw malformed(url, parsed.error.issues[0]?.message ?? 'schema mismatch');
    return parsed.data;
  }

  async function watch(onChange: (change: IndexChange) => void, { signal }: { signal: AbortSignal }): Promise<void> {
    const url = `${root}/events`;
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    const auth = authorization?.();
    if (auth) headers.Authorization = auth;
    let response: Response;
    try {
      response = await fetchImpl(url, { headers, signal, credentials: 'omit' });
    } catch (error) {
      if (signal.aborted) return;
      throw networkError(error, { url });
    }
    if (!response.ok || !response.body) throw new RegistryError({ status: response.status, code: `HTTP_${response.status}`, message: `The registry index's change stream answered ${response.status}`, url });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        // One event is small; a stream that never ends a block is cut off rather than buffered forever.
        buffer = (buffer + value).slice(-1024 * 1024);
        const parsed = parseEventStream(buffer);
        buffer = parsed.rest;
        parsed.changes.forEach(onChange);
      }
    } catch (error) {
      if (signal.aborted) return;
      throw networkError(error, { url });
    }
  }

  const repoPath = (repository: string) => `/repositories/${repository.split('/').map(encodeURIComponent).join('/')}/-`;

  return {
    baseUrl,
    status: (options = {}) => get('/status', statusSchema, options.signal),
    repositories(params = {}, options = {}) {
      const query = new URLSearchParams();
      if (params.n) query.set('n', String(params.n));
      if (params.last) query.set('last', params.last);
      if (params.namespace) query.set('namespace', params.namespace);
      const qs = query.toString();
      return get(`/repositories${qs ? `?${qs}` : ''}`, repositoriesSchema, options.signal);
    },
    tagList(params = {}, options = {}) {
      const query = new URLSearchParams();
      if (params.n) query.set('n', String(params.n));
      if (params.last) query.set('last', params.last);
      if (params.namespace) query.set('namespace', params.namespace);
      const qs = query.toString();
      return get(`/tags${qs ? `?${qs}` : ''}`, tagListSchema, options.signal);
    },
    async manifests(repository, options = {}) {
      return (await get(`${repoPath(repository)}/manifests`, manifestsSchema, options.signal, { repository })).manifests;
    },
    async tags(repository, options = {}) {
      return (await get(`${repoPath(repository)}/tags`, tagsSchema, options.signal, { repository })).tags;
    },
    async history(repository, tag, options = {}) {
      return (await get(`${repoPath(repository)}/tags/${encodeURIComponent(tag)}/history`, historySchema, options.signal, { repository })).history;
    },
    watch,
    search(params, options = {}) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value));
      return get(`/search?${query.toString()}`, searchSchema, options.signal);
    },
  };
}
