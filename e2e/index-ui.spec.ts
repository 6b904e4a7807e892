// The SPA with regatta-index, deployed as the README says: nginx with deploy/nginx.conf and
// deploy/nginx-index.conf in front of the real registry and the index; the registry's
// notifications go to the index, which also reads the registry's storage directory. CI pushes
// `latest` three times while no browser is open; the pages must still know all of it.
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { freePort, startRegistry, type Service } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type TagRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { notificationsConfig, pushLatest, startIndexProcess, type IndexProcess } from './index-rig.ts';
import { ownRig } from './own-rig.ts';

const REPO = 'indexed/app';
const SECRET = randomBytes(16).toString('hex');

const image = (version: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: `2025-0${version}-01T00:00:00Z`,
  layers: [
    { key: 'indexed:base', size: 16 * 1024 },
    { key: `indexed:app:${version}`, size: 4 * 1024 },
  ],
  labels: { 'org.opencontainers.image.version': version, 'e2e.build': `build-${version}` },
});


const rig = ownRig('index-ui');
let registry: Service;
let index: IndexProcess;
let indexPort: number;
let app: string;
const pushed: TagRecord[] = [];

const startIndex = () =>
  startIndexProcess({ storage: rig.path('registry', 'data'), registry: registry.url, port: indexPort, db: rig.path('index.db'), secret: SECRET, logFile: rig.path('index.log') });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await rig.open();
  indexPort = await freePort();
  registry = rig.add(
    await startRegistry({
      dir: rig.path('registry'),
      extraConfig: notificationsConfig(`http://127.0.0.1:${indexPort}/events`, SECRET),
    }),
  );
  index = await startIndex();
  rig.add(index);
  // No browser is open while CI pushes `latest` three times.
  for (const version of ['1', '2', '3']) pushed.push(await pushLatest(registry.url, REPO, image(version)));
  app = await rig.serveApp('app', { registries: [{ name: 'indexed', url: '', index: '' }] }, { registryUrl: registry.url, indexUpstream: index.url });
});

test.afterAll(() => rig.close());

test('the orphans page lists both earlier digests of latest, complete and with "untagged since", from the index', async ({ page }) => {
  const [first, second, third] = pushed as [TagRecord, TagRecord, TagRecord];
  await page.goto(`${app}/r/${REPO}/-/orphans`);
  await expect(page.getByText('Source: the registry index.')).toBeVisible();
  await page.getByRole('button', { name: 'Scan repository' }).click();
  for (const earlier of [first, second]) {
    const row = page.getByRole('row', { name: `${REPO}@${earlier.digest}` });
    await expect(row).toBeVisible();
    // "untagged just now" / "untagged 3 minutes ago": when the index saw the tag leave it.
    await expect(row).toContainText(/untagged (just now|\d+ \w+ ago)/);
  }
  await expect(page.getByRole('row', { name: `${REPO}@${third.digest}` })).toHaveCount(0);
  await expect(page.getByRole('row')).toHaveCount(3);
});

