// Browsing changes nothing and sends nothing with a side effect: registry audit logs must not show
// deletes by people who only looked. The delete probe (a DELETE of a digest no manifest has) is
// sent once, when a user first opens a destructive dialog, and remembered for the session.
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const PROBE = /\/v2\/.+\/manifests\/sha256:f99b93f117806a593c0ad72f608cc8e3b2d93430a612ae74ac32f87ea4661f1e$/;
const WRITES = new Set(['DELETE', 'PUT', 'POST', 'PATCH']);

function recordWrites(page: Page): Request[] {
  const writes: Request[] = [];
  page.on('request', (request) => {
    if (WRITES.has(request.method())) writes.push(request);
  });
  return writes;
}

const describe = (requests: Request[]) => requests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`);

test('catalog, repository, manifest, orphans and audit pages send no write; Remove tag then probes exactly once', async ({ page, seed }) => {
  const writes = recordWrites(page);
  const name = 'marketing/campaign10-18/web';
  const tags = seed.repositories[name]!.tags;

  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: /\d+ repositories/ }).first()).toBeVisible();

  await page.goto(`/r/${name}`);
  // Every row resolved (its digest link shown), and its actions offered: nothing was asked yet.
  for (const [tag, record] of Object.entries(tags)) {
    const row = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
    await expect(row.locator(`[title="${record.size} bytes"]`)).toBeVisible({ timeout: 15_000 });
    await expect(row.locator(`a[href$="${record.digest}"]`)).toBeVisible();
  }
  const remove = page.getByRole('button', { name: 'Remove tag v1', exact: true });
  await expect(remove).toBeEnabled();

  await page.goto(`/r/${name}/-/manifest/v1`);
  await expect(page.getByText(tags.v1!.digest).first()).toBeVisible();

  await page.goto(`/r/${name}/-/orphans`);
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('region', { name: 'Scan result' })).toBeVisible({ timeout: 15_000 });

  await page.goto('/audit');
  await expect(page.getByText('Nothing crawled yet in this browser.')).toBeVisible();

  expect(describe(writes)).toEqual([]);

  // The first destructive dialog asks the registry once.
  await page.goto(`/r/${name}`);
  await page.getByRole('button', { name: 'Remove tag v1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove tag v1' });
  await expect(dialog.getByRole('button', { name: 'Remove tag' })).toBeVisible();
  await expect(dialog.getByText('Checking whether this registry allows deletes…')).toHaveCount(0);
  await expect.poll(() => writes.length).toBe(1);
  expect(writes[0]!.method()).toBe('DELETE');
  expect(writes[0]!.url()).toMatch(PROBE);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Remembered for the session: another dialog does not ask again.
  await page.getByRole('button', { name: 'Remove tag v2', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Remove tag v2' }).getByText(/The image stays|only tag of this image/).first()).toBeVisible();
  await page.getByRole('dialog', { name: 'Remove tag v2' }).getByRole('button', { name: 'Cancel' }).click();
  expect(describe(writes)).toEqual([`DELETE ${new URL(writes[0]!.url()).pathname}`]);
});
