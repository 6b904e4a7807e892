// The portal opened over plain http at a name that is not localhost: no secure context, so no
// crypto.subtle, crypto.randomUUID or navigator.clipboard. Chromium resolves regatta.test to the
// rig's nginx (127.0.0.1; deploy/nginx.conf's `server_name _` is the only, default, server).
import { expect, test } from './fixtures.ts';
import { ManifestPage } from './pages/manifest-page.ts';
import { RepositoryPage } from './pages/repository-page.ts';
import config from '../playwright.config.ts';

const chromiumArgs = config.projects?.[0]?.use?.launchOptions?.args ?? [];
test.use({
  launchOptions: { executablePath: '/usr/bin/chromium', args: [...chromiumArgs, '--host-resolver-rules=MAP regatta.test 127.0.0.1'] },
});

test('at http://regatta.test every tag resolves, the manifest digest verifies and copy works', async ({ page, seed, rig }) => {
  const insecureOrigin = `http://regatta.test:${new URL(rig.baseURL).port}`;
  const name = 'marketing/campaign10-18/web';
  const tags = seed.repositories[name]!.tags;
  await page.goto(`${insecureOrigin}/r/${name}`);

  // The premise: what the browser withholds from this origin.
  expect(await page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof crypto.subtle, clipboard: typeof navigator.clipboard }))).toEqual({
    secure: false,
    subtle: 'undefined',
    clipboard: 'undefined',
  });

  const repo = new RepositoryPage(page);
  await expect(repo.tagCount).toHaveText(new RegExp(`${Object.keys(tags).length} tags`));
  for (const [tag, record] of Object.entries(tags)) {
    const row = repo.row(tag);
    await expect(row.locator(`a[title="${record.digest}"]`)).toBeVisible();
    await expect(row.locator(`[title="${record.size} bytes"]`)).toBeVisible();
    await expect(row).not.toContainText('Error');
  }

  // Copy without the Clipboard API: the pasted text is what the button copied.
  await repo.row('v1').getByRole('button', { name: 'Copy pull command for v1' }).click();
  await expect(repo.row('v1').getByRole('button', { name: 'Copy pull command for v1' })).toHaveText('Copied');
  await page.evaluate(() => {
    const input = document.createElement('textarea');
    input.setAttribute('aria-label', 'paste target');
    document.body.append(input);
  });
  const target = page.getByRole('textbox', { name: 'paste target' });
  await target.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(target).toHaveValue(`docker pull ${rig.loginServer}/${name}:v1`);

  const record = tags.v1!;
  const inspector = new ManifestPage(page);
  await page.goto(`${insecureOrigin}/r/${name}/-/manifest/v1`);
  await expect(inspector.digest).toHaveText(record.digest);
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
  await expect(inspector.raw.getByRole('status')).toContainText(record.digest);
  await inspector.raw.getByRole('button', { name: 'Config' }).click();
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
