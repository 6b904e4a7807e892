// A tab opened before the portal was redeployed: the chunks it has not loaded yet are gone from the
// server (new hashes), as nginx answers for a file it no longer has. The page must say so and offer
// a reload, keep what it shows, and change nothing in the registry.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { RepositoryPage } from './pages/repository-page.ts';

async function redeploy(page: Page, chunks: string[]): Promise<string[]> {
  const refused: string[] = [];
  await page.route(new RegExp(`/assets/(${chunks.join('|')})-[\\w-]+\\.js$`), async (route) => {
    refused.push(new URL(route.request().url()).pathname);
    await route.fulfill({ status: 404, contentType: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>' });
  });
  return refused;
}

test('a redeployed portal: a dialog, a menu and a page whose code is gone say so and reload; the table stays and nothing is changed', async ({ page, seed }) => {
  const name = 'marketing/campaign10-18/web';
  const tags = Object.keys(seed.repositories[name]!.tags);
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  await expect(repo.tagCount).toHaveText(new RegExp(`${tags.length} tags`));
  const registryWrites: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v2/') && !['GET', 'HEAD'].includes(request.method())) registryWrites.push(`${request.method()} ${request.url()}`);
  });

  const refused = await redeploy(page, ['tag-action-dialog', 'menu-radix', 'audit-page']);

  // The row's Remove tag: its dialog cannot be downloaded.
  await repo.row('v1').getByRole('button', { name: 'Remove tag v1' }).click();
  const notice = page.getByRole('dialog', { name: 'The dialog could not be opened' });
  await expect(notice.getByRole('alert')).toContainText('Part of Regatta could not be downloaded');
  await expect(notice.getByRole('button', { name: 'Reload page' })).toBeVisible();
  await expect(repo.row('v1')).toBeVisible();
  await notice.getByRole('button', { name: 'Close' }).click();
  await expect(notice).toHaveCount(0);

  // The row's menu: a toast says why it does not open.
  await repo.row('v2').getByRole('button', { name: 'More actions for v2' }).click();
  await expect(page.getByText(/The menu could not be opened: part of Regatta could not be downloaded/).first()).toBeVisible();
  await expect(page.getByRole('menu')).toHaveCount(0);

  // Another page: the layout stays, the page says why and offers a reload.
  await page.getByRole('link', { name: 'Audit' }).click();
  const failure = page.getByRole('main').getByRole('alert');
  await expect(failure).toContainText('Part of Regatta could not be downloaded');
  await expect(page.getByRole('link', { name: 'Audit' })).toBeVisible();
  expect(refused.some((path) => path.includes('/audit-page-'))).toBe(true);
  expect(refused.some((path) => path.includes('/tag-action-dialog-'))).toBe(true);

  // The new version is in place: the reload brings the page.
  await page.unrouteAll();
  await failure.getByRole('button', { name: 'Reload page' }).click();
  await expect(page.getByRole('heading', { name: 'Audit', exact: true })).toBeVisible();
  expect(registryWrites).toEqual([]);
});
