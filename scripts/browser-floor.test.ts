import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { floorRequests, minimumRequests, type FloorCall, type FloorTask } from './bench-floor.ts';
import { browserFloorScript } from './browser-floor.ts';
import type { RepositoryRecord } from './seed-registry.ts';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const record: RepositoryRecord = {
  tags: Object.fromEntries(
    Object.entries({ a: digest('a'), b: digest('a'), c: digest('b') }).map(([tag, d]) => [tag, { digest: d, size: 1, created: '2026-01-01T00:00:00Z', mediaType: 'application/vnd.oci.image.manifest.v1+json' }]),
  ),
  orphans: [],
};

/** A registry of one repository `x` (tags a, b → one image; c → another) and a catalog of two pages. */
function answer(method: string, path: string) {
  if (path === '/v2/x/tags/list') return { status: 200, link: null, text: JSON.stringify({ name: 'x', tags: ['a', 'b', 'c'] }) };
  if (path.startsWith('/v2/_catalog')) {
    const last = path.includes('last=');
    return { status: 200, link: last ? null : '</v2/_catalog?n=1&last=x>; rel="next"', text: JSON.stringify({ repositories: [last ? 'y' : 'x'] }) };
  }
  const tag = /\/manifests\/(\w+)$/.exec(path)?.[1];
  if (tag) return { status: 200, link: null, text: method === 'GET' ? JSON.stringify({ config: { digest: digest(tag === 'c' ? 'd' : 'c') } }) : '' };
  if (path.includes('/blobs/')) return { status: 200, link: null, text: '{}' };
  return { status: 404, link: null, text: '' };
}

describe('floorRequests', () => {
  const run = async (task: FloorTask) => {
    const sent: string[] = [];
    const call: FloorCall = async (method, path) => {
      sent.push(`${method} ${path}`);
      return answer(method, path);
    };
    await floorRequests(task, call, 2, 'application/json');
    return sent;
  };

  it('cold: tags/list, a GET per distinct digest with its config, a HEAD for every other tag: the minimum', async () => {
    const task: FloorTask = { kind: 'tags', name: 'x', record, revisit: false };
    const sent = await run(task);
    expect(sent.sort()).toEqual(['GET /v2/x/blobs/' + digest('c'), 'GET /v2/x/blobs/' + digest('d'), 'GET /v2/x/manifests/a', 'GET /v2/x/manifests/c', 'GET /v2/x/tags/list', 'HEAD /v2/x/manifests/b']);
    expect(sent).toHaveLength(minimumRequests(task));
  });

  it('revisit: tags/list and a HEAD per tag; catalog: page after page', async () => {
    expect(await run({ kind: 'tags', name: 'x', record, revisit: true })).toHaveLength(4);
    expect(await run({ kind: 'catalog', pageSize: 1, repositories: 2 })).toEqual(['GET /v2/_catalog?n=1', 'GET /v2/_catalog?n=1&last=x']);
  });

  it('fails on an answer that is not 2xx, and when the registry holds other than what was seeded', async () => {
    await expect(run({ kind: 'tags', name: 'missing', record, revisit: false })).rejects.toThrow('GET /v2/missing/tags/list → 404');
    await expect(run({ kind: 'catalog', pageSize: 1, repositories: 3 })).rejects.toThrow('catalog listed 2 repositories, seeded 3');
  });
});

describe('browserFloorScript', () => {
  it('is self-contained: evaluated where only fetch exists, it makes the same minimum requests', async () => {
    const sent: string[] = [];
    const fetch = async (path: string, init: { method: string; headers: { Accept: string } }) => {
      sent.push(`${init.method} ${path}`);
      const { status, link, text } = answer(init.method, path);
      return { status, headers: { get: (name: string) => (name === 'Link' ? link : null) }, text: async () => text };
    };
    const task: FloorTask = { kind: 'tags', name: 'x', record, revisit: false };
    const result = (await runInNewContext(browserFloorScript(task, 6), { fetch, performance, JSON, Promise, Set, Error })) as { ms: number; requests: number };
    expect(result.requests).toBe(minimumRequests(task));
    expect(sent).toContain('HEAD /v2/x/manifests/b');
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('tries a request that failed on the network once more, as the Node floor does on GOAWAY; not twice', async () => {
    const task: FloorTask = { kind: 'tags', name: 'x', record, revisit: true };
    const failing = (times: number) => {
      const failures = new Map<string, number>();
      return async (path: string, init: { method: string }) => {
        const seen = failures.get(path) ?? 0;
        if (path === '/v2/x/manifests/b' && seen < times) {
          failures.set(path, seen + 1);
          throw new TypeError('Failed to fetch');
        }
        const { status, link, text } = answer(init.method, path);
        return { status, headers: { get: (name: string) => (name === 'Link' ? link : null) }, text: async () => text };
      };
    };
    const context = (fetch: unknown) => ({ fetch, performance, JSON, Promise, Set, Error, TypeError });
    const once = (await runInNewContext(browserFloorScript(task, 2), context(failing(1)))) as { requests: number };
    expect(once.requests).toBe(minimumRequests(task));
    await expect(runInNewContext(browserFloorScript(task, 2), context(failing(2)))).rejects.toThrow('Failed to fetch');
  });
});
