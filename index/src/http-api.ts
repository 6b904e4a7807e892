// The index's HTTP surface: distribution's notifications (POST /events) and the /index/v1 API.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { repositoriesQuery, searchQuery, tagListQuery } from './api-schemas.ts';
import type { IndexQueries, RepositoryRow, SearchHit, TagListRow } from './index-queries.ts';
import type { Change, Indexer } from './indexer.ts';
import { HttpError, readBody, sendError, sendJson } from './http-responses.ts';
import { envelopeSchema, indexEvents } from './notifications.ts';
import { REPOSITORY_NAME, RegistryUnavailableError, type RegistryAccess } from './registry-access.ts';

export interface ApiDeps {
  queries: IndexQueries;
  indexer: Indexer;
  access: RegistryAccess;
  /** The shared secret distribution sends as `Authorization: Bearer <secret>`; null disables POST /events. */
  eventsSecret: string | null;
  status: () => Record<string, unknown>;
  log?: (message: string) => void;
}

const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_EVENTS_BODY = 16 * 1024 * 1024;
const SSE_HEARTBEAT_MS = 25_000;

function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'INVALID_PARAMETER', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const sameSecret = (given: string, expected: string) => {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
};

export function createApiHandler(deps: ApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { queries, indexer, access } = deps;

  async function requireAccess(req: IncomingMessage, repository: string): Promise<void> {
    if (!REPOSITORY_NAME.test(repository)) throw new HttpError(400, 'NAME_INVALID', `invalid repository name: ${repository}`);
    const decision = await access.decide(req.headers.authorization, repository);
    if (!decision.allowed) {
      const status = decision.status === 401 || decision.status === 403 ? decision.status : 404;
      throw new HttpError(status, status === 404 ? 'NAME_UNKNOWN' : 'DENIED', `the registry answered ${decision.status} for ${repository}`, decision.wwwAuthenticate ? { 'WWW-Authenticate': decision.wwwAuthenticate } : {});
    }
    if (!queries.hasRepository(repository)) throw new HttpError(404, 'NOT_INDEXED', `${repository} is not in the index (yet)`);
  }

  /** Pages through `fetchPage` until `n` items the caller may read are found, or the rows run out. */
  async function collectAllowed<T>(req: IncomingMessage, n: number, fetchPage: (limit: number, after: T | undefined) => T[], repositoryOf: (item: T) => string): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    let after: T | undefined;
    // One row past n: when every row is readable, a single read tells whether there is a next page.
    const chunk = Math.max(n + 1, 50);
    for (;;) {
      const rows = fetchPage(chunk, after);
      const allowed = await access.filter(req.headers.authorization, rows, repositoryOf);
      for (const row of allowed) {
        if (items.length === n) return { items, more: true };
        items.push(row);
      }
      if (rows.length < chunk) return { items, more: false };
      after = rows.at(-1);
    }
  }

  async function handleEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (deps.eventsSecret === null) throw new HttpError(404, 'EVENTS_DISABLED', 'start the index with --secret to receive notifications');
    const given = req.headers.authorization ?? '';
    if (!sameSecret(given, `Bearer ${deps.eventsSecret}`)) throw new HttpError(401, 'UNAUTHORIZED', 'wrong or missing notification secret');
    let json: unknown;
    try {
      json = JSON.parse((await readBody(req, MAX_EVENTS_BODY)).toString('utf8'));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'INVALID_JSON', 'the body is not JSON');
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) throw new HttpError(400, 'INVALID_ENVELOPE', envelope.error.issues[0]?.message ?? 'not an events envelope');
    const events = indexEvents(envelope.data);
    // 200 only once the rescan, the tag moves and the ids are committed: distribution retries otherwise.
    const applied = await indexer.applyEvents(events);
    sendJson(res, 200, { received: envelope.data.events.length, applied: applied.length });
  }

  async function handleRepositoryScoped(req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> {
    const at = rest.indexOf('/-/');
    if (at < 0) throw new HttpError(404, 'NOT_FOUND', 'expected /index/v1/repositories/<name>/-/{manifests,tags,tags/<tag>/history}');
    const repository = rest.slice(0, at);
    const what = rest.slice(at + 3).split('/');
    await requireAccess(req, repository);
    if (what.length === 1 && what[0] === 'manifests') return sendJson(res, 200, { repository, manifests: queries.manifests(repository) });
    if (what.length === 1 && what[0] === 'tags') return sendJson(res, 200, { repository, tags: queries.tags(repository) });
    if (what.length === 3 && what[0] === 'tags' && what[2] === 'history') {
      const tag = what[1] ?? '';
      if (!TAG.test(tag)) throw new HttpError(400, 'TAG_INVALID', `invalid tag: ${tag}`);
      return sendJson(res, 200, { repository, tag, history: queries.history(repository, tag) });
    }
    throw new HttpError(404, 'NOT_FOUND', `no such resource: ${what.join('/')}`);
  }

  async function handleRepositories(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const q = parseQuery(repositoriesQuery, url);
    const { items, more } = await collectAllowed<RepositoryRow>(
      req,
      q.n,
      (limit, after) => queries.repositories({ after: after?.name ?? q.last ?? '', namespace: q.namespace, limit }),
      (row) => row.name,
    );
    sendJson(res, 200, { repositories: items, next: more ? (items.at(-1)?.name ?? null) : null });
  }

  async function handleTagList(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const q = parseQuery(tagListQuery, url);
    const { items, more } = await collectAllowed<TagListRow>(
      req,
      q.n,
      (limit, after) => queries.tagList({ after: after ?? q.last, namespace: q.namespace, limit }),
      (row) => row.repository,
    );
    const last = items.at(-1);
    sendJson(res, 200, { tags: items, next: more && last ? `${last.repository}:${last.tag}` : null });
  }

  async function handleSearch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const q = parseQuery(searchQuery, url);
    const { items, more } = await collectAllowed<SearchHit>(
      req,
      q.n,
      (limit, after) => queries.search(q, { after: after ?? q.last, limit }),
      (hit) => hit.repository,
    );
    const last = items.at(-1);
    sendJson(res, 200, { results: items, next: more && last ? `${last.repository}@${last.digest}` : null });
  }

  function handleStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    res.write(': regatta-index change stream\n\n');
    const authorization = req.headers.authorization;
    // Changes go out in order: each waits for the previous one's access check.
    let sending = Promise.resolve();
    const onChange = (change: Change) => {
      sending = sending.then(async () => {
        const allowed = await access.decide(authorization, change.repository).then((d) => d.allowed, () => false);
        if (allowed && !res.destroyed) res.write(`event: change\ndata: ${JSON.stringify({ ...change, at: new Date(change.at).toISOString() })}\n\n`);
      });
    };
    const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
    indexer.changes.on('change', onChange);
    req.on('close', () => {
      clearInterval(heartbeat);
      indexer.changes.off('change', onChange);
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://index.invalid');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      throw new HttpError(400, 'INVALID_PATH', 'malformed percent-encoding');
    }
    if (path === '/events') {
      if (req.method !== 'POST') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'POST only');
      return handleEvents(req, res);
    }
    if (req.method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'GET only');
    if (path === '/index/v1/status') return sendJson(res, 200, deps.status());
    if (path === '/index/v1/repositories') return handleRepositories(req, res, url);
    if (path.startsWith('/index/v1/repositories/')) return handleRepositoryScoped(req, res, path.slice('/index/v1/repositories/'.length));
    if (path === '/index/v1/tags') return handleTagList(req, res, url);
    if (path === '/index/v1/search') return handleSearch(req, res, url);
    if (path === '/index/v1/events') return handleStream(req, res);
    throw new HttpError(404, 'NOT_FOUND', `no route for ${path}`);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) return sendError(res, error);
      if (error instanceof RegistryUnavailableError) return sendError(res, new HttpError(502, 'REGISTRY_UNAVAILABLE', error.message));
      deps.log?.(`error on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      sendError(res, new HttpError(500, 'INTERNAL', 'internal error (see the index log)'));
    });
  };
}
