// The catalog tree's tag counts and sizes from regatta-index (run against the real registry's
// storage), checked against what the registry itself holds; the fallback when the index stops;
// the namespace tree as a sidebar on a repository page.
import { randomBytes } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { freePort, startRegistry, type Service } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec } from '../scripts/seed-registry.ts';
import { formatBytes } from '../src/components/ui/format.ts';
import { expect, test } from './fixtures.ts';
import { notificationsConfig, startIndexProcess, type IndexProcess } from './index-rig.ts';
import { ownRig } from './own-rig.ts';
import { escapeRegExp } from './pages/catalog-page.ts';

const SECRET = randomBytes(16).toString('hex');
const image = (key: string, layerSize: number): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: '2025-06-01T00:00:00Z',
  layers: [
    { key: 'catalog-index:base', size: 32 * 1024 },
    { key: `catalog-index:${key}`, size: layerSize },
  ],
});
const REPOSITORIES = {
  'fleet/api': { 'v1.0': image('api-1', 5_000), 'v1.1': image('api-2', 7_000), latest: image('api-2', 7_000) },
  'fleet/web': { latest: image('web', 60_000) },
  solo: { '1': image('solo-1', 1_000), '2': image('solo-2', 2_000) },
} satisfies Record<string, Record<string, ImageSpec>>;

const rig = ownRig('catalog-index');
let registry: Service;
let index: IndexProcess;
let indexPort: number;
let app: string;

const startIndex = () =>
  startIndexProcess({ storage: rig.path('registry', 'data'), registry: registry.url, port: indexPort, db: rig.path('index.db'), secret: SECRET, logFile: rig.path('index.log') });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await rig.open();
  indexPort = await freePort();
  registry = rig.add(await startRegistry({ dir: rig.path('registry'), extraConfig: notificationsConfig(`http://127.0.0.1:${indexPort}/events`, SECRET) }));
  // Pushed before the index starts: it learns them by reading the storage, as after a restart.
  await seedRegistry(registry.url, {
    repositories: Object.entries(REPOSITORIES).map(([name, tags]) => ({ name, pushes: Object.entries(tags).map(([tag, artifact]) => ({ tags: [tag], artifact })) })),
  });
  index = rig.add(await startIndex());
  app = await rig.serveApp('app', { registries: [{ name: 'indexed', url: '', index: '' }] }, { registryUrl: registry.url, indexUpstream: index.url });
});

test.afterAll(() => rig.close());

const MANIFEST_TYPES = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** What the registry holds for a repository, read over v2: its tags, and its distinct blobs plus its manifests' bytes (the index's sizeBytes). */
async function registryFigures(request: APIRequestContext, name: string): Promise<{ tags: number; bytes: number }> {
  const { tags } = (await (await request.get(`${registry.url}/v2/${name}/tags/list`)).json()) as { tags: string[] };
  const blobs = new Map<string, number>();
  const manifests = new Map<string, number>();
  for (const tag of tags) {
    const response = await request.get(`${registry.url}/v2/${name}/manifests/${tag}`, { headers: { Accept: MANIFEST_TYPES } });
    const body = await response.body();
    manifests.set(response.headers()['docker-content-digest'] ?? tag, body.length);
    const manifest = JSON.parse(body.toString('utf8')) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
    for (const blob of [manifest.config, ...manifest.layers]) blobs.set(blob.digest, blob.size);
  }
  const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
  return { tags: tags.length, bytes: sum(blobs.values()) + sum(manifests.values()) };
}

const tree = (page: import('@playwright/test').Page) => page.getByRole('tree', { name: 'Repositories' });
const item = (scope: import('@playwright/test').Locator, segment: string) => scope.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(segment)}(,|$)`) });

test("the tree shows each repository's tag count and size from the index, as the registry holds them", async ({ page, request }, testInfo) => {
  await page.goto(`${app}/`);
  await expect(page.getByText(/^Counts from the index, as of/)).toBeVisible();
  let fleetTags = 0;
  let fleetBytes = 0;
  for (const name of Object.keys(REPOSITORIES)) {
    const held = await registryFigures(request, name);
    const segment = name.split('/').at(-1) ?? name;
    const row = item(tree(page), segment);
    await expect(row).toHaveAccessibleName(new RegExp(`^${escapeRegExp(segment)}, ${held.tags} tags?, ${escapeRegExp(formatBytes(held.bytes))}, last push `));
    if (name.startsWith('fleet/')) {
      fleetTags += held.tags;
      fleetBytes += held.bytes;
    }
  }
  expect(fleetTags).toBe(4);
  // The namespace sums its repositories.
  await expect(item(tree(page), 'fleet')).toHaveAccessibleName(new RegExp(`^fleet, 2 repositories, ${fleetTags} tags, ${escapeRegExp(formatBytes(fleetBytes))}, last push `));
  await testInfo.attach('catalog with figures', { body: await page.screenshot(), contentType: 'image/png' });
});

test('the namespace tree sits beside a repository page: in view while scrolling, collapsible and resizable by keyboard', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1200, height: 420 });
  await page.goto(`${app}/r/fleet/api`);
  const sidebar = page.getByRole('complementary', { name: 'Repository tree' });
  await expect(sidebar).toBeVisible();
  const current = item(sidebar.getByRole('tree', { name: 'Repositories' }), 'api');
  await expect(current).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('table')).toBeVisible();
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  await expect(current).toBeInViewport();
  await testInfo.attach('repository page with the sidebar, scrolled', { body: await page.screenshot(), contentType: 'image/png' });

  const separator = page.getByRole('separator', { name: 'Resize the repository tree' });
  const before = Number(await separator.getAttribute('aria-valuenow'));
  await separator.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(separator).toHaveAttribute('aria-valuenow', String(before + 32));
  expect((await sidebar.boundingBox())?.width).toBeCloseTo(before + 32, 0);

  const toggle = page.getByRole('button', { name: 'Repository tree' });
  await toggle.click();
  await expect(sidebar).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Repository tree' })).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebar).toHaveCount(0);
  await page.getByRole('button', { name: 'Repository tree' }).click();
  await expect(separator).toHaveAttribute('aria-valuenow', String(before + 32));

  // Another repository from the sidebar: the page changes, the tree stays and follows.
  await item(sidebar, 'web').getByRole('link').click();
  await expect(page).toHaveURL(/\/r\/fleet\/web$/);
  await expect(item(sidebar, 'web')).toHaveAttribute('aria-current', 'page');
});

test('with the index stopped the counts fall back and the page says so', async ({ page }) => {
  await index.stop();
  try {
    await page.goto(`${app}/`);
    await expect(page.getByText(/^The index did not answer/)).toBeVisible();
    await expect(page.getByText(/Counts from the index/)).toHaveCount(0);
    // Nothing crawled, nothing visited in this browser: unknown, not 0.
    await expect(item(tree(page), 'solo')).toHaveAccessibleName('solo');
    await page.getByRole('link', { name: 'solo', exact: true }).click();
    await expect(page.getByRole('table')).toBeVisible();
    await page.goBack();
    // Its tag list was just read over v2: now its count is known.
    await expect(item(tree(page), 'solo')).toHaveAccessibleName('solo, 2 tags');
    await expect(page.getByText('Tag counts from repositories opened in this session.', { exact: false })).toBeVisible();
  } finally {
    index = rig.add(await startIndex());
  }
});
