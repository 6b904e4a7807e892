// A registry (or anything answering for it) naming another host in a Link header: the app must
// refuse to follow it, say which URL it refused, and never send a request there.
import { expect, test } from './fixtures.ts';
import { CatalogPage } from './pages/catalog-page.ts';

const FOREIGN = 'http://evil.invalid/v2/_catalog?last=x';

test('a catalog Link to another host is refused before any request goes there', async ({ page }) => {
  const foreignRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).hostname === 'evil.invalid') foreignRequests.push(request.url());
  });
  // The real registry's answer, with a Link pointing elsewhere.
  await page.route('**/v2/_catalog?*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), link: `<${FOREIGN}>; rel="next"` } });
  });

  const catalog = new CatalogPage(page);
  await catalog.goto();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(FOREIGN);
  await expect(alert).toContainText('URL_NOT_ALLOWED');
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(foreignRequests).toEqual([]);
});
