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

/** Runs tasks with at most `limit` in flight; tasks may add more tasks while running. */
function pool(limit: number) {
  const waiting: (() => Promise<void>)[] = [];
  let active = 0;
  let failure: unknown = null;
  let done!: () => void;
  let fail!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  const pump = () => {
    while (active < limit && waiting.length > 0 && failure === null) {
      const task = waiting.shift()!;
      active += 1;
      task().then(
        () => {
          active -= 1;
          if (active === 0 && waiting.length === 0) done();
          else pump();
        },
        (error: unknown) => {
          failure = error;
          fail(error);
        },
      );
    }
  };
  return {
    add(task: () => Promise<void>) {
      waiting.push(task);
      pump();
    },
    finished: () => {
      if (active === 0 && waiting.length === 0) done();
      return finished;
    },
  };
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

function nextLink(headers: Answer['headers']): string | null {
  const link = headers.link;
  const value = Array.isArray(link) ? link.join(', ') : link;
  return value ? (/<([^>]+)>;\s*rel="?next"?/.exec(value)?.[1] ?? null) : null;
}

function ok(answer: Answer, what: string): Answer {
  if (answer.status < 200 || answer.status >= 300) throw new Error(`floor: ${what} → ${answer.status}`);
  return answer;
}

/**
 * The minimum for the task, knowing what was seeded (no `/v2/` probe: an anonymous registry needs none):
 * - catalog: its pages, one after another (each names the next);
 * - tags, cold: tags/list, then per distinct digest one GET of the manifest by its first tag
 *   (manifest and digest in one answer) and one GET of the config blob; a HEAD for every other tag;
 * - tags, revisit (manifests and configs cached): tags/list and a HEAD per tag.
 */
export async function runFloor(origin: string, protocol: Protocol, concurrency: number, task: FloorTask): Promise<FloorResult> {
  const client = protocol === 'h2' ? http2(origin) : http1(origin, concurrency);
  let requests = 0;
  const call = async (method: 'GET' | 'HEAD', path: string, accept: string) => {
    requests += 1;
    return ok(await client.request(method, path, accept), `${method} ${path}`);
  };
  const started = performance.now();
  try {
    if (task.kind === 'crawl') {
      await crawlFloor(task, call, concurrency);
    } else if (task.kind === 'catalog') {
      let seen = 0;
      for (let path: string | null = `/v2/_catalog?n=${task.pageSize}`; path; ) {
        const answer = await call('GET', path, 'application/json');
        seen += (JSON.parse(answer.body.toString('utf8')) as { repositories?: string[] }).repositories?.length ?? 0;
        path = nextLink(answer.headers);
      }
      if (seen !== task.repositories) throw new Error(`floor: catalog listed ${seen} repositories, seeded ${task.repositories}`);
    } else {
      const { name, record, revisit } = task;
      const listed = (JSON.parse((await call('GET', `/v2/${name}/tags/list`, 'application/json')).body.toString('utf8')) as { tags?: string[] }).tags ?? [];
      if (listed.length !== Object.keys(record.tags).length) throw new Error(`floor: ${name} lists ${listed.length} tags, seeded ${Object.keys(record.tags).length}`);
      const firstOfDigest = new Set<string>();
      const seenDigests = new Set<string>();
      for (const tag of listed) {
        const digest = record.tags[tag]!.digest;
        if (!seenDigests.has(digest)) {
          seenDigests.add(digest);
          firstOfDigest.add(tag);
        }
      }
      const work = pool(concurrency);
      for (const tag of listed) {
        if (revisit || !firstOfDigest.has(tag)) {
          work.add(async () => void (await call('HEAD', `/v2/${name}/manifests/${tag}`, MANIFEST_ACCEPT)));
          continue;
        }
        work.add(async () => {
          const manifest = JSON.parse((await call('GET', `/v2/${name}/manifests/${tag}`, MANIFEST_ACCEPT)).body.toString('utf8')) as { config?: { digest: string }; manifests?: { digest: string }[] };
          // An index: its first child stands for the config the table needs.
          const configDigest = manifest.config?.digest;
          if (configDigest) work.add(async () => void (await call('GET', `/v2/${name}/blobs/${configDigest}`, '*/*')));
        });
      }
      await work.finished();
    }
    return { ms: performance.now() - started, requests };
  } finally {
    client.close();
  }
}

/**
 * A whole-registry crawl's minimum: the catalog pages (one after another), and as soon as a page
 * names them, per repository its tags/list and one GET of each tag's manifest (its digest and its
 * content in one answer), then one GET per config digest not read before (configs are immutable:
 * one read serves every repository that shares it). All through one pool of `concurrency`.
 */
async function crawlFloor(task: Extract<FloorTask, { kind: 'crawl' }>, call: (method: 'GET' | 'HEAD', path: string, accept: string) => Promise<Answer>, concurrency: number): Promise<void> {
  const work = pool(concurrency);
  const configs = new Set<string>();
  let repositories = 0;
  let tags = 0;
  const readRepository = (name: string) =>
    work.add(async () => {
      const listed = (JSON.parse((await call('GET', `/v2/${name}/tags/list`, 'application/json')).body.toString('utf8')) as { tags?: string[] }).tags ?? [];
      repositories += 1;
      tags += listed.length;
      for (const tag of listed) {
        work.add(async () => {
          const manifest = JSON.parse((await call('GET', `/v2/${name}/manifests/${tag}`, MANIFEST_ACCEPT)).body.toString('utf8')) as { config?: { digest: string } };
          const config = manifest.config?.digest;
          if (!config || configs.has(config)) return;
          configs.add(config);
          work.add(async () => void (await call('GET', `/v2/${name}/blobs/${config}`, '*/*')));
        });
      }
    });
  const readPage = (path: string) =>
    work.add(async () => {
      const answer = await call('GET', path, 'application/json');
      const next = nextLink(answer.headers);
      if (next) readPage(next);
      for (const name of (JSON.parse(answer.body.toString('utf8')) as { repositories?: string[] }).repositories ?? []) readRepository(name);
    });
  readPage(`/v2/_catalog?n=${task.pageSize}`);
  await work.finished();
  if (repositories !== task.repositories || tags !== task.tags || configs.size !== task.configs) {
    throw new Error(`floor: the crawl read ${repositories} repositories, ${tags} tags, ${configs.size} configs; seeded ${task.repositories}, ${task.tags}, ${task.configs}`);
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
