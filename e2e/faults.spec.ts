// Faults against the REAL registry ("nothing lost, nothing leaked, nothing unbounded"). This spec
// starts its own registries with nginx in front (the built app with its own config.json), so the
// shared seeded registry never sees what is pushed, deleted or killed here:
//   crawl:      deletes off, 40 small repositories; killed (SIGKILL) in the middle of an audit
//               crawl and started again on the same port over the same data directory
//   bulk:       deletes on, one repository for bulk remove and bulk delete
//   bulk-kill:  deletes on; killed between the two writes of a bulk remove's safe untag
//   cleanup-*:  deletes on, one per cleanup run; killed with a delete in flight, or between the
//               two writes of a safe untag
// A request is held in the browser (page.route) until the registry is dead, then sent on: the
// registry dies exactly while that request is in flight, with no timing guesses.
import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Locator, Page, Route } from '@playwright/test';
import { startRegistry, type Service } from '../scripts/rig.ts';
import { bulkRepositories, seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { resolveManifest, tagsOf } from './registry-api.ts';
import { startDryRun } from './pages/cleanup-page.ts';

const rig = ownRig('faults');
const LOGIN_SERVER = 'registry.example.test';

test.beforeAll(() => rig.open());
test.afterAll(() => rig.close());

function appConfig(name: string, catalogPageSize: number) {
  return { registries: [{ name, url: '', loginServer: LOGIN_SERVER, catalogPageSize }] };
}

/** SIGKILL: no graceful shutdown, requests in flight are cut. Resolves once the process is gone. */
async function kill(service: Service): Promise<void> {
  process.kill(service.pid, 'SIGKILL');
  await expect
    .poll(
      () => {
        try {
          process.kill(service.pid, 0);
          return 'alive';
        } catch {
          return 'gone';
        }
      },
      { timeout: 10_000 },
    )
    .toBe('gone');
}

const repositoriesDone = async (page: Page) => {
  const text = (await page.getByTestId('crawl-repositories').textContent()) ?? '';
  return Number(/^(\d+)/.exec(text.trim())?.[1] ?? 0);
};

test.describe('registry killed in the middle of an audit crawl', () => {
  const COUNT = 40;
  const PAGE_SIZE = 10;
  let seed: SeedRecord;
  let registryDir = '';
  let port = 0;
  let registry: Service;
  let app = '';

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    registryDir = rig.path('registry-crawl');
    registry = await startRegistry({ dir: registryDir, deleteEnabled: false });
    port = Number(new URL(registry.url).port);
    // 40 repositories sharing an alpine base layer, 1–3 tags each (some tags share a digest).
    const repositories = bulkRepositories({ count: COUNT, prefix: 'faults/crawl-', tagsPerRepository: 2 });
    seed = await seedRegistry(registry.url, { repositories });
    app = await rig.serveApp('crawl', appConfig('faults-crawl', PAGE_SIZE), { registryUrl: registry.url });
  });

  test.afterAll(async () => {
    await registry.stop();
  });

  test('the UI says the crawl stopped; after a restart on the same port, resume completes it with the seeded figures', async ({ page }) => {
    test.setTimeout(240_000);
    const expectedRepositories = Object.keys(seed.repositories).length;
    const expectedTags = Object.values(seed.repositories).reduce((n, r) => n + Object.keys(r.tags).length, 0);
    expect(expectedRepositories).toBe(COUNT);

    // The registry dies while the crawl is in the middle of the catalog: the tag listings of the
    // last 20 repositories are held in the browser until it is dead, then sent to it (in flight
    // when it died, from the app's point of view).
    let killed = false;
    let releaseHeld: () => void = () => undefined;
    const dead = new Promise<void>((resolve) => (releaseHeld = resolve));
    const held = new Set<string>();
    await page.route(/\/v2\/faults\/crawl-0(2[1-9]|3\d|40)\/tags\/list/, async (route: Route) => {
      if (!killed) {
        held.add(route.request().url());
        await dead;
      }
      await route.continue();
    });
    const manifestGets: string[] = [];
    // Reads the registry answered: a read in flight when it died got a 502 and must be made again.
    page.on('response', (response) => {
      const request = response.request();
      const match = /\/v2\/(.+)\/(manifests|blobs)\/(sha256:[a-f0-9]+)/.exec(new URL(request.url()).pathname);
      if (match && request.method() === 'GET' && response.ok()) manifestGets.push(`${match[1]} ${match[2]} ${match[3]}`);
    });

    await page.goto(`${app}/audit`);
    await expect(page.getByText('Nothing crawled yet in this browser.')).toBeVisible();
    await page.getByRole('button', { name: 'Crawl the whole registry' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Crawling the whole registry…' })).toBeVisible();
    // Some repositories done, the crawl stands at the held ones.
    await expect.poll(() => held.size, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => repositoriesDone(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(PAGE_SIZE);
    const doneBeforeKill = await repositoriesDone(page);
    expect(doneBeforeKill).toBeLessThan(COUNT);
    const fetchedBeforeKill = new Set(manifestGets);

    await kill(registry);
    killed = true;
    releaseHeld();

    // Not a hang, not a crash: the crawl stops and says why, and offers to resume.
    const status = page.getByRole('status').filter({ hasText: /The crawl (stopped|failed)/ });
    await expect(status).toBeVisible({ timeout: 90_000 });
    await expect(status).toContainText('502');
    const resume = page.getByRole('button', { name: 'Resume crawl of the whole registry' });
    await expect(resume).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Audit', exact: true })).toBeVisible();

    // Same port, same data: the registry is back.
    registry = await startRegistry({ dir: registryDir, port, deleteEnabled: false });
    const fetchedBeforeResume = manifestGets.length;
    await resume.click();
    await expect(page.getByRole('status').filter({ hasText: 'Crawl of the whole registry complete.' })).toBeVisible({ timeout: 120_000 });
    await expect(page.getByRole('progressbar', { name: 'Crawl progress' })).toHaveAttribute('aria-valuenow', '100');

    // The figures equal what was seeded.
    const root = page
      .getByRole('table', { name: 'Namespaces' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'faults', exact: true }) });
    await expect(root.locator('[data-column="repositories"]')).toHaveText(String(expectedRepositories));
    await expect(root.locator('[data-column="tags"]')).toHaveText(String(expectedTags));

    // Resumed, not restarted: nothing read by digest before the kill was read again.
    const refetched = manifestGets.slice(fetchedBeforeResume).filter((r) => fetchedBeforeKill.has(r));
    expect(refetched).toEqual([]);
  });
});

test.describe('bulk remove and bulk delete, checked through the registry API', () => {
  const REPO = 'faults/bulk';
  let seed: SeedRecord;
  let registryUrl = '';
  let app = '';

  const image = (key: string): ImageSpec => ({
    kind: 'image',
    format: 'oci',
    created: '2026-03-01T10:00:00Z',
    layers: [
      { key: 'faults-bulk-base', size: 20_000 },
      { key: `faults-bulk:${key}`, size: 3_000 },
    ],
    labels: { 'org.opencontainers.image.version': key },
  });

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const registry = rig.add(await startRegistry({ dir: rig.path('registry-bulk') }));
    registryUrl = registry.url;
    // a and b share an image; d and latest share another; c and e are alone.
    seed = await seedRegistry(registry.url, {
      repositories: [
        {
          name: REPO,
          pushes: [
            { tags: ['a', 'b'], artifact: image('ab') },
            { tags: ['c'], artifact: image('c') },
            { tags: ['d', 'latest'], artifact: image('d') },
            { tags: ['e'], artifact: image('e') },
          ],
        },
      ],
    });
    app = await rig.serveApp('bulk', appConfig('faults-bulk', 100), { registryUrl: registry.url });
  });

  const digestOf = (tag: string) => {
    const digest = seed.repositories[REPO]?.tags[tag]?.digest;
    if (!digest) throw new Error(`not seeded: ${REPO}:${tag}`);
    return digest;
  };

  /** Every tag of the repository and what it resolves to, asked of the registry itself (not through the app). */
  async function registryState(request: APIRequestContext): Promise<Record<string, string | undefined>> {
    const state: Record<string, string | undefined> = {};
    for (const tag of await tagsOf(request, REPO, registryUrl)) {
      const head = await resolveManifest(request, REPO, tag, registryUrl);
      expect(head.status, `HEAD ${tag}`).toBe(200);
      state[tag] = head.digest;
    }
    return state;
  }

  async function select(page: Page, tags: string[]) {
    for (const tag of tags) {
      await expect(page.getByRole('button', { name: `Remove tag ${tag}`, exact: true })).toBeEnabled({ timeout: 20_000 });
      await page.getByRole('checkbox', { name: `Select ${tag}`, exact: true }).check();
    }
    await expect(page.getByRole('toolbar', { name: 'Selected tags' })).toContainText(`${tags.length} selected`);
  }

  const listed = (dialog: Locator, title: RegExp) => dialog.getByRole('region', { name: title }).getByRole('listitem');

  test('remove keeps the siblings sharing a digest; delete takes every tag of the images; the registry holds exactly what was confirmed', async ({ page, request }) => {
    test.setTimeout(120_000);
    const ab = digestOf('a');
    expect(digestOf('b')).toBe(ab);
    const c = digestOf('c');
    const d = digestOf('d');
    const e = digestOf('e');
    expect(await registryState(request)).toEqual({ a: ab, b: ab, c, d, latest: d, e });

    await page.goto(`${app}/r/${REPO}`);

    // Bulk remove a and c: tags only. b keeps the image a shared; c's image stays, untagged.
    await select(page, ['a', 'c']);
    await page.getByRole('button', { name: 'Remove selected tags…' }).click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove selected tags' });
    await expect(listed(removeDialog, /^Tags removed \(/)).toHaveText(['a', 'c']);
    await expect(listed(removeDialog, /^Tags kept \(/)).toHaveText(['b']);
    await expect(listed(removeDialog, /^Images left untagged/)).toHaveText([c.slice(0, 'sha256:'.length + 12)]);
    const confirmRemove = removeDialog.getByRole('button', { name: 'Remove selected tags' });
    await expect(confirmRemove).toBeDisabled();
    await removeDialog.getByLabel(new RegExp(`Type ${REPO} to confirm`)).fill(REPO);
    await confirmRemove.click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Removed 2 tags from ${REPO}`);
    await expect(removeDialog).toBeHidden();

    expect(await registryState(request)).toEqual({ b: ab, d, latest: d, e });
    // Removing tags deletes no image: c's is still there by digest.
    expect((await resolveManifest(request, REPO, c, registryUrl)).status).toBe(200);
    expect((await resolveManifest(request, REPO, ab, registryUrl)).status).toBe(200);

    // Bulk delete the images of d and e: latest goes too (it shares d's image), b stays.
    await expect(page.getByRole('link', { name: 'a', exact: true })).toHaveCount(0);
    await select(page, ['d', 'e']);
    await page.getByRole('button', { name: 'Delete selected images…' }).click();
    const deleteDialog = page.getByRole('dialog', { name: 'Delete selected images' });
    await expect(listed(deleteDialog, /^Tags removed \(/)).toHaveText(['d', 'e', 'latest']);
    await expect(listed(deleteDialog, /^Also removed, not selected/)).toHaveText(['latest']);
    await expect(listed(deleteDialog, /^Images deleted \(/)).toHaveCount(2);
    await expect(deleteDialog.getByRole('region', { name: 'Tags kept (0)' })).toBeVisible();
    const confirm = deleteDialog.getByRole('button', { name: 'Delete selected images' });
    await expect(confirm).toBeDisabled();
    await deleteDialog.getByLabel(new RegExp(`Type ${REPO} to confirm`)).fill(REPO);
    await confirm.click();
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Deleted 2 images from ${REPO}`);

    expect(await registryState(request)).toEqual({ b: ab });
    for (const digest of [d, e]) expect((await resolveManifest(request, REPO, digest, registryUrl)).status).toBe(404);
    for (const digest of [ab, c]) expect((await resolveManifest(request, REPO, digest, registryUrl)).status).toBe(200);
  });
});

