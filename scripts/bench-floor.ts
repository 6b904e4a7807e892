// The floor of a bench row: the registry requests the task needs, made by a bare Node client (no
// browser, no UI, no parsing beyond the config digest) with the same number in flight, through the
// same front and the same latency. On one machine the registry, the front and the client share the
// cores, so the requests themselves cost time whatever a UI does; Regatta is reported as a ratio of this.
//   HTTP/1.1: node:http(s) with a keep-alive agent of `concurrency` sockets (the browser's 6).
//   HTTP/2:   one node:http2 session, `concurrency` streams in flight.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { gunzipSync } from 'node:zlib';
import { MANIFEST_ACCEPT } from '../src/registry/manifests.ts';
import type { RepositoryRecord } from './seed-registry.ts';

export type Protocol = 'http/1.1' | 'h2';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Requester {
  request(method: 'GET' | 'HEAD', path: string, accept: string): Promise<Answer>;
  close(): void;
}

function http1(origin: string, sockets: number): Requester {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: sockets, rejectUnauthorized: false }) : new HttpAgent({ keepAlive: true, maxSockets: sockets });
  const send = secure ? httpsRequest : httpRequest;
  return {
    request: (method, path, accept) =>
      new Promise((resolve, reject) => {
        const req = send({ agent, host: url.hostname, port: url.port, method, path, headers: { accept, 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decoded(res.headers, Buffer.concat(chunks)) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

function http2(origin: string): Requester {
  // nginx ends a connection after http2_max_requests (1000) with GOAWAY; a browser then opens a
  // new one, and so does this client.
  const sessions: ClientHttp2Session[] = [];
  const open = () => {
    const session = connect(origin, { rejectUnauthorized: false });
    session.on('error', () => undefined);
    session.on('goaway', () => {
      if (current === session) current = open();
    });
    sessions.push(session);
    return session;
  };
  let current: ClientHttp2Session = open();
  const attempt = (method: string, path: string, accept: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (current.closed || current.destroyed) current = open();
      const stream = current.request({ [constants.HTTP2_HEADER_METHOD]: method, [constants.HTTP2_HEADER_PATH]: path, accept, 'accept-encoding': 'gzip' }, { endStream: true });
      const chunks: Buffer[] = [];
      let status = 0;
      let headers: Answer['headers'] = {};
      stream.on('response', (h) => {
        status = Number(h[constants.HTTP2_HEADER_STATUS]);
        headers = h as Answer['headers'];
      });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve({ status, headers, body: decoded(headers, Buffer.concat(chunks)) }));
      stream.on('error', reject);
    });
  return {
    request: async (method, path, accept) => {
      try {
        return await attempt(method, path, accept);
      } catch (error) {
        // Refused by a connection that is going away: once more, on a new one.
        if ((error as { code?: string }).code !== 'ERR_HTTP2_GOAWAY_SESSION' && (error as { code?: string }).code !== 'ERR_HTTP2_STREAM_ERROR') throw error;
        if (!current.closed && !current.destroyed) current.close();
        current = open();
        return attempt(method, path, accept);
      }
    },
    close: () => {
      for (const session of sessions) session.close();
    },
  };
}

/** nginx gzips JSON answers (gzip_proxied any): the client pays the inflating, as a browser does. */
function decoded(headers: Answer['headers'], body: Buffer): Buffer {
  return headers['content-encoding'] === 'gzip' && body.length > 0 ? gunzipSync(body) : body;
}

export type FloorTask =
  | { kind: 'catalog'; pageSize: number; repositories: number }
  | { kind: 'tags'; name: string; record: RepositoryRecord; revisit: boolean }
  /** The orphans scan or the audit crawl of the whole registry: what was seeded, to check the floor read it all. */
  | { kind: 'crawl'; pageSize: number; repositories: number; tags: number; configs: number };

export interface FloorResult {
  ms: number;
  requests: number;
}

/** One registry request of the floor: status, the Link header (paging) and the body as text. */
export type FloorCall = (method: 'GET' | 'HEAD', path: string, accept: string) => Promise<{ status: number; link: string | null; text: string }>;

/**
 * The minimum for the task, knowing what was seeded (no `/v2/` probe: an anonymous registry needs none):
 * - catalog: its pages, one after another (each names the next);
 * - tags, cold: tags/list, then per distinct digest one GET of the manifest by its first tag
 *   (manifest and digest in one answer) and one GET of the config blob; a HEAD for every other tag;
 * - tags, revisit (manifests and configs cached): tags/list and a HEAD per tag;
 * - crawl: the catalog pages (one after another), and as soon as a page names them, per
 *   repository its tags/list and one GET of each tag's manifest (its digest and its content in
 *   one answer), then one GET per config digest not read before (configs are immutable: one read
 *   serves every repository that shares it). All through one pool of `concurrency`.
 *
 * Self-contained (no module scope, plain JavaScript once compiled): the browser floor runs its
 * source in a bare page (browser-floor.ts), so both floors make exactly the same requests.
 */
export async function floorRequests(task: FloorTask, call: FloorCall, concurrency: number, manifestAccept: string): Promise<void> {
  const nextLink = (link: string | null) => (link ? (/<([^>]+)>;\s*rel="?next"?/.exec(link)?.[1] ?? null) : null);
  const ok = async (method: 'GET' | 'HEAD', path: string, accept: string) => {
    const answer = await call(method, path, accept);
    if (answer.status < 200 || answer.status >= 300) throw new Error(`floor: ${method} ${path} → ${answer.status}`);
    return answer;
  };
  const json = async <T>(path: string, accept: string) => JSON.parse((await ok('GET', path, accept)).text) as T;
  // At most `concurrency` tasks in flight; tasks may add more tasks while running.
  const waiting: (() => Promise<void>)[] = [];
  let active = 0;
  let failure: unknown = null;
  let settle!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  const pump = () => {
    while (active < concurrency && waiting.length > 0 && failure === null) {
      const next = waiting.shift()!;
      active += 1;
      next().then(
        () => {
          active -= 1;
          if (active === 0 && waiting.length === 0) settle();
          else pump();
        },
        (error: unknown) => {
          failure = error;
          settle(error);
        },
      );
    }
  };
  const add = (work: () => Promise<void>) => {
    waiting.push(work);
    pump();
  };
  const drained = () => {
    if (active === 0 && waiting.length === 0) settle();
    return finished;
  };

  if (task.kind === 'catalog') {
    let seen = 0;
    for (let path: string | null = `/v2/_catalog?n=${task.pageSize}`; path; ) {
      const answer = await ok('GET', path, 'application/json');
      seen += (JSON.parse(answer.text) as { repositories?: string[] }).repositories?.length ?? 0;
      path = nextLink(answer.link);
    }
    if (seen !== task.repositories) throw new Error(`floor: catalog listed ${seen} repositories, seeded ${task.repositories}`);
    return;
  }
  if (task.kind === 'tags') {
    const { name, record, revisit } = task;
    const listed = (await json<{ tags?: string[] }>(`/v2/${name}/tags/list`, 'application/json')).tags ?? [];
    if (listed.length !== Object.keys(record.tags).length) throw new Error(`floor: ${name} lists ${listed.length} tags, seeded ${Object.keys(record.tags).length}`);
    const seenDigests = new Set<string>();
    for (const tag of listed) {
      const digest = record.tags[tag]!.digest;
      if (revisit || seenDigests.has(digest)) {
        add(async () => void (await ok('HEAD', `/v2/${name}/manifests/${tag}`, manifestAccept)));
        continue;
      }
      seenDigests.add(digest);
      add(async () => {
        const manifest = await json<{ config?: { digest: string } }>(`/v2/${name}/manifests/${tag}`, manifestAccept);
        // An index: its first child stands for the config the table needs.
        const configDigest = manifest.config?.digest;
        if (configDigest) add(async () => void (await ok('GET', `/v2/${name}/blobs/${configDigest}`, '*/*')));
      });
    }
    await drained();
    return;
  }
  const configs = new Set<string>();
  let repositories = 0;
  let tags = 0;
  const readRepository = (name: string) =>
    add(async () => {
      const listed = (await json<{ tags?: string[] }>(`/v2/${name}/tags/list`, 'application/json')).tags ?? [];
      repositories += 1;
      tags += listed.length;
      for (const tag of listed) {
        add(async () => {
          const config = (await json<{ config?: { digest: string } }>(`/v2/${name}/manifests/${tag}`, manifestAccept)).config?.digest;
          if (!config || configs.has(config)) return;
          configs.add(config);
          add(async () => void (await ok('GET', `/v2/${name}/blobs/${config}`, '*/*')));
        });
      }
    });
  const readPage = (path: string) =>
    add(async () => {
      const answer = await ok('GET', path, 'application/json');
      const next = nextLink(answer.link);
      if (next) readPage(next);
      for (const name of (JSON.parse(answer.text) as { repositories?: string[] }).repositories ?? []) readRepository(name);
    });
  readPage(`/v2/_catalog?n=${task.pageSize}`);
  await drained();
  if (repositories !== task.repositories || tags !== task.tags || configs.size !== task.configs) {
    throw new Error(`floor: the crawl read ${repositories} repositories, ${tags} tags, ${configs.size} configs; seeded ${task.repositories}, ${task.tags}, ${task.configs}`);
  }
}

/** The floor made by a bare Node client (node:http keep-alive sockets, or one HTTP/2 session). */
export async function runFloor(origin: string, protocol: Protocol, concurrency: number, task: FloorTask): Promise<FloorResult> {
  const client = protocol === 'h2' ? http2(origin) : http1(origin, concurrency);
  let requests = 0;
  const call: FloorCall = async (method, path, accept) => {
    requests += 1;
    const answer = await client.request(method, path, accept);
    const link = answer.headers.link;
    return { status: answer.status, link: (Array.isArray(link) ? link.join(', ') : link) ?? null, text: answer.body.toString('utf8') };
  };
  const started = performance.now();
  try {
    await floorRequests(task, call, concurrency, MANIFEST_ACCEPT);
    return { ms: performance.now() - started, requests };
  } finally {
    client.close();
  }
}

/** Registry requests of a row against the minimum the floor makes (same definition). */
export function minimumRequests(task: FloorTask): number {
  if (task.kind === 'crawl') return Math.max(1, Math.ceil(task.repositories / task.pageSize)) + task.repositories + task.tags + task.configs;
  if (task.kind === 'catalog') return Math.max(1, Math.ceil(task.repositories / task.pageSize));
  const tags = Object.keys(task.record.tags).length;
  const digests = new Set(Object.values(task.record.tags).map((t) => t.digest)).size;
  return 1 + (task.revisit ? tags : tags + digests);
}
