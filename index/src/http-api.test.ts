// @vitest-environment node
// The service over HTTP, with storage laid out on disk and a stand-in for the registry's
// authorization answers (tags/list → 200 or 401), so per-repository permissions can be varied.
// Rules per path behind a Basic challenge are what a proxy in front of a registry may do, not
// distribution itself: the index runs with --access-checks per-repository for them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyResponse, manifestsResponse, repositoriesResponse, searchResponse, tagListResponse, tagsResponse } from './api-schemas.ts';
import { startIndexService, type RunningIndex } from './index-service.ts';
import { serviceOptions } from './service-options.ts';
import { StorageLayout } from './testing/storage-layout.ts';

const SECRET = 'a-shared-secret-of-some-length';
const ALICE = 'Basic YWxpY2U6cGFzcw==';

/** Anonymous callers may read public/*; alice may read team/* and public/*. */
async function startRegistryStandIn(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.headers.authorization ?? '-'} ${req.url}`);
    const name = /^\/v2\/(.+)\/tags\/list$/.exec(req.url ?? '')?.[1] ?? '';
    const allowed = name.startsWith('public/') || (req.headers.authorization === ALICE && name.startsWith('team/'));
    res.writeHead(allowed ? 200 : 401, allowed ? { 'Content-Type': 'application/json' } : { 'WWW-Authenticate': 'Basic realm="test"' });
    res.end(allowed ? JSON.stringify({ name, tags: [] }) : '{"errors":[{"code":"UNAUTHORIZED"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const day = (n: number) => new Date(Date.UTC(2025, 0, n));

describe('index HTTP API', () => {
  let root: string;
  let layout: StorageLayout;
  let registry: Awaited<ReturnType<typeof startRegistryStandIn>>;
  let index: RunningIndex;

  const get = (path: string, authorization?: string) => fetch(`${index.url}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
  const postEvents = (events: unknown[], secret = SECRET) =>
    fetch(`${index.url}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.docker.distribution.events.v1+json', Authorization: `Bearer ${secret}` },
      body: JSON.stringify({ events }),
    });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'regatta-index-api-'));
    layout = new StorageLayout(join(root, 'storage'));
    registry = await startRegistryStandIn();
    for (const repo of ['public/a', 'public/b', 'public/c', 'team/secret']) {
      const image = await layout.image({ created: day(1).toISOString(), layers: [`layer of ${repo}`], labels: { repo } });
      await layout.revision(repo, image.digest, day(1));
      await layout.tag(repo, 'v1', image.digest, day(1));
    }
    index = await startIndexService(serviceOptions.parse({ storage: layout.root, registry: registry.url, port: 0, db: join(root, 'index.db'), secret: SECRET, accessChecks: 'per-repository' }), () => {});
    await index.ready;
  });
  afterEach(async () => {
    await index.close();
    await new Promise((resolve) => registry.server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('lists only the repositories the registry lets the caller read, paged', async () => {
    const anonymous = repositoriesResponse.parse(await (await get('/index/v1/repositories?n=2')).json());
    expect(anonymous.repositories.map((r) => r.name)).toEqual(['public/a', 'public/b']);
    expect(anonymous.next).toBe('public/b');
    const rest = repositoriesResponse.parse(await (await get(`/index/v1/repositories?n=2&last=${anonymous.next}`)).json());
    expect(rest).toMatchObject({ repositories: [{ name: 'public/c', tagCount: 1, manifestCount: 1 }], next: null });

    const alice = repositoriesResponse.parse(await (await get('/index/v1/repositories?namespace=team', ALICE)).json());
    expect(alice.repositories.map((r) => r.name)).toEqual(['team/secret']);
  });

  it('answers a repository only with the registry’s consent, and caches the decision', async () => {
    const denied = await get('/index/v1/repositories/team/secret/-/tags');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="test"');
    const before = registry.requests.length;
    const tags = tagsResponse.parse(await (await get('/index/v1/repositories/team/secret/-/tags', ALICE)).json());
    expect(tags.tags.map((t) => t.name)).toEqual(['v1']);
    await get('/index/v1/repositories/team/secret/-/manifests', ALICE);
    expect(registry.requests.slice(before)).toEqual([`${ALICE} /v2/team/secret/tags/list`]);
    expect((await get('/index/v1/repositories/Bad/-/tags')).status).toBe(400);
    expect((await get('/index/v1/search?repository=secret')).status).toBe(200);
    expect(searchResponse.parse(await (await get('/index/v1/search?repository=secret')).json()).results).toEqual([]);
    expect(searchResponse.parse(await (await get('/index/v1/search?label=repo%3Dteam%2Fsecret', ALICE)).json()).results).toHaveLength(1);
    expect((await get('/index/v1/search')).status).toBe(400);
  });

  it('returns 500 tags with digest, size and created in one request', async () => {
    const image = await layout.image({ created: day(2).toISOString(), layers: ['many'] });
    await layout.revision('public/many', image.digest);
    for (let i = 0; i < 500; i++) await layout.tag('public/many', `t${i}`, image.digest);
    await index.reconcile();
    const body = tagsResponse.parse(await (await get('/index/v1/repositories/public/many/-/tags')).json());
    expect(body.tags).toHaveLength(500);
    expect(body.tags[0]).toMatchObject({ digest: image.digest, size: image.size, created: day(2).toISOString(), platforms: [{ os: 'linux', architecture: 'amd64' }] });
  });

  it('lists the tags of every readable repository in pages, with digest, sizes, dates and blobs', async () => {
    const second = await layout.image({ created: day(2).toISOString(), layers: ['second a', 'layer of public/a'] });
    await layout.revision('public/a', second.digest, day(2));
    await layout.tag('public/a', 'v2', second.digest, day(2));
    const amd = await layout.image({ created: day(3).toISOString(), layers: ['amd'] });
    const arm = await layout.image({ created: day(4).toISOString(), layers: ['arm'], architecture: 'arm64' });
    const multi = await layout.index([
      { digest: amd.digest, size: amd.size, os: 'linux', architecture: 'amd64' },
      { digest: arm.digest, size: arm.size, os: 'linux', architecture: 'arm64' },
    ]);
    for (const d of [amd.digest, arm.digest, multi.digest]) await layout.revision('public/c', d, day(4));
    await layout.tag('public/c', 'multi', multi.digest, day(4));
    await index.reconcile();

    const pages: string[][] = [];
    let last: string | null = '';
    const rows = [];
    while (last !== null) {
      const body = tagListResponse.parse(await (await get(`/index/v1/tags?n=2${last ? `&last=${encodeURIComponent(last)}` : ''}`)).json());
      pages.push(body.tags.map((t) => `${t.repository}:${t.tag}`));
      rows.push(...body.tags);
      last = body.next;
    }
    // Anonymous: public/* only, in (repository, tag) order; team/secret is never listed.
    expect(pages).toEqual([['public/a:v1', 'public/a:v2'], ['public/b:v1', 'public/c:multi'], ['public/c:v1']]);
    const v2 = rows.find((r) => r.repository === 'public/a' && r.tag === 'v2');
    expect(v2).toMatchObject({ digest: second.digest, imageSize: second.config.size + second.layers.reduce((s, l) => s + l.size, 0), created: day(2).toISOString(), updatedAt: day(2).toISOString() });
    expect(v2?.blobs).toEqual([[second.config.digest, second.config.size], ...second.layers.map((l) => [l.digest, l.size]).sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1))]);
    // An index: its platforms' blobs, configs first, and its newest platform's created.
    const m = rows.find((r) => r.tag === 'multi');
    expect(m).toMatchObject({ digest: multi.digest, created: day(4).toISOString(), imageSize: amd.config.size + amd.layers[0]!.size + arm.config.size + arm.layers[0]!.size });
    expect(m?.blobs.slice(0, 2).map(([d]) => d).sort()).toEqual([amd.config.digest, arm.config.digest].sort());
    expect(m?.blobs).toHaveLength(4);

    // A caller who may read team/* gets its rows too; a namespace keeps only it.
    const alice = tagListResponse.parse(await (await get('/index/v1/tags?namespace=team', ALICE)).json());
    expect(alice).toMatchObject({ tags: [{ repository: 'team/secret', tag: 'v1' }], next: null });
    expect(tagListResponse.parse(await (await get('/index/v1/tags?namespace=team')).json()).tags).toEqual([]);
    expect((await get('/index/v1/tags?last=nocolon')).status).toBe(400);
  });

  it('refuses notifications without the secret and applies a replayed push once', async () => {
    const next = await layout.image({ created: day(3).toISOString(), layers: ['v2 layer'] });
    await layout.revision('public/a', next.digest, day(3));
    await layout.tag('public/a', 'v1', next.digest, day(3));
    const event = {
      id: 'evt-1',
      timestamp: day(3).toISOString(),
      action: 'push',
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: next.digest, size: next.size, repository: 'public/a', tag: 'v1' },
      actor: { name: 'ci-bot' },
    };
    expect((await postEvents([event], 'wrong-secret-wrong-secret')).status).toBe(401);
    expect(historyResponse.parse(await (await get('/index/v1/repositories/public/a/-/tags/v1/history')).json()).history.some((h) => h.digest === next.digest)).toBe(false);

    const first = await postEvents([event, { ...event, id: 'pull-1', action: 'pull' }]);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, applied: 1 });
    const history = historyResponse.parse(await (await get('/index/v1/repositories/public/a/-/tags/v1/history')).json()).history;
    expect(history[0]).toMatchObject({ digest: next.digest, current: true, actor: 'ci-bot', source: 'event' });
    const manifests = manifestsResponse.parse(await (await get('/index/v1/repositories/public/a/-/manifests')).json()).manifests;
    expect(manifests.filter((m) => m.untaggedSince !== null)).toHaveLength(1);

    const replay = await postEvents([event]);
    expect(await replay.json()).toEqual({ received: 1, applied: 0 });
    expect(historyResponse.parse(await (await get('/index/v1/repositories/public/a/-/tags/v1/history')).json()).history).toEqual(history);
  });

  it('streams changes of readable repositories only', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${index.url}/index/v1/events`, { signal: controller.signal });
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no body');
    for (const repo of ['team/secret', 'public/b']) {
      const image = await layout.image({ created: day(4).toISOString(), layers: [`new ${repo}`] });
      await layout.revision(repo, image.digest);
      await layout.tag(repo, 'v2', image.digest);
      expect((await postEvents([{ id: `push-${repo}`, timestamp: day(4).toISOString(), action: 'push', target: { repository: repo, digest: image.digest, tag: 'v2', mediaType: 'application/vnd.oci.image.manifest.v1+json' } }])).status).toBe(200);
    }
    let text = '';
    while (!text.includes('public/b')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    expect(text).toContain('"repository":"public/b"');
    expect(text).not.toContain('team/secret');
  });
});