test.describe('registry killed during a bulk remove', () => {
  const REPO = 'faults/bulk-kill';

  // A safe untag is two writes (PUT a throwaway under the tag, DELETE it by digest). A registry that
  // dies between them leaves the tag on the throwaway, and putting the original back fails too:
  // the dialog must say so, and the journal must finish the untag on the next start.
  test('killed between the throwaway PUT and its DELETE: the dialog says the tag is on the throwaway; the next start finishes the untag', async ({ page, request }) => {
    test.setTimeout(180_000);
    const dir = rig.path('registry-bulk-kill');
    let registry = await startRegistry({ dir });
    const port = Number(new URL(registry.url).port);
    const artifact: ImageSpec = { kind: 'image', format: 'oci', created: '2026-03-01T10:00:00Z', layers: [{ key: 'faults-bulk-kill', size: 4_000 }] };
    const seed = await seedRegistry(registry.url, { repositories: [{ name: REPO, pushes: [{ tags: ['a', 'b'], artifact }] }] });
    const digest = seed.repositories[REPO]?.tags.a?.digest;
    expect(digest).toBeDefined();
    const app = await rig.serveApp('bulk-kill', appConfig('faults-bulk-kill', 100), { registryUrl: registry.url });
    let pushedUnderTag = false;
    let holding = false;
    let release: () => void = () => undefined;
    const dead = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname.startsWith(`/v2/${REPO}/manifests/`),
      async (route) => {
        const method = route.request().method();
        if (method === 'PUT' && route.request().url().endsWith('/manifests/a')) {
          await route.continue();
          pushedUnderTag = true;
          return;
        }
        // The first DELETE after the throwaway went under the tag: the throwaway's, by digest.
        if (method === 'DELETE' && pushedUnderTag && !holding) {
          holding = true;
          await dead;
        }
        await route.continue();
      },
    );
    try {
      await page.goto(`${app}/r/${REPO}`);
      await expect(page.getByRole('button', { name: 'Remove tag a', exact: true })).toBeEnabled({ timeout: 20_000 });
      await page.getByRole('checkbox', { name: 'Select a', exact: true }).check();
      await page.getByRole('button', { name: 'Remove selected tags…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Remove selected tags' });
      await expect(dialog.getByRole('region', { name: /^Tags kept \(/ }).getByRole('listitem')).toHaveText(['b']);
      await dialog.getByRole('button', { name: 'Remove selected tags' }).click();
      await expect.poll(() => holding, { timeout: 60_000 }).toBe(true);
      await kill(registry);
      release();
      // The dialog says a failed, and that it is left on Regatta's throwaway manifest.
      await expect(dialog.getByRole('alert')).toContainText('1 failed', { timeout: 90_000 });
      await expect(dialog).toContainText("left on Regatta's throwaway manifest");

      registry = await startRegistry({ dir, port });
      // The tag is on the throwaway now: neither its image nor gone.
      const onThrowaway = await resolveManifest(request, REPO, 'a', registry.url);
      expect(onThrowaway.status).toBe(200);
      expect(onThrowaway.digest).not.toBe(digest);

      // The next start (any page) finishes what the user confirmed: a gone, b on its image.
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.goto(`${app}/`);
      await expect(page.getByText(`Finished removing tag a from ${REPO}`, { exact: true })).toBeVisible({ timeout: 60_000 });
      await expect.poll(() => tagsOf(request, REPO, registry.url), { timeout: 30_000 }).toEqual(['b']);
      expect(await resolveManifest(request, REPO, 'b', registry.url)).toEqual({ status: 200, digest });
      expect((await resolveManifest(request, REPO, 'a', registry.url)).status).toBe(404);
    } finally {
      await registry.stop();
    }
  });
});

