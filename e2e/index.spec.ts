// The registry index (issue 15) against the real registry: distribution's notifications point at
// the index (through a recorder, so they can be replayed), the index reads the registry's storage
// directory. Only the API is driven here: no browser is open while CI pushes.
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { freePort, startRegistry, type Service } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type TagRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { notificationsConfig, pushLatest, startEventRecorder, startIndexProcess, type EventRecorder, type IndexProcess } from './index-rig.ts';
import { ownRig } from './own-rig.ts';
import { createAuthFetch, writeHtpasswd } from '../scripts/registry-auth.ts';

const REPO = 'index-e2e/app';
const OTHER = 'index-e2e/other';
const SECRET = randomBytes(16).toString('hex');

const image = (version: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: `2025-0${version}-01T00:00:00Z`,
  layers: [
    { key: 'index-e2e:base', size: 32 * 1024 },
    { key: `index-e2e:app:${version}`, size: 8 * 1024 },
  ],
  labels: { 'org.opencontainers.image.version': version },
});

const pushVersion = (registryUrl: string, version: string, repository = REPO): Promise<TagRecord> => pushLatest(registryUrl, repository, image(version));

interface Manifest {
  digest: string;
  tags: string[];
  untaggedSince: string | null;
  reclaimableBytes: number;
}
interface History {
  digest: string;
  current: boolean;
  source: string;
  lastSeen: string | null;
}

const rig = ownRig('index');
let registry: Service;
let recorder: EventRecorder;
let index: IndexProcess;
let indexPort: number;
const pushed: TagRecord[] = [];

async function startIndex(): Promise<IndexProcess> {
  return startIndexProcess({ storage: rig.path('registry', 'data'), registry: registry.url, port: indexPort, db: rig.path('index.db'), secret: SECRET, logFile: rig.path('index.log') });
}

const manifestsOf = async (request: APIRequestContext): Promise<Manifest[]> => {
  const response = await request.get(`${index.url}/index/v1/repositories/${REPO}/-/manifests`);
  return response.ok() ? ((await response.json()) as { manifests: Manifest[] }).manifests : [];
};
const historyOf = async (request: APIRequestContext): Promise<History[]> => {
  const response = await request.get(`${index.url}/index/v1/repositories/${REPO}/-/tags/latest/history`);
  return response.ok() ? ((await response.json()) as { history: History[] }).history : [];
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await rig.open();
  indexPort = await freePort();
  const recorderPort = await freePort();
  registry = rig.add(
    await startRegistry({
      dir: rig.path('registry'),
      extraConfig: notificationsConfig(`http://127.0.0.1:${recorderPort}/events`, SECRET),
    }),
  );
  recorder = rig.add(await startEventRecorder(recorderPort, () => `http://127.0.0.1:${indexPort}`));
  index = await startIndex();
  rig.add({ stop: () => index.stop() });
});

test.afterAll(() => rig.close());

test('latest pushed three times: two untagged manifests with untagged-since, three digests in its history', async ({ request }) => {
  await pushVersion(registry.url, '1', OTHER);
  for (const version of ['1', '2', '3']) pushed.push(await pushVersion(registry.url, version));
  const digests = pushed.map((p) => p.digest);
  expect(new Set(digests).size).toBe(3);

  await expect.poll(async () => (await manifestsOf(request)).filter((m) => m.tags.length === 0).map((m) => m.digest).sort()).toEqual(digests.slice(0, 2).sort());
  const manifests = await manifestsOf(request);
  for (const m of manifests.filter((m) => m.tags.length === 0)) expect(Date.parse(m.untaggedSince ?? '')).not.toBeNaN();
  // Blobs are global: OTHER holds the very first image, so deleting it from REPO frees nothing.
  const reclaim = Object.fromEntries(manifests.map((m) => [m.digest, m.reclaimableBytes]));
  expect(reclaim[digests[0] ?? '']).toBe(0);
  // The second frees its config, its own layer and its manifest, not the base layer all share.
  const second = pushed[1];
  const base = second?.layers?.[0]?.size ?? 0;
  expect(reclaim[digests[1] ?? '']).toBeGreaterThan((second?.size ?? 0) - base);
  expect(reclaim[digests[1] ?? '']).toBeLessThan(second?.size ?? 0);
  expect(manifests.find((m) => m.digest === digests[2])?.tags).toEqual(['latest']);

  await expect.poll(async () => (await historyOf(request)).map((h) => h.digest)).toEqual([...digests].reverse());
  // Each push was reported by a notification (push by tag carries the tag). The storage reconcile
  // may record a push before its notification arrives; the event then marks the same entry.
  await expect.poll(async () => (await historyOf(request)).map((h) => h.source)).toEqual(['event', 'event', 'event']);
  const history = await historyOf(request);
  expect(history[0]).toMatchObject({ current: true, lastSeen: null });
  // The first untagged digest left latest before the second did.
  const untaggedSince = Object.fromEntries(manifests.map((m) => [m.digest, m.untaggedSince]));
  expect(Date.parse(untaggedSince[digests[0] ?? ''] ?? '')).toBeLessThanOrEqual(Date.parse(untaggedSince[digests[1] ?? ''] ?? ''));

  const listing = (await (await request.get(`${index.url}/index/v1/repositories?namespace=index-e2e`)).json()) as { repositories: { name: string; untaggedCount: number; tagCount: number }[] };
  expect(listing.repositories).toEqual([expect.objectContaining({ name: REPO, untaggedCount: 2, tagCount: 1 }), expect.objectContaining({ name: OTHER, untaggedCount: 0 })]);
});

