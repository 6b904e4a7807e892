// deploy/nginx.conf as shipped, without a config.json next to index.html: the app falls back to one
// registry at this origin, and the build's precompressed files are served by gzip_static.
import { expect, test } from './fixtures.ts';
import { rawGet } from './raw-http.ts';
import { ownRig } from './own-rig.ts';
import { CatalogPage } from './pages/catalog-page.ts';

const rig = ownRig('deploy');
let app = '';

test.beforeAll(async ({ rig: env }) => {
  await rig.open();
  app = await rig.serveApp('noconfig', undefined, { registryUrl: env.registryUrl });
});

test.afterAll(() => rig.close());

test('without config.json: /config.json is a 404 and the app browses the registry at its own origin', async ({ page, seed }) => {
  const config = await rawGet(`${app}/config.json`);
  expect(config.status).toBe(404);
  expect(config.body.toString()).not.toContain('id="root"');

  await page.goto(`${app}/`);
  const catalog = new CatalogPage(page);
  await expect(catalog.status).toHaveText(/^\d+ repositories$/);
  expect(seed.repositories['acr-helloworld']).toBeDefined();
  await expect(catalog.repositoryLink('acr-helloworld')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('gzip_static: a JS asset comes as the build wrote it, with a Content-Length', async () => {
  const index = (await rawGet(`${app}/`)).body.toString();
  const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(index)![1]!;
  const answer = await rawGet(`${app}${entry}`, { 'accept-encoding': 'gzip' });
  expect(answer.headers['content-encoding']).toBe('gzip');
  // Compressed on the fly nginx streams chunked; from the .gz file it knows the length.
  expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
  expect(answer.headers.vary).toBe('Accept-Encoding');
  expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
});
