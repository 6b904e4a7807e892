// The namespace audit on the real registry: crawl it, and the figures of two namespaces the shared
// seed owns alone (marketing/, product-returns/) equal what this test computes from the seeder's
// record; the CSV export says the same; a re-crawl reads no manifest or blob by digest again.
// Other specs push their own namespaces into the same registry: only these two are asserted.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import type { SeedRecord } from '../scripts/seed-registry.ts';
import { parseCsv } from '../src/queries/csv.ts';
import { expect, test } from './fixtures.ts';
import { copyImage } from './registry-api.ts';

const NAMESPACES = ['marketing', 'product-returns'];
const STALE_DAYS = 90;

interface Expected {
  repositories: number;
  tags: number;
  images: number;
  logical: number;
  stored: number;
  stale: number;
}

/**
 * The audit's definitions applied to the seed record: logical = sum of the distinct images' sizes
 * (the seeder's size is config + layers); stored = every distinct blob once. The record lists the
 * layers but not the config, so a config's size is size − layers; each distinct image of these
 * namespaces has its own config (the seeder labels every image with its version).
 */
function expectedFor(seed: SeedRecord, namespace: string, now: number): Expected {
  const repos = Object.entries(seed.repositories).filter(([name]) => name.startsWith(`${namespace}/`));
  const images = new Map<string, { size: number; layers: { digest: string; size: number }[] }>();
  let tags = 0;
  let stale = 0;
  for (const [, repo] of repos) {
    const records = Object.values(repo.tags);
    tags += records.length;
    const newest = Math.max(...records.map((t) => Date.parse(t.created)));
    if (records.length === 0 || newest < now - STALE_DAYS * 24 * 3600 * 1000) stale += 1;
    for (const tag of records) {
      // No index in these namespaces: the record has the layers of each image.
      expect(tag.platforms, `${namespace}: expected plain images`).toBeUndefined();
      images.set(tag.digest, { size: tag.size, layers: tag.layers ?? [] });
    }
  }
  const blobs = new Map<string, number>();
  for (const [digest, image] of images) {
    for (const layer of image.layers) blobs.set(layer.digest, layer.size);
    blobs.set(`config of ${digest}`, image.size - image.layers.reduce((sum, l) => sum + l.size, 0));
  }
  return {
    repositories: repos.length,
    tags,
    images: images.size,
    logical: [...images.values()].reduce((sum, i) => sum + i.size, 0),
    stored: [...blobs.values()].reduce((sum, size) => sum + size, 0),
    stale,
  };
}

function namespaceRow(page: Page, namespace: string): Locator {
  return page.getByRole('table', { name: 'Namespaces' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: namespace, exact: true }) });
}

const cell = (row: Locator, column: string) => row.locator(`[data-column="${column}"]`);
const bytesOf = async (row: Locator, column: string) => Number(await cell(row, column).locator('[data-bytes]').getAttribute('data-bytes'));

/** GET/HEAD requests to manifests and blobs, as "METHOD manifests|blobs <reference>". */
function recordRegistryRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const match = /\/v2\/.+\/(manifests|blobs)\/([^/?]+)/.exec(new URL(request.url()).pathname);
    if (match) seen.push(`${request.method()} ${match[1]} ${decodeURIComponent(match[2] ?? '')}`);
  });
  return seen;
}

async function crawlWholeRegistry(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Crawl the whole registry' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Crawl of the whole registry complete.' })).toBeVisible({ timeout: 20_000 });
}

