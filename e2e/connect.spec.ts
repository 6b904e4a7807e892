// The Connect page (issue #7) on the shared rig: commands for its login server and a Docker
// config.json snippet that parses, with X-Meta-Source-Client from the ACR docs' tables or typed.
import { expect, test } from './fixtures.ts';

test('docker login, addresses and a config.json snippet that validates, with copy buttons', async ({ page, context, rig }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connect' }).click();
  await expect(page).toHaveURL(/\/connect$/);
  await expect(page.getByLabel('docker login command', { exact: true })).toHaveText(`docker login ${rig.loginServer}`);
  await page.getByRole('button', { name: 'Copy docker login command' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker login ${rig.loginServer}`);

  await page.getByRole('textbox', { name: 'Repository' }).fill('team/web');
  await page.getByRole('textbox', { name: 'Tag' }).fill('1.2');
  await expect(page.getByLabel('pull by tag command', { exact: true })).toHaveText(`docker pull ${rig.loginServer}/team/web:1.2`);
  await expect(page.getByLabel('pull by digest command', { exact: true })).toHaveText(`docker pull ${rig.loginServer}/team/web@sha256:<digest>`);

  const snippet = page.getByLabel('Docker config.json snippet', { exact: true });
  // The rig's login server is not Azure's: the X-Meta-Source-Client section starts closed.
  await expect(page.getByRole('combobox', { name: 'Cloud' })).toBeHidden();
  await page.getByText('Docker config.json with X-Meta-Source-Client').click();
  await page.getByRole('combobox', { name: 'Cloud' }).selectOption('azureusgov');
  await page.getByRole('combobox', { name: 'Service' }).selectOption('functions');
  const parsed = JSON.parse((await snippet.textContent()) ?? '') as { auths: Record<string, unknown>; HttpHeaders: Record<string, string> };
  expect(parsed).toEqual({ auths: { [rig.loginServer]: {} }, HttpHeaders: { 'X-Meta-Source-Client': 'azureusgov/functions' } });
  await page.getByRole('button', { name: 'Copy Docker config.json snippet' }).click();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(parsed);

  await page.getByRole('combobox', { name: 'Service' }).selectOption('other');
  const typed = page.getByRole('textbox', { name: 'X-Meta-Source-Client value' });
  await typed.fill('Azure/AKS');
  await expect(typed).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Use lowercase')).toBeVisible();
  await expect(snippet).toHaveCount(0);
  await typed.fill('azurestack/acr/connected-registry/site-7');
  await expect(typed).toHaveAttribute('aria-invalid', 'false');
  expect(JSON.parse((await snippet.textContent()) ?? '').HttpHeaders).toEqual({ 'X-Meta-Source-Client': 'azurestack/acr/connected-registry/site-7' });
});

test('storage used in this browser: browsing fills the image cache, Clear empties it', async ({ page }) => {
  const name = 'marketing/campaign10-18/web';
  await page.goto(`/r/${name}`);
  await expect(page).toHaveTitle(`${name} · Regatta`);
  // Every tag resolved: manifests and configs are on their way to IndexedDB.
  await expect(page.getByText(/^Resolved \d+ of \d+ tags$/)).toHaveCount(0);
  await expect(page.getByRole('table', { name: /^Tags of/ }).locator('time').first()).toBeVisible();

  // Writes to IndexedDB and their accounting are batched: stay on the page that wrote them until
  // the usage index (regatta-usage) counts image-cache entries, then open the Connect page.
  await expect
    .poll(() =>
      page.evaluate(
        async () =>
          // Opening a database that does not exist yet would create it without its store: look first.
          !(await indexedDB.databases()).some((db) => db.name === 'regatta-usage')
            ? 0
            : new Promise<number>((resolve) => {
                  const open = indexedDB.open('regatta-usage');
                  open.onerror = () => resolve(0);
                  open.onsuccess = () => {
                    const db = open.result;
                    if (!db.objectStoreNames.contains('entries')) return resolve(0);
                    const keys = db.transaction('entries').objectStore('entries').getAllKeys();
                    keys.onsuccess = () => resolve(keys.result.filter((key) => String(key).startsWith('["immutable"')).length);
                    keys.onerror = () => resolve(0);
                  };
                }),
      ),
    )
    .toBeGreaterThan(0);

  const table = page.getByRole('table', { name: 'Storage used per store' });
  const bytesOf = async (store: string) => Number(await table.getByRole('row', { name: new RegExp(`^${store}`) }).locator('[data-bytes]').getAttribute('data-bytes'));
  // The ledger's writes are batched too: reopen the page until both are counted.
  await expect
    .poll(async () => {
      await page.goto('/connect');
      await expect(table).toBeVisible();
      await expect(table.locator('[data-bytes]')).toHaveCount(3);
      return Math.min(await bytesOf('Image cache'), await bytesOf('Digest ledger'));
    })
    .toBeGreaterThan(0);
  await expect(page).toHaveTitle(/^Connect to .* · Regatta$/);

  await table.getByRole('button', { name: 'Clear Image cache' }).click();
  await expect.poll(() => bytesOf('Image cache')).toBe(0);
  expect(await bytesOf('Digest ledger')).toBeGreaterThan(0);
  // Gone from IndexedDB itself, not just from the count.
  const left = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('regatta-immutable');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('by-digest').objectStore('by-digest').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      }),
  );
  expect(left).toBe(0);
});
