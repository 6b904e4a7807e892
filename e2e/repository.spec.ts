// The tag table against the real registry behind nginx: figures must equal what the seeder pushed.
import { expect, test } from './fixtures.ts';
import { RepositoryPage } from './pages/repository-page.ts';
import { pushBlobOnly } from './registry-api.ts';

test('every tag shows the digest, pull size and date the seeder pushed', async ({ page, seed, rig }, testInfo) => {
  const name = 'marketing/campaign10-18/web';
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('web');

  const tags = seed.repositories[name]!.tags;
  await expect(repo.tagCount).toHaveText(new RegExp(`${Object.keys(tags).length} tags`));
  for (const [tag, record] of Object.entries(tags)) {
    const row = repo.row(tag);
    await expect(row.locator(`[title="${record.size} bytes"]`)).toBeVisible();
    await expect(row.locator(`a[title="${record.digest}"]`)).toBeVisible();
    await expect(row.locator('time')).toHaveAttribute('datetime', new Date(record.created).toISOString());
    expect(await repo.sizesIn(row)).toEqual([record.size]);
    await expect(row.getByRole('button', { name: `Copy pull command for ${tag}` })).toHaveAttribute(
      'title',
      `docker pull ${rig.loginServer}/${name}:${tag}`,
    );
    await expect(row.getByRole('button', { name: `Copy pull command by digest for ${tag}` })).toHaveAttribute(
      'title',
      `docker pull ${rig.loginServer}/${name}@${record.digest}`,
    );
  }

  // latest and v10 are one image: both rows say so.
  await expect(repo.row('latest')).toContainText(/same image|×2/);
  await expect(repo.row('v10')).toContainText(/same image|×2/);
  await expect(repo.row('v1')).not.toContainText(/same image|×2/);

  // Natural order: v2 before v10.
  const order = await repo.tagOrder();
  expect(order.indexOf('v2')).toBeLessThan(order.indexOf('v10'));
  await page.getByRole('button', { name: 'Sort by Size' }).click();
  await expect(page).toHaveURL(/sort=/);
  const bySize = await repo.tagOrder();
  const sizes = bySize.map((tag) => tags[tag]!.size);
  expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);

  await testInfo.attach('repository', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('one manifest and one config fetch per distinct digest, never per tag', async ({ page, seed }) => {
  const name = 'acr-helloworld';
  const manifestGets: string[] = [];
  const blobGets: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (request.method() === 'GET' && url.includes(`/v2/${name}/manifests/`)) manifestGets.push(url);
    if (request.method() === 'GET' && url.includes(`/v2/${name}/blobs/`)) blobGets.push(url);
  });
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  const tags = seed.repositories[name]!.tags;
  for (const [tag, record] of Object.entries(tags)) {
    await expect(repo.row(tag).locator(`[title="${record.size} bytes"]`)).toBeVisible();
  }
  const distinct = new Set(Object.values(tags).map((record) => record.digest));
  expect(distinct.size).toBeLessThan(Object.keys(tags).length);
  expect(manifestGets.length).toBeLessThanOrEqual(distinct.size);
  expect(blobGets.length).toBe(distinct.size);
});

test('a multi-arch index shows each platform with its own size', async ({ page, seed }) => {
  const name = 'samples/multiarch';
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  const [tag, record] = Object.entries(seed.repositories[name]!.tags)[0]!;
  const row = repo.row(tag);
  const platforms = record.platforms ?? [];
  expect(platforms.length).toBe(3);
  for (const platform of platforms) {
    const label = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    await expect(row.getByRole('listitem').filter({ hasText: label }).locator(`[title="${platform.size} bytes"]`)).toBeVisible();
  }
});

test('a repository whose last image was deleted says it has no tags', async ({ page }) => {
  await new RepositoryPage(page).goto('emptied/repo');
  await expect(page.getByText('This repository has no tags.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('an unknown repository gets a clear not-found page', async ({ page }) => {
  await new RepositoryPage(page).goto('no/such/repository');
  await expect(page.getByRole('heading', { name: /Repository not found/ })).toBeVisible();
  await expect(page.getByText('no/such/repository').first()).toBeVisible();
  await page.getByRole('link', { name: /catalog|repositories/i }).first().click();
  await expect(page).toHaveURL(/\/$/);
});

test('a repository that only received a blob is listed but holds no manifests, not "not found"', async ({ page, request, rig }) => {
  // A name of this test's own: no other spec reads it.
  const name = 'edges2/blob-only';
  await pushBlobOnly(request, name, Buffer.from(`only a blob ${Date.now()}`), rig.registryUrl);
  const tagsList = await request.get(`${rig.registryUrl}/v2/${name}/tags/list`);
  expect(tagsList.status()).toBe(404);
  expect(((await tagsList.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('NAME_UNKNOWN');

  await new RepositoryPage(page).goto(name);
  await expect(page.getByText('Listed by the registry but holds no manifests.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('heading', { name: /Repository not found/ })).toHaveCount(0);
});

test('the repository page links to its untagged manifests', async ({ page }) => {
  await new RepositoryPage(page).goto('acr-helloworld');
  await page.getByRole('link', { name: 'Untagged manifests (orphans)' }).click();
  await expect(page).toHaveURL(/\/r\/acr-helloworld\/-\/orphans$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('an invalid repository name is refused before any request is sent', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v2/Bad')) sent.push(request.url());
  });
  await new RepositoryPage(page).goto('Bad/Name');
  await expect(page.getByRole('heading', { name: /Repository not found/ })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(/not a valid repository name|invalid/i);
  expect(sent).toEqual([]);
});
