// The catalog against the real registry behind nginx: paged _catalog, namespace tree, filter.
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { CatalogPage } from './pages/catalog-page.ts';

/** What the registry lists right now (other specs push repositories of their own). */
async function registryCatalog(request: APIRequestContext): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = '/v2/_catalog?n=1000';
  while (next) {
    const response: APIResponse = await request.get(next);
    names.push(...((await response.json()) as { repositories: string[] }).repositories);
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers()['link'] ?? '')?.[1];
  }
  return names;
}

test('reads every catalog page and builds the namespace tree', async ({ page, request, seed }, testInfo) => {
  const catalogRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v2/_catalog')) catalogRequests.push(request.url());
  });
  const catalog = new CatalogPage(page);
  await catalog.goto();

  const names = await registryCatalog(request);
  for (const name of Object.keys(seed.repositories)) expect(names).toContain(name);
  await expect(catalog.status).toHaveText(`${names.length} repositories`);
  // The rig configures catalogPageSize 10: the page must have followed the Link header to the end.
  expect(catalogRequests.length).toBeGreaterThanOrEqual(Math.ceil(names.length / 10));
  expect(catalogRequests[0]).toContain('n=10');
  expect(catalogRequests.slice(1).every((url) => url.includes('last='))).toBe(true);

  await catalog.filter.fill('marketing/');
  const marketing = names.filter((name) => name.startsWith('marketing/')).length;
  await expect(catalog.item('marketing')).toHaveAccessibleName(`marketing, ${marketing} repositories`);
  await expect(catalog.repositoryLink('marketing/campaign10-18/web')).toBeVisible();
  await expect(catalog.repositoryLink('marketing/campaign10-18/api')).toBeVisible();
  await expect(catalog.repositoryLink('marketing/campaign10-18/email-sender')).toBeVisible();
  await catalog.tree.getByRole('button', { name: 'Collapse marketing/campaign10-18' }).click();
  await expect(catalog.repositoryLink('marketing/campaign10-18/web')).toHaveCount(0);
  await catalog.expandButton('marketing/campaign10-18').click();
  await expect(catalog.repositoryLink('marketing/campaign10-18/web')).toBeVisible();

  // A name that is both a repository and a namespace: a/b is a link and has a/b/c below it.
  await catalog.filter.fill('a/b');
  await expect(catalog.repositoryLink('a/b')).toBeVisible();
  await expect(catalog.repositoryLink('a/b/c')).toBeVisible();
  await expect(catalog.item('b')).toHaveAttribute('aria-expanded', 'true');

  await testInfo.attach('catalog', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await catalog.filter.fill('campaign10-18/web');
  await catalog.repositoryLink('marketing/campaign10-18/web').click();
  await expect(page).toHaveURL(/\/r\/marketing\/campaign10-18\/web$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('web');
});

test('the filter is case-insensitive, kept in the URL and shows ancestors of matches', async ({ page }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  await catalog.filter.fill('EMAIL');
  await expect(page).toHaveURL(/\?q=EMAIL/);
  await expect(catalog.repositoryLink('marketing/campaign10-18/email-sender')).toBeVisible();
  await expect(catalog.item('marketing')).toBeVisible();
  await expect(catalog.repositoryLink('acr-helloworld')).toHaveCount(0);

  // A deep link with ?q= restores the same view.
  await page.goto('/?q=helloworld');
  await expect(catalog.filter).toHaveValue('helloworld');
  await expect(catalog.repositoryLink('acr-helloworld')).toBeVisible();
  await expect(catalog.repositoryLink('marketing/campaign10-18/web')).toHaveCount(0);
});

test('a registry failure is shown where it happens, with status, code and a retry', async ({ page }) => {
  let failing = true;
  await page.route('**/v2/_catalog*', async (route) => {
    if (failing) {
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'service unavailable' }] }),
      });
    } else {
      await route.continue();
    }
  });
  const catalog = new CatalogPage(page);
  await catalog.goto();
  const alert = page.getByRole('alert');
  // The query client retries 5xx with backoff before giving up; allow for it.
  await expect(alert).toContainText('503', { timeout: 20_000 });
  await expect(alert).toContainText('UNAVAILABLE');
  await expect(alert).toContainText('service unavailable');

  failing = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(catalog.status).toHaveText(`${(await registryCatalog(page.request)).length} repositories`);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('Back from a repository restores the opened namespaces and the scroll offset of the tree', async ({ page, request }) => {
  const catalog = new CatalogPage(page);
  await catalog.goto();
  await expect(catalog.status).toHaveText(`${(await registryCatalog(request)).length} repositories`);

  // Open namespaces two levels deep, whatever the default for this catalog's size opened; bulk
  // (30 rows) last, so the others are in view while they are opened.
  const toggle = (verb: 'Expand' | 'Collapse', path: string) => catalog.tree.getByRole('button', { name: `${verb} ${path}`, exact: true });
  if (await toggle('Collapse', 'bulk').count()) await toggle('Collapse', 'bulk').click();
  for (const path of ['marketing', 'marketing/campaign10-18', 'a', 'a/b', 'bulk']) {
    if (await toggle('Expand', path).count()) await toggle('Expand', path).click();
    await expect(toggle('Collapse', path)).toBeAttached();
  }

  // Scroll down until the virtualized list renders the row, then bring it into view.
  const target = catalog.repositoryLink('bulk/repo-030');
  await expect
    .poll(async () => {
      if ((await target.count()) > 0) return true;
      await catalog.tree.evaluate((element) => element.scrollBy(0, 200));
      return false;
    })
    .toBe(true);
  await target.scrollIntoViewIfNeeded();
  const scrollTop = await catalog.tree.evaluate((element) => element.scrollTop);
  expect(scrollTop).toBeGreaterThan(0);
  await target.click();
  await expect(page).toHaveURL(/\/r\/bulk\/repo-030$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('bulk/repo-030');

  await page.goBack();
  await expect(catalog.tree).toBeVisible();
  await expect.poll(() => catalog.tree.evaluate((element) => element.scrollTop)).toBe(scrollTop);
  await expect(catalog.repositoryLink('bulk/repo-030')).toBeInViewport();
  await catalog.tree.evaluate((element) => element.scrollTo({ top: 0 }));
  await expect(catalog.item('b')).toHaveAttribute('aria-expanded', 'true');
  await catalog.tree.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(catalog.item('campaign10-18')).toHaveAttribute('aria-expanded', 'true');
  await expect(catalog.repositoryLink('marketing/campaign10-18/web')).toBeAttached();
});