test('audit figures of two namespaces match the seed record, in the table and in the CSV export', async ({ page, seed }) => {
  const requests = recordRegistryRequests(page);
  await page.goto('/audit');
  await expect(page.getByText('Nothing crawled yet in this browser.')).toBeVisible();
  await crawlWholeRegistry(page);
  await expect(page.getByRole('progressbar', { name: 'Crawl progress' })).toHaveAttribute('aria-valuenow', '100');
  // The first crawl did read manifests and configs by digest (the re-crawl test below relies on it).
  expect(requests.filter((r) => r.startsWith('GET manifests sha256:')).length).toBeGreaterThan(0);
  expect(requests.filter((r) => r.startsWith('GET blobs sha256:')).length).toBeGreaterThan(0);

  const now = Date.now();
  for (const namespace of NAMESPACES) {
    const expected = expectedFor(seed, namespace, now);
    const row = namespaceRow(page, namespace);
    await expect(row).toHaveCount(1);
    await expect(cell(row, 'repositories')).toHaveText(String(expected.repositories));
    await expect(cell(row, 'tags')).toHaveText(String(expected.tags));
    await expect(cell(row, 'images')).toHaveText(String(expected.images));
    expect(await bytesOf(row, 'logical')).toBe(expected.logical);
    expect(await bytesOf(row, 'stored')).toBe(expected.stored);
    await expect(cell(row, 'stale')).toHaveText(String(expected.stale));
    // shared base layers make the registry store less than the images add up to
    expect(expected.stored).toBeLessThan(expected.logical);
    await expect(cell(row, 'ratio')).toHaveText(`${(Math.round((expected.logical / expected.stored) * 100) / 100).toFixed(2)}×`);
    // the treemap shows the same stored size
    await expect(page.getByRole('link', { name: new RegExp(`^Zoom into ${namespace}/: `) })).toHaveAttribute('data-bytes', String(expected.stored));
  }

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Namespaces as CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('regatta-audit-registry-namespaces.csv');
  const csv = parseCsv(await readFile(await download.path(), 'utf8'));
  const header = csv[0] ?? [];
  const column = (name: string) => {
    const index = header.indexOf(name);
    expect(index, `CSV column ${name}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  for (const namespace of NAMESPACES) {
    const expected = expectedFor(seed, namespace, now);
    const line = csv.find((r) => r[0] === namespace);
    expect(line, `CSV row ${namespace}`).toBeDefined();
    expect({
      repositories: Number(line?.[column('Repositories')]),
      tags: Number(line?.[column('Tags')]),
      images: Number(line?.[column('Distinct images')]),
      logical: Number(line?.[column('Logical size (bytes)')]),
      stored: Number(line?.[column('Stored size (bytes)')]),
      stale: Number(line?.[column(`Stale (> ${STALE_DAYS} days)`)]),
    }).toEqual(expected);
  }
});

test('a re-crawl only HEADs tags: no manifest or blob GET for digests already known', async ({ page, seed }) => {
  await page.goto('/audit');
  await crawlWholeRegistry(page);
  const requests = recordRegistryRequests(page);
  await crawlWholeRegistry(page);
  expect(requests.filter((r) => r.startsWith('GET '))).toEqual([]);
  const heads = requests.filter((r) => r.startsWith('HEAD manifests '));
  // every seeded tag of the two namespaces was resolved again
  for (const namespace of NAMESPACES) {
    for (const [name, repo] of Object.entries(seed.repositories)) {
      if (!name.startsWith(`${namespace}/`)) continue;
      for (const tag of Object.keys(repo.tags)) expect(heads).toContain(`HEAD manifests ${tag}`);
    }
  }
  await expect(page.getByTestId('crawl-manifests')).toHaveText('0 / 0');
});

test('zooming into a namespace and listing the users of a shared layer', async ({ page, seed }) => {
  await page.goto('/audit/marketing');
  await page.getByRole('button', { name: 'Crawl namespace marketing/' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Crawl of namespace marketing/ complete.' })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: /^Zoom into campaign10-18\/: / }).click();
  await expect(page).toHaveURL(/\/audit\/marketing\/campaign10-18$/);
  await expect(page.getByRole('heading', { name: 'Audit of marketing/campaign10-18/' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Audit breadcrumb' }).getByRole('link', { name: 'marketing' }).click();
  await expect(page).toHaveURL(/\/audit\/marketing$/);

  // the debian base layer is in every marketing image
  const web = seed.repositories['marketing/campaign10-18/web'];
  const base = web?.tags.v1?.layers?.[0];
  expect(base).toBeDefined();
  const shared = page.getByRole('table', { name: 'Shared layers' });
  await shared.getByRole('link', { name: `Users of layer ${base?.digest.slice(0, 19)}` }).click();
  await expect(page).toHaveURL(new RegExp(`/layers/${base?.digest}$`));
  const users = page.getByRole('table', { name: 'Images using this blob' });
  for (const repo of ['marketing/campaign10-18/web', 'marketing/campaign10-18/api', 'marketing/campaign10-18/email-sender']) {
    await expect(users.getByRole('rowheader', { name: repo })).not.toHaveCount(0);
  }
  await expect(users.getByRole('row').filter({ hasText: 'v10' })).toContainText('latest');
});

test('the layer page counts one image copied to another repository once', async ({ page, request, seed, rig }) => {
  const source = 'marketing/campaign10-18/email-sender';
  const record = seed.repositories[source]!.tags['latest']!;
  // The image's own layer (the base layer is shared by many): only this image uses it.
  const own = record.layers!.at(-1)!;
  // A repository of this test's own holds a copy of the same manifest under two tags.
  await copyImage(request, source, 'latest', 'edges2-copy/email-sender', 'copy', rig.registryUrl);
  await copyImage(request, source, 'latest', 'edges2-copy/email-sender', 'copy-too', rig.registryUrl);

  await page.goto('/audit');
  await crawlWholeRegistry(page);
  await page.goto(`/layers/${own.digest}`);
  const users = page.getByRole('table', { name: 'Images using this blob' });
  await expect(users.getByRole('rowheader', { name: 'edges2-copy/email-sender' })).toBeVisible();
  await expect(users.getByRole('rowheader', { name: source })).toBeVisible();
  await expect(page.getByText(/used by 1 image in 2 repositories/)).toBeVisible();
});
