// The audit and the cleanup dry run with regatta-index, on the real registry and the real index
// behind nginx (deploy/nginx.conf + nginx-index.conf): the audit shows the registry's repositories,
// tags and sizes without a crawl (no /v2/*/manifests request from the page); the dry run from the
// index lists exactly what the run then removes (checked through /v2/ before and after); with the
// index stopped the audit falls back to the crawl and says so.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { freePort, startRegistry, type Service } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { notificationsConfig, startIndexProcess, type IndexProcess } from './index-rig.ts';
import { ownRig } from './own-rig.ts';
import { headManifest, tagsOf } from './registry-api.ts';
import { plannedDeletes, startDryRun } from './pages/cleanup-page.ts';

const SECRET = randomBytes(16).toString('hex');
const image = (key: string, created: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created,
  layers: [
    { key: 'index-audit:base', size: 24 * 1024 },
    { key: `index-audit:${key}`, size: 6 * 1024 },
  ],
});

const rig = ownRig('index-audit');
let registry: Service;
let index: IndexProcess;
let indexPort: number;
let app: string;
let seed: SeedRecord;

const startIndex = () =>
  startIndexProcess({ storage: rig.path('registry', 'data'), registry: registry.url, port: indexPort, db: rig.path('index.db'), secret: SECRET, logFile: rig.path('index.log') });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  await rig.open();
  indexPort = await freePort();
  registry = rig.add(await startRegistry({ dir: rig.path('registry'), extraConfig: notificationsConfig(`http://127.0.0.1:${indexPort}/events`, SECRET) }));
  index = rig.add(await startIndex());
  seed = await seedRegistry(registry.url, {
    repositories: [
      {
        name: 'shop/api',
        pushes: [
          { tags: ['v1'], artifact: image('api-v1', '2024-01-01T00:00:00Z') },
          { tags: ['v2', 'stable'], artifact: image('api-v2', '2024-02-01T00:00:00Z') },
          { tags: ['v3'], artifact: image('api-v3', '2024-03-01T00:00:00Z') },
        ],
      },
      { name: 'shop/web', pushes: [{ tags: ['latest'], artifact: image('web', '2024-01-15T00:00:00Z') }] },
      { name: 'tools/cli', pushes: [{ tags: ['1.0'], artifact: image('cli', '2024-01-20T00:00:00Z') }] },
    ],
  });
  // The pushes reach the index through distribution's notifications.
  await expect
    .poll(async () => ((await (await request.get(`${index.url}/index/v1/tags`)).json()) as { tags: unknown[] }).tags.length, { timeout: 10_000 })
    .toBe(6);
  app = await rig.serveApp('app', { registries: [{ name: 'indexed', url: '', index: '' }] }, { registryUrl: registry.url, indexUpstream: index.url });
});

test.afterAll(() => rig.close());

const namespaceRow = (page: Page, name: string) => page.getByRole('table', { name: 'Namespaces' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
const cell = (row: Locator, column: string) => row.locator(`[data-column="${column}"]`);
const bytesOf = async (row: Locator, column: string) => Number(await cell(row, column).locator('[data-bytes]').getAttribute('data-bytes'));

/** What the seed pushed under a namespace: tags, distinct images, logical and stored bytes. */
function expectedFor(namespace: string) {
  const tags = Object.entries(seed.repositories)
    .filter(([name]) => name.startsWith(`${namespace}/`))
    .flatMap(([, repo]) => Object.values(repo.tags));
  const images = new Map(tags.map((t) => [t.digest, t]));
  const blobs = new Map<string, number>();
  for (const t of images.values()) for (const l of t.layers ?? []) blobs.set(l.digest, l.size);
  const logical = [...images.values()].reduce((s, t) => s + t.size, 0);
  const layerBytes = [...images.values()].reduce((s, t) => s + (t.layers ?? []).reduce((a, l) => a + l.size, 0), 0);
  // Stored: each image's config once (configs differ), each layer once.
  const stored = logical - layerBytes + [...blobs.values()].reduce((s, n) => s + n, 0);
  return { tags: tags.length, images: images.size, logical, stored };
}

test('the audit shows the registry from the index, without crawling', async ({ page }) => {
  const manifestRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/v2\/.+\/(manifests|blobs)\//.test(new URL(r.url()).pathname)) manifestRequests.push(`${r.method()} ${r.url()}`);
  });
  await page.goto(`${app}/audit`);
  await expect(page.getByRole('region', { name: 'Source' })).toContainText('From the index, as of');
  await expect(page.getByRole('button', { name: /^Crawl/ })).toHaveCount(0);
  for (const namespace of ['shop', 'tools']) {
    const want = expectedFor(namespace);
    const row = namespaceRow(page, namespace);
    await expect(cell(row, 'tags')).toHaveText(String(want.tags));
    await expect(cell(row, 'images')).toHaveText(String(want.images));
    expect(await bytesOf(row, 'logical')).toBe(want.logical);
    expect(await bytesOf(row, 'stored')).toBe(want.stored);
  }
  await expect(cell(namespaceRow(page, 'shop'), 'repositories')).toHaveText('2');
  expect(manifestRequests).toEqual([]);
});

test('the cleanup dry run from the index lists exactly what the run removes', async ({ page, request }) => {
  const api = seed.repositories['shop/api']!.tags;
  const before = await tagsOf(request, 'shop/api', registry.url);
  expect(before).toEqual(['stable', 'v1', 'v2', 'v3']);
  await page.goto(`${app}/cleanup`);
  await expect(page.getByText(/Source: the registry index/)).toBeVisible();
  await startDryRun(page, { repository: 'shop/api', tag: 'v[0-9]+', olderThanDays: '', keepNewest: 1 });
  const plan = page.getByRole('region', { name: 'Plan for shop/api' });
  await expect(plan).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/From the index, as of/)).toBeVisible();
  // v3 is kept; v1 goes with its image; v2 is only untagged (stable keeps the image).
  const deleted = await plannedDeletes(plan);
  expect(deleted).toEqual([api.v1!.digest]);
  expect(await plan.locator('tr[data-action="untag"] td:nth-child(2)').allTextContents()).toEqual(['v2']);

  await page.getByRole('button', { name: 'Run (2 operations)' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  await expect(page.getByRole('region', { name: 'Run report' })).toContainText('2 done', { timeout: 15_000 });
  expect(await tagsOf(request, 'shop/api', registry.url)).toEqual(['stable', 'v3']);
  expect((await headManifest(request, 'shop/api', api.v1!.digest, registry.url)).status()).toBe(404);
  for (const tag of ['stable', 'v3']) expect((await headManifest(request, 'shop/api', tag, registry.url)).headers()['docker-content-digest']).toBe(api[tag]!.digest);
});

test('with the index stopped the audit falls back to the crawl and says so', async ({ page }) => {
  await index.stop();
  await page.goto(`${app}/audit`);
  await expect(page.getByRole('alert').filter({ hasText: 'The registry index does not answer' })).toContainText('falls back to crawling');
  await page.getByRole('button', { name: 'Crawl the whole registry' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Crawl of the whole registry complete.' })).toBeVisible({ timeout: 20_000 });
  await expect(cell(namespaceRow(page, 'tools'), 'tags')).toHaveText('1');
  index = rig.add(await startIndex());
});
