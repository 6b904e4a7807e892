// Two REAL registries in one app (issue #7): "main" (htpasswd) proxied at /v2/ and "second"
// (anonymous) proxied at /second/v2/ on the same origin (config url "/second"). The registry is in
// the URL: main keeps the plain paths, second lives under /@second/.
import { createAuthFetch, writeHtpasswd } from '../scripts/registry-auth.ts';
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';

const image = (key: string): ImageSpec => ({ kind: 'image', format: 'oci', created: '2026-03-01T10:00:00Z', layers: [{ key: `multi:${key}`, size: 3_000 }] });

const rig = ownRig('multi');
let app = '';

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const htpasswd = rig.path('htpasswd');
  await writeHtpasswd(htpasswd, { alice: 'wonderland' });
  const main = rig.add(await startRegistry({ dir: rig.path('main'), auth: { htpasswd: { realm: 'main', path: htpasswd } } }));
  const second = rig.add(await startRegistry({ dir: rig.path('second') }));
  await seedRegistry(main.url, { repositories: [{ name: 'alpha/app', pushes: [{ tags: ['a1'], artifact: image('a1') }, { tags: ['a2'], artifact: image('a2') }] }] }, { fetch: createAuthFetch({ username: 'alice', password: 'wonderland' }) });
  await seedRegistry(second.url, { repositories: [{ name: 'beta/app', pushes: [{ tags: ['b1'], artifact: image('b1') }] }] });
  app = await rig.serveApp(
    'multi',
    {
      registries: [
        { name: 'main', url: '', loginServer: 'main.example.test' },
        { name: 'second', url: '/second', loginServer: 'second.example.test' },
      ],
    },
    { registryUrl: main.url, extraRegistries: [{ prefix: '/second', url: second.url }] },
  );
});

test.afterAll(() => rig.close());

test('switching keeps credentials and caches separate, and back-switch needs no new sign-in', async ({ page }) => {
  const sentToSecond: (string | undefined)[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/second/v2/')) sentToSecond.push(request.headers().authorization);
  });
  await page.goto(`${app}/`);
  const form = page.getByRole('form', { name: 'Sign in to main' });
  await form.getByLabel('Username').fill('alice');
  await form.getByLabel('Password').fill('wonderland');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'alpha/app' }).click();
  await expect(page.getByRole('link', { name: 'a2', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'a1', exact: true })).toBeVisible();

  const registry = page.getByRole('combobox', { name: 'Registry' });
  await registry.selectOption('second');
  await expect(page).toHaveURL(`${app}/@second/`);
  await page.getByRole('link', { name: 'beta/app' }).click();
  await expect(page).toHaveURL(`${app}/@second/r/beta/app`);
  await expect(page.getByRole('link', { name: 'b1', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'a1', exact: true })).toHaveCount(0);
  // second is anonymous: nobody is signed in there, main's credentials never went to it, and
  // second never asked for any, so it offers no "Sign in".
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
  expect(sentToSecond.length).toBeGreaterThan(0);
  expect(sentToSecond.every((authorization) => authorization === undefined)).toBe(true);

  // Back to main: still signed in, catalog from before, no form.
  await registry.selectOption('main');
  await expect(page).toHaveURL(`${app}/`);
  await expect(page.getByText('Signed in as alice')).toBeVisible();
  await expect(page.getByRole('link', { name: 'alpha/app' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'beta/app' })).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Sign in to main' })).toHaveCount(0);

  // The browser's back button returns to second's page.
  await page.goBack();
  await expect(page).toHaveURL(`${app}/@second/r/beta/app`);
  await expect(page.getByRole('link', { name: 'b1', exact: true })).toBeVisible();
  await expect(registry).toHaveValue('1');
});

test('deep links name the registry; an unknown one lists those configured', async ({ page }) => {
  await page.goto(`${app}/@second/r/beta/app`);
  await expect(page.getByRole('link', { name: 'b1', exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Registry' })).toHaveValue('1');

  await page.goto(`${app}/@second/connect`);
  await expect(page.getByLabel('docker login command', { exact: true })).toHaveText('docker login second.example.test');

  await page.goto(`${app}/@nope/r/beta/app`);
  await expect(page.getByRole('heading', { name: 'No registry named “nope”' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Configured registries' });
  await expect(list.getByRole('link')).toHaveText(['main', 'second']);
  await list.getByRole('link', { name: 'second' }).click();
  await expect(page).toHaveURL(`${app}/@second/`);
  await expect(page.getByRole('link', { name: 'beta/app' })).toBeVisible();
});