test('on a registry without auth every caller sees every repository, whatever credentials it sends', async ({ request }) => {
  const callers: Record<string, string>[] = [{}, { Authorization: `Basic ${Buffer.from('nobody:nothing').toString('base64')}` }, { Authorization: 'Bearer not-a-token' }];
  for (const headers of callers) {
    // What the index relies on: without auth, distribution ignores the Authorization header.
    expect((await request.get(`${registry.url}/v2/`, { headers })).status()).toBe(200);
    expect((await request.get(`${registry.url}/v2/${OTHER}/tags/list`, { headers })).status()).toBe(200);
    const listing = (await (await request.get(`${index.url}/index/v1/repositories?namespace=index-e2e`, { headers })).json()) as { repositories: { name: string }[] };
    expect(listing.repositories.map((r) => r.name)).toEqual([REPO, OTHER]);
    expect((await request.get(`${index.url}/index/v1/repositories/${OTHER}/-/tags`, { headers })).status()).toBe(200);
  }
});

test('a delete through the registry API reaches the index by its event within 2 s', async ({ request }) => {
  const victim = pushed[0]?.digest ?? '';
  const deleted = await request.delete(`${registry.url}/v2/${REPO}/manifests/${victim}`);
  expect(deleted.status()).toBe(202);
  await expect.poll(async () => (await manifestsOf(request)).map((m) => m.digest), { timeout: 2_000, intervals: [100] }).not.toContain(victim);
  // The history outlives the manifest, marked as no longer restorable.
  const history = await historyOf(request);
  expect(history.find((h) => h.digest === victim)).toMatchObject({ current: false });
  const deleteEvents = recorder.bodies.flatMap((b) => (JSON.parse(b.body) as { events: { action: string; target: { digest?: string } }[] }).events).filter((e) => e.action === 'delete');
  expect(deleteEvents.map((e) => e.target.digest)).toContain(victim);
});

test('replaying every recorded notification changes nothing', async ({ request }) => {
  const before = { manifests: await manifestsOf(request), history: await historyOf(request), repositories: await (await request.get(`${index.url}/index/v1/repositories`)).json() };
  expect(recorder.bodies.length).toBeGreaterThan(0);
  for (const { body, headers } of recorder.bodies) {
    const replay = await request.post(`${index.url}/events`, { data: body, headers: { 'Content-Type': headers['content-type'] ?? '', Authorization: headers.authorization ?? '' } });
    expect(replay.status()).toBe(200);
    expect(((await replay.json()) as { applied: number }).applied).toBe(0);
  }
  expect({ manifests: await manifestsOf(request), history: await historyOf(request), repositories: await (await request.get(`${index.url}/index/v1/repositories`)).json() }).toEqual(before);
});

test('stopped and started again, the index rescans only what changed and takes the retried events', async ({ request }) => {
  // distribution's retry backoff decides when the held event arrives.
  test.setTimeout(90_000);
  await index.stop();
  const fourth = await pushVersion(registry.url, '4');
  index = await startIndex();
  // The restart's scan: the repository pushed to while the index was down is read again, the other is skipped.
  await expect
    .poll(async () => ((await (await request.get(`${index.url}/index/v1/status`)).json()) as { lastScan: { scanned: number; unchanged: number } | null }).lastScan)
    .toMatchObject({ scanned: 1, unchanged: 1 });
  expect((await historyOf(request))[0]).toMatchObject({ digest: fourth.digest, current: true });
  expect((await manifestsOf(request)).filter((m) => m.tags.length === 0).map((m) => m.digest).sort()).toEqual([pushed[1]?.digest, pushed[2]?.digest].sort());
  // distribution kept retrying the push while the index was down: the event lands and names the source.
  await expect.poll(async () => (await historyOf(request))[0]?.source, { timeout: 40_000 }).toBe('event');
});