test("the tag's history shows all three digests; restore brings back the first, and the index follows within seconds", async ({ page, request }) => {
  const [first, , third] = pushed as [TagRecord, TagRecord, TagRecord];
  await page.goto(`${app}/r/${REPO}/-/manifest/latest`);
  await page.getByRole('link', { name: 'Tag history of latest' }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${REPO}/-/history/latest$`));
  const table = page.getByRole('table', { name: /Digests latest has pointed at/ });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').nth(1)).toContainText('current');

  const shortFirst = `${first.digest.slice(0, 19)}`;
  await page.getByRole('button', { name: new RegExp(`^Restore latest to ${shortFirst.slice(0, 15)}`) }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore latest' });
  await expect(dialog).toContainText('latest now');
  await dialog.getByRole('button', { name: 'Restore latest' }).click();
  await expect(dialog.getByRole('status')).toContainText('points at');

  const head = await request.head(`${registry.url}/v2/${REPO}/manifests/latest`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
  expect(head.headers()['docker-content-digest']).toBe(first.digest);
  // The registry's push event reaches the index: the history marks the first digest current again.
  // Only the event can do it (the index's reconcile runs hourly here).
  await expect
    .poll(async () => {
      const answer = await request.get(`${index.url}/index/v1/repositories/${REPO}/-/tags/latest/history`);
      const { history } = (await answer.json()) as { history: { digest: string; current: boolean }[] };
      return history.find((entry) => entry.current)?.digest;
    }, { timeout: 2_000 })
    .toBe(first.digest);
  expect(third.digest).not.toBe(first.digest);
});

test('search by digest prefix and by label from the header box', async ({ page }) => {
  const [, second] = pushed as [TagRecord, TagRecord];
  await page.goto(`${app}/`);
  const box = page.getByRole('searchbox', { name: 'Search the registry index' });
  await box.fill(second.digest.slice('sha256:'.length, 'sha256:'.length + 10));
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const hit = page.getByRole('row', { name: new RegExp(REPO) });
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('untagged');

  // Restored above: latest is on the first build again.
  await box.fill('e2e.build=build-1');
  await box.press('Enter');
  await expect(page.getByRole('row', { name: new RegExp(REPO) })).toHaveCount(1);
  await expect(page.getByRole('row', { name: new RegExp(REPO) })).toContainText('latest');
});

test('a push shows up in the open tag table without a reload (the index change stream)', async ({ page }) => {
  await page.goto(`${app}/r/${REPO}`);
  await expect(page.getByRole('row', { name: /latest/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /nightly/ })).toHaveCount(0);
  await seedRegistry(registry.url, { repositories: [{ name: REPO, pushes: [{ tags: ['nightly'], artifact: image('4') }] }] });
  await expect(page.getByRole('row', { name: /nightly/ })).toBeVisible({ timeout: 10_000 });
});

const MANY = 'indexed/many';
const MANY_TAGS = Array.from({ length: 120 }, (_, i) => `r${String(i).padStart(3, '0')}`);

/** Every request the page sends, method and URL. */
function recordRequests(page: Page): { method: string; url: string }[] {
  const requests: { method: string; url: string }[] = [];
  page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
  return requests;
}

test('a repository with 120 tags: every row with size and date from one index request, no manifest request', async ({ page, request }) => {
  await seedRegistry(registry.url, {
    repositories: [{ name: MANY, pushes: ['5', '6', '7'].map((version, i) => ({ tags: MANY_TAGS.slice(i * 40, i * 40 + 40), artifact: image(version) })) }],
  });
  // The index has all of it (from the push notifications) before the page opens.
  await expect
    .poll(async () => {
      const answer = await request.get(`${index.url}/index/v1/repositories/${MANY}/-/tags`);
      return answer.ok() ? ((await answer.json()) as { tags: unknown[] }).tags.length : 0;
    })
    .toBe(120);

  // distribution delivers the 120 tags' notifications one by one; each is a change event that rightly
  // refreshes an open table. Open the page once they have passed, and count any that still come.
  const changes = await followChanges(index.url, MANY);
  try {
    await expect.poll(() => Date.now() - changes.last(), { timeout: 60_000 }).toBeGreaterThan(3_000);
    const before = changes.count();
    const requests = recordRequests(page);
    await page.goto(`${app}/r/${MANY}`);
    await expectEveryRow(page);
    const indexTagRequests = requests.filter((r) => r.url.includes(`/index/v1/repositories/${MANY}/-/tags`));
    expect(indexTagRequests).toHaveLength(1 + changes.count() - before);
    expect(requests.filter((r) => r.url.includes(`/v2/${MANY}/manifests/`))).toEqual([]);
  } finally {
    changes.stop();
  }
});

/** The 120-tag table, complete: counts, the source line, and one tag of each image with size and date. */
async function expectEveryRow(page: Page) {
  await expect(page.getByText('120 tags · 3 distinct images')).toBeVisible();
  await expect(page.getByText(/^From the index, as of/)).toBeVisible();
  await expect(page.locator('[data-resolved]')).toHaveAttribute('data-resolved', '120');
  // One tag of each image (rows are virtualized: the filter brings each into view).
  const table = page.getByRole('table', { name: `Tags of ${MANY}` });
  const rowOf = (tag: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
  for (const [tag, month] of [['r000', '05'], ['r040', '06'], ['r119', '07']] as const) {
    await page.getByRole('searchbox', { name: 'Filter tags' }).fill(tag);
    await expect(rowOf(tag)).toContainText(/\d+(\.\d+)? KB/);
    await expect(rowOf(tag).locator('time')).toHaveAttribute('datetime', `2025-${month}-01T00:00:00.000Z`);
  }
}

/** Follows the index's change stream from here (not the page): how many changes of `repository`, and when the last came. */
async function followChanges(indexUrl: string, repository: string) {
  const controller = new AbortController();
  let count = 0;
  let last = Date.now();
  const response = await fetch(`${indexUrl}/index/v1/events`, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
  const marker = `"repository":${JSON.stringify(repository)}`;
  void (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const seen = value.split(marker).length - 1;
      if (seen > 0) {
        count += seen;
        last = Date.now();
      }
    }
  })().catch(() => undefined);
  return { count: () => count, last: () => last, stop: () => controller.abort() };
}

test('with the index stopped the tag table reads the registry instead, and says so', async ({ page }) => {
  test.setTimeout(240_000);
  await index.stop();
  try {
    const requests = recordRequests(page);
    await page.goto(`${app}/r/${MANY}`);
    await expect(page.getByText(/The registry index does not answer/)).toContainText('reading the tags from the registry instead');
    // 120 HEADs, then a manifest and a config per image, on a machine shared with other builds.
    await expect(page.locator('[data-resolved]')).toHaveAttribute('data-resolved', '120', { timeout: 120_000 });
    await expect(page.getByText('120 tags · 3 distinct images')).toBeVisible();
    await expect(page.getByRole('table', { name: `Tags of ${MANY}` }).getByRole('row').nth(1)).toContainText(/\d+(\.\d+)? KB/);
    expect(requests.some((r) => r.url.includes(`/v2/${MANY}/tags/list`))).toBe(true);
    expect(requests.some((r) => r.url.includes(`/v2/${MANY}/manifests/r000`))).toBe(true);
  } finally {
    index = rig.add(await startIndex());
  }
});

test('with the index stopped the orphans page falls back to the registry API and says so', async ({ page }) => {
  await index.stop();
  await page.goto(`${app}/r/${REPO}/-/orphans`);
  await expect(page.getByRole('alert').filter({ hasText: 'The registry index does not answer' })).toBeVisible();
  await expect(page.getByText('Source: digest ledger.')).toBeVisible();
  await page.getByRole('button', { name: 'Scan repository' }).click();
  // This browser never saw the earlier digests: the ledger cannot know them, and the page said why.
  await expect(page.getByRole('status').filter({ hasText: `Scanned` })).toContainText('no orphans found');
  index = rig.add(await startIndex());
});