test.describe('registry killed during a cleanup run', () => {
  const REPO = 'faults/cleanup';
  const DAY = 86_400_000;
  const RULES = { repository: REPO, tag: 'v[0-9]+', olderThanDays: 30, keepNewest: 0 };

  interface Reported {
    repository: string;
    kind: 'untag' | 'delete';
    tag?: string;
    digest: string;
    tags: string[];
    status: string;
    message?: string;
  }

  const image = (key: string, created: string): ImageSpec => ({
    kind: 'image',
    format: 'oci',
    created,
    layers: [
      { key: 'faults-cleanup-base', size: 16_000 },
      { key: `faults-cleanup:${key}`, size: 2_000 },
    ],
    labels: { 'org.opencontainers.image.version': key },
  });

  /** A registry of its own: v2 shares its image with `stable` (so it is untagged, not deleted), v1 and v3–v6 go with their images. */
  async function cleanupRig(key: string) {
    const dir = rig.path(`registry-${key}`);
    const registry = await startRegistry({ dir });
    const seed = await seedRegistry(registry.url, {
      repositories: [
        {
          name: REPO,
          pushes: [
            { tags: ['v1'], artifact: image('v1', '2024-01-01T00:00:00Z') },
            { tags: ['v2', 'stable'], artifact: image('v2', '2024-02-01T00:00:00Z') },
            ...[3, 4, 5, 6].map((n) => ({ tags: [`v${n}`], artifact: image(`v${n}`, `2024-0${n}-01T00:00:00Z`) })),
            { tags: ['v7'], artifact: image('v7', new Date(Date.now() - 2 * DAY).toISOString()) },
          ],
        },
      ],
    });
    const app = await rig.serveApp(key, appConfig(`faults-${key}`, 100), { registryUrl: registry.url });
    const tags = seed.repositories[REPO]?.tags ?? {};
    const digests = new Set(Object.values(tags).map((t) => t.digest));
    return { dir, registry, port: Number(new URL(registry.url).port), app, tags, digests };
  }

  async function dryRunAndStart(page: Page, app: string) {
    await page.goto(`${app}/cleanup`);
    await startDryRun(page, RULES);
    await expect(page.getByRole('region', { name: `Plan for ${REPO}` })).toBeVisible({ timeout: 30_000 });
    // 1 untag (v2; stable keeps the image) + 5 deletes (v1, v3–v6); v7 is recent.
    await page.getByRole('button', { name: 'Run (6 operations)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  }

  async function downloadedReport(page: Page): Promise<Reported[]> {
    const report = page.getByRole('region', { name: 'Run report' });
    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('link', { name: 'Download JSON' }).click()]);
    const path = await download.path();
    return (JSON.parse(await readFile(path, 'utf8')) as { results: Reported[] }).results;
  }

  /**
   * Runs the cleanup with the first manifest request `holds` picks held until the registry is
   * SIGKILLed, then sent to the dead registry; returns the run's report once it shows failures.
   */
  async function runKilledAt(page: Page, own: Awaited<ReturnType<typeof cleanupRig>>, holds: (method: string, url: string) => boolean): Promise<Reported[]> {
    let release: () => void = () => undefined;
    const dead = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    await page.route(
      (url) => /\/v2\/faults\/cleanup\/manifests\//.test(url.pathname),
      async (route) => {
        if (holds(route.request().method(), route.request().url()) && !holding) {
          holding = true;
          await dead;
        }
        await route.continue();
      },
    );
    await dryRunAndStart(page, own.app);
    await expect.poll(() => holding, { timeout: 60_000 }).toBe(true);
    await kill(own.registry);
    release();
    const report = page.getByRole('region', { name: 'Run report' });
    await expect(report.getByRole('status')).toContainText('failed', { timeout: 90_000 });
    const results = await downloadedReport(page);
    expect(results).toHaveLength(6);
    return results;
  }

  /** What the registry itself says about each reported item: did it happen or not? */
  async function happened(request: APIRequestContext, registryUrl: string, item: Reported, seeded: Record<string, { digest: string }>) {
    const listed = await tagsOf(request, REPO, registryUrl);
    if (item.kind === 'untag') {
      const tag = item.tag as string;
      const now = await resolveManifest(request, REPO, tag, registryUrl);
      if (!listed.includes(tag) && now.status === 404) return 'done';
      if (now.status === 200 && now.digest === seeded[tag]?.digest) return 'not done';
      return `neither: tag ${tag} now resolves to ${now.digest ?? now.status} (it was ${seeded[tag]?.digest})`;
    }
    const byDigest = await resolveManifest(request, REPO, item.digest, registryUrl);
    const tagsLeft = item.tags.filter((t) => listed.includes(t));
    if (byDigest.status === 404 && tagsLeft.length === 0) return 'done';
    if (byDigest.status === 200 && tagsLeft.length === item.tags.length) return 'not done';
    return `neither: ${item.digest} answers ${byDigest.status}, tags left ${tagsLeft.join(', ') || 'none'}`;
  }

  async function assertReportMatchesRegistry(request: APIRequestContext, registryUrl: string, report: Reported[], seeded: Record<string, { digest: string }>) {
    const actual = [];
    for (const item of report) actual.push({ item: item.kind === 'untag' ? `untag ${item.tag}` : `delete ${item.tags.join(',')}`, state: await happened(request, registryUrl, item, seeded) });
    const claimed = report.map((item) => ({ item: item.kind === 'untag' ? `untag ${item.tag}` : `delete ${item.tags.join(',')}`, state: item.status === 'done' ? 'done' : 'not done' }));
    expect(actual).toEqual(claimed);
  }

  test('killed with a delete in flight: the report says which items were done and which not, and the registry agrees', async ({ page, request }) => {
    test.setTimeout(180_000);
    const own = await cleanupRig('cleanup-delete');
    let registry = own.registry;
    try {
      // The third image DELETE is held until the registry is dead, then sent to it.
      let deletes = 0;
      const results = await runKilledAt(page, own, (method, url) => {
        const digest = /manifests\/(sha256:[a-f0-9]+)/.exec(url)?.[1] ?? '';
        return method === 'DELETE' && own.digests.has(digest) && ++deletes === 3;
      });
      const done = results.filter((r) => r.status === 'done');
      // untag v2 and the first two deletes went through; the rest did not.
      expect(done.map((r) => r.kind).sort()).toEqual(['delete', 'delete', 'untag']);
      expect(results.filter((r) => r.status === 'failed')).toHaveLength(3);
      for (const failed of results.filter((r) => r.status === 'failed')) expect(failed.message).toContain('502');

      // Back on the same port over the same data: the registry matches the report item by item.
      registry = await startRegistry({ dir: own.dir, port: own.port });
      await assertReportMatchesRegistry(request, registry.url, results, own.tags);
      expect(await resolveManifest(request, REPO, 'stable', registry.url)).toEqual({ status: 200, digest: own.tags.v2?.digest });
      expect(await resolveManifest(request, REPO, 'v7', registry.url)).toEqual({ status: 200, digest: own.tags.v7?.digest });
    } finally {
      await registry.stop();
    }
  });

  // The cleanup's untag is the executor's safe untag: killed between its two writes, the report
  // must not claim it done, and the journal must finish it on the next start.
  test('killed between the throwaway PUT and its DELETE of a safe untag: the report says so and the next start finishes the untag', async ({ page, request }) => {
    test.setTimeout(180_000);
    const own = await cleanupRig('cleanup-untag');
    let registry = own.registry;
    try {
      let pushedUnderTag = false;
      const results = await runKilledAt(page, own, (method, url) => {
        if (method === 'PUT' && url.endsWith('/manifests/v2')) pushedUnderTag = true;
        const digest = /manifests\/(sha256:[a-f0-9]+)/.exec(url)?.[1] ?? '';
        // After the throwaway went under v2, the DELETE of a digest the seed never pushed is the
        // throwaway's (the delete-support probe, also of an unknown digest, came before the PUT).
        return method === 'DELETE' && pushedUnderTag && !own.digests.has(digest);
      });
      const untag = results.find((r) => r.kind === 'untag');
      expect(untag).toMatchObject({ tag: 'v2' });
      expect(untag?.status).not.toBe('done');
      expect(untag?.message).toContain("left on Regatta's throwaway manifest");

      registry = await startRegistry({ dir: own.dir, port: own.port });
      // Every delete is as reported; the untag is finished by the next start.
      await assertReportMatchesRegistry(request, registry.url, results.filter((r) => r.kind === 'delete'), own.tags);
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await page.goto(`${own.app}/`);
      await expect(page.getByText(`Finished removing tag v2 from ${REPO}`, { exact: true })).toBeVisible({ timeout: 60_000 });
      expect((await resolveManifest(request, REPO, 'v2', registry.url)).status).toBe(404);
      expect(await resolveManifest(request, REPO, 'stable', registry.url)).toEqual({ status: 200, digest: own.tags.v2?.digest });
    } finally {
      await registry.stop();
    }
  });
});
