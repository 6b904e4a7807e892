// A registry on another origin than the UI: with the CORS headers the README lists it is browsable
// (connect-src allows its origin); without them the error names CORS and the fix.
import { freePort, prepareWww, startNginx, startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { rigDir } from './rig-env.ts';
import { join } from 'node:path';

const image = (key: string): ImageSpec => ({ kind: 'image', format: 'oci', created: '2026-03-01T10:00:00Z', layers: [{ key: `cors:${key}`, size: 2_000 }] });

/** The headers README's "Registry on another origin" lists, as distribution's `http.headers`. */
function corsHeaders(uiOrigin: string): Record<string, string[]> {
  return {
    'Access-Control-Allow-Origin': [uiOrigin],
    'Access-Control-Allow-Methods': ['HEAD, GET, OPTIONS, POST, PUT, PATCH, DELETE'],
    'Access-Control-Allow-Headers': ['Authorization, Accept, Content-Type, X-Meta-Source-Client'],
    'Access-Control-Expose-Headers': ['Docker-Content-Digest, Link, WWW-Authenticate, Location, Retry-After, OCI-Filters-Applied'],
  };
}

const rig = ownRig('cors');
let app = '';
const digests: Record<string, string> = {};

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const uiPort = await freePort();
  app = `http://127.0.0.1:${uiPort}`;
  const withCors = rig.add(await startRegistry({ dir: rig.path('with-cors'), headers: corsHeaders(app) }));
  const withoutCors = rig.add(await startRegistry({ dir: rig.path('without-cors') }));
  const record = await seedRegistry(withCors.url, {
    repositories: [{ name: 'far/app', pushes: [{ tags: ['v1'], artifact: image('v1') }, { tags: ['v2'], artifact: image('v2') }] }],
  });
  for (const [tag, { digest }] of Object.entries(record.repositories['far/app']!.tags)) digests[tag] = digest;
  await seedRegistry(withoutCors.url, { repositories: [{ name: 'near/app', pushes: [{ tags: ['n1'], artifact: image('n1') }] }] });

  const www = await prepareWww(join(rigDir, 'www'), rig.path('www'), {
    registries: [
      { name: 'far', url: withCors.url },
      { name: 'nocors', url: withoutCors.url },
    ],
  });
  rig.add(
    await startNginx({
      dir: rig.path('nginx'),
      wwwRoot: www,
      port: uiPort,
      // Same-origin /v2/ is unused here; connect-src is what start.mjs derives from such a config.
      registryUrl: withCors.url,
      connectSrc: `'self' ${withCors.url} ${withoutCors.url}`,
    }),
  );
});

test.afterAll(() => rig.close());

test('a registry on another origin that sends CORS headers: catalog and tags', async ({ page }) => {
  const crossOrigin: string[] = [];
  page.on('requestfinished', (request) => {
    if (new URL(request.url()).origin !== app) crossOrigin.push(request.url());
  });
  await page.goto(`${app}/`);
  await page.getByRole('tree', { name: 'Repositories' }).getByRole('link', { name: 'far/app', exact: true }).click();
  await expect(page).toHaveURL(`${app}/r/far/app`);
  const table = page.getByRole('table');
  for (const [tag, digest] of Object.entries(digests)) {
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
    await expect(row.locator(`a[title="${digest}"]`)).toBeVisible();
  }
  expect(crossOrigin.some((url) => url.includes('/v2/_catalog'))).toBe(true);
  expect(crossOrigin.some((url) => url.includes('/v2/far/app/tags/list'))).toBe(true);
});

test('a registry on another origin without CORS headers: the error names CORS and the fix', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${app}/@nocors/`);
  const alert = page.getByRole('alert').filter({ hasText: 'NETWORK_ERROR' });
  // A network failure may be transient: the query client retries it with backoff before showing it.
  await expect(alert).toContainText('CORS', { timeout: 60_000 });
  await expect(alert).toContainText('Access-Control-Allow-Origin');
  await expect(alert).toContainText('Access-Control-Expose-Headers (Docker-Content-Digest, Link, WWW-Authenticate');
  await expect(alert).toContainText('through a proxy');
});