test('the index answers only what the registry lets the caller read (htpasswd registry)', async ({ request }) => {
  const authRig = ownRig('index-auth');
  await authRig.open();
  try {
    await writeHtpasswd(authRig.path('htpasswd'), { alice: 'alice-password' });
    const secured = authRig.add(await startRegistry({ dir: authRig.path('registry'), auth: { htpasswd: { realm: 'index-e2e', path: authRig.path('htpasswd') } } }));
    await seedRegistry(secured.url, { repositories: [REPO, OTHER].map((name) => ({ name, pushes: [{ tags: ['latest'], artifact: image('1') }] })) }, { fetch: createAuthFetch({ username: 'alice', password: 'alice-password' }) });
    const securedIndex = await startIndexProcess({ storage: authRig.path('registry', 'data'), registry: secured.url, port: await freePort(), db: authRig.path('index.db'), secret: SECRET, logFile: authRig.path('index.log') });
    authRig.add({ stop: () => securedIndex.stop() });
    await expect.poll(async () => ((await (await request.get(`${securedIndex.url}/index/v1/status`)).json()) as { lastScan: unknown }).lastScan).not.toBeNull();

    const alice = { Authorization: `Basic ${Buffer.from('alice:alice-password').toString('base64')}` };
    const mallory = { Authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` };
    // What the index relies on: GET /v2/ checks the user only, and a user it takes reads every repository.
    const v2 = await request.get(`${secured.url}/v2/`);
    expect(v2.status()).toBe(401);
    expect(v2.headers()['www-authenticate']).toBe('Basic realm="index-e2e"');
    expect((await request.get(`${secured.url}/v2/`, { headers: alice })).status()).toBe(200);
    expect((await request.get(`${secured.url}/v2/`, { headers: mallory })).status()).toBe(401);
    for (const name of [REPO, OTHER]) expect((await request.get(`${secured.url}/v2/${name}/tags/list`, { headers: alice })).status()).toBe(200);

    const anonymous = await request.get(`${securedIndex.url}/index/v1/repositories/${REPO}/-/tags`);
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()['www-authenticate']).toContain('Basic realm="index-e2e"');
    expect((await request.get(`${securedIndex.url}/index/v1/repositories/${REPO}/-/tags`, { headers: mallory })).status()).toBe(401);
    expect(((await (await request.get(`${securedIndex.url}/index/v1/repositories`)).json()) as { repositories: unknown[] }).repositories).toEqual([]);

    const tags = await request.get(`${securedIndex.url}/index/v1/repositories/${REPO}/-/tags`, { headers: alice });
    expect(tags.status()).toBe(200);
    expect(((await tags.json()) as { tags: { name: string }[] }).tags.map((t) => t.name)).toEqual(['latest']);
    const listed = async (headers: Record<string, string>) => ((await (await request.get(`${securedIndex.url}/index/v1/repositories`, { headers })).json()) as { repositories: { name: string }[] }).repositories.map((r) => r.name);
    expect(await listed(alice)).toEqual([REPO, OTHER]);
    expect(await listed(mallory)).toEqual([]);
  } finally {
    await authRig.close();
  }
});

test('on a registry with silly auth, a caller with any credentials sees every repository', async ({ request }) => {
  const sillyRig = ownRig('index-silly');
  await sillyRig.open();
  try {
    // The realm is never reached here: every request below carries a header.
    const silly = sillyRig.add(await startRegistry({ dir: sillyRig.path('registry'), auth: { silly: { realm: 'http://127.0.0.1:9/token', service: 'index-e2e' } } }));
    const anyone = `Basic ${Buffer.from('anyone:anything').toString('base64')}`;
    const withHeader: typeof fetch = (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', anyone);
      return fetch(input, { ...init, headers });
    };
    await seedRegistry(silly.url, { repositories: [REPO, OTHER].map((name) => ({ name, pushes: [{ tags: ['latest'], artifact: image('1') }] })) }, { fetch: withHeader });
    // What the index relies on: silly challenges like token auth but lets any header through, Basic included.
    const v2 = await request.get(`${silly.url}/v2/`);
    expect(v2.status()).toBe(401);
    expect(v2.headers()['www-authenticate']).toMatch(/^Bearer realm="http:\/\/127\.0\.0\.1:9\/token",service="index-e2e"/);
    for (const authorization of [anyone, 'Bearer not-a-token']) {
      expect((await request.get(`${silly.url}/v2/`, { headers: { Authorization: authorization } })).status()).toBe(200);
      expect((await request.get(`${silly.url}/v2/${OTHER}/tags/list`, { headers: { Authorization: authorization } })).status()).toBe(200);
    }

    const sillyIndex = await startIndexProcess({ storage: sillyRig.path('registry', 'data'), registry: silly.url, port: await freePort(), db: sillyRig.path('index.db'), secret: SECRET, logFile: sillyRig.path('index.log') });
    sillyRig.add({ stop: () => sillyIndex.stop() });
    await expect.poll(async () => ((await (await request.get(`${sillyIndex.url}/index/v1/status`)).json()) as { lastScan: unknown }).lastScan).not.toBeNull();
    for (const authorization of [anyone, 'Bearer not-a-token']) {
      const listing = (await (await request.get(`${sillyIndex.url}/index/v1/repositories`, { headers: { Authorization: authorization } })).json()) as { repositories: { name: string }[] };
      expect(listing.repositories.map((r) => r.name)).toEqual([REPO, OTHER]);
    }
  } finally {
    await sillyRig.close();
  }
});
