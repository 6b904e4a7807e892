// Comparing two seeded images on the real registry: shared and distinct layers as the seeder pushed them.
import { expect, test } from './fixtures.ts';
import { exactBytes, ManifestPage } from './pages/manifest-page.ts';

function layerGroup(page: import('@playwright/test').Page, title: string) {
  return page.getByRole('table', { name: new RegExp(`^${title} \\(`) });
}

async function digestsIn(table: import('@playwright/test').Locator): Promise<string[]> {
  return table.locator('tbody code').allTextContents();
}

test('two versions of an image: shared base layers, one app layer each, size delta and config changes', async ({ page, seed }) => {
  const name = 'marketing/campaign10-18/web';
  const v1 = seed.repositories[name]!.tags.v1!;
  const v2 = seed.repositories[name]!.tags.v2!;
  const inspector = new ManifestPage(page);
  await inspector.goto(name, 'v1');
  await page.getByRole('link', { name: 'Compare with…' }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${name}/-/diff/v1\\.\\.`));
  await page.getByLabel('Image B').selectOption('v2');
  await expect(page).toHaveURL(new RegExp(`/r/${name}/-/diff/v1\\.\\.v2$`));

  const inV2 = new Set(v2.layers!.map((l) => l.digest));
  const inV1 = new Set(v1.layers!.map((l) => l.digest));
  const shared = v1.layers!.filter((l) => inV2.has(l.digest)).map((l) => l.digest);
  const onlyA = v1.layers!.filter((l) => !inV2.has(l.digest)).map((l) => l.digest);
  const onlyB = v2.layers!.filter((l) => !inV1.has(l.digest)).map((l) => l.digest);
  expect(shared).toHaveLength(2);
  expect(onlyA).toHaveLength(1);
  expect(onlyB).toHaveLength(1);

  await expect(layerGroup(page, 'Shared')).toBeVisible();
  expect(await digestsIn(layerGroup(page, 'Shared'))).toEqual(shared);
  expect(await digestsIn(layerGroup(page, 'Only in A'))).toEqual(onlyA);
  expect(await digestsIn(layerGroup(page, 'Only in B'))).toEqual(onlyB);

  const delta = v2.size - v1.size;
  await expect(page.getByTestId('size-delta')).toContainText(`${delta >= 0 ? '+' : '−'}${exactBytes(Math.abs(delta))}`);

  const changes = page.getByRole('table', { name: 'Configuration differences' });
  await expect(changes.getByRole('row').filter({ hasText: 'APP_VERSION' })).toContainText('v1');
  await expect(changes.getByRole('row').filter({ hasText: 'APP_VERSION' })).toContainText('v2');
  await expect(changes.getByRole('row').filter({ hasText: 'org.opencontainers.image.version' })).toContainText('web:v2');

  await page.getByRole('button', { name: 'Swap A and B' }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${name}/-/diff/v2\\.\\.v1$`));
  await expect.poll(() => digestsIn(layerGroup(page, 'Only in A'))).toEqual(onlyB);
});

test('images of different lineage share only their base layer', async ({ page, seed }) => {
  const name = 'acr-helloworld';
  const v1 = seed.repositories[name]!.tags.v1!;
  const v2 = seed.repositories[name]!.tags.v2!;
  await page.goto(`/r/${name}/-/diff/v1..v2`);
  await expect(layerGroup(page, 'Shared')).toBeVisible();
  expect(await digestsIn(layerGroup(page, 'Shared'))).toEqual([v1.layers![0]!.digest]);
  expect(await digestsIn(layerGroup(page, 'Only in A'))).toEqual([v1.layers![1]!.digest]);
  expect(await digestsIn(layerGroup(page, 'Only in B'))).toEqual([v2.layers![1]!.digest]);
  expect(v2.layers![0]!.digest).toBe(v1.layers![0]!.digest);
});

test('an index compares one platform at a time', async ({ page, seed }) => {
  const name = 'samples/multiarch';
  const platforms = seed.repositories[name]!.tags['1.0']!.platforms!;
  const amd = platforms.find((p) => p.os === 'linux' && p.architecture === 'amd64')!;
  const arm = platforms.find((p) => p.architecture === 'arm64')!;
  await page.goto(`/r/${name}/-/diff/1.0..${arm.digest}`);
  await expect(page.getByLabel('Platform of A')).toHaveValue('linux/amd64');
  const changes = page.getByRole('table', { name: 'Configuration differences' });
  await expect(changes.getByRole('row').filter({ hasText: 'Platform' })).toContainText('linux/arm64/v8');
  const delta = arm.size - amd.size;
  await expect(page.getByTestId('size-delta')).toContainText(delta === 0 ? 'no change' : `${delta > 0 ? '+' : '−'}${exactBytes(Math.abs(delta))}`);
  await page.getByLabel('Platform of A').selectOption('linux/arm64/v8');
  await expect(page.getByTestId('size-delta')).toHaveText('no change');
});
