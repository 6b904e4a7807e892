// Microsoft Entra ID sign-in, end to end: oidc-provider stands in for Entra ID (scripts/entra-idp.ts,
// https with a certificate made for this run), the ACR emulator (scripts/acr-emulator.ts) in front of
// a REAL distribution registry verifies the provider's access token at /oauth2/exchange (JWKS, iss,
// aud, exp), and nginx renders deploy/nginx.conf in front of the emulator. The browser runs MSAL's
// authorization code flow with PKCE by redirect, fills the provider's login form, and comes back
// signed in: everything after that goes through the app's origin only.
import type { Page } from '@playwright/test';
import { startAcrEmulator, type AcrEmulator } from '../scripts/acr-emulator.ts';
import { startEntraIdp, type EntraIdp } from '../scripts/entra-idp.ts';
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { plannedDeletes, startDryRun } from './pages/cleanup-page.ts';

// The provider's certificate was made for this run.
test.use({ ignoreHTTPSErrors: true });

const ACR_AUDIENCE = 'https://containerregistry.azure.net';
const CLIENT_ID = '5e1f0c2a-7d3b-4c6e-9a8f-0b1c2d3e4f50';
const TENANT = 'stand-in-tenant';

const image = (key: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: '2026-03-01T10:00:00Z',
  layers: [
    { key: 'acr-entra-e2e:base', size: 16_000 },
    { key: `acr-entra-e2e:${key}`, size: 4_000 },
  ],
});

const rig = ownRig('acr-entra');
let app = '';
let idp: EntraIdp;
let emulator: AcrEmulator;
let registryUrl = '';
let seed: SeedRecord;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry') }));
  registryUrl = registry.url;
  seed = await seedRegistry(registryUrl, {
    repositories: [
      // v1 pushed twice: the first is an orphan only ACR's _manifests lists.
      { name: 'shop/api', pushes: [{ tags: ['v1'], artifact: image('api-v1') }, { tags: ['v2'], artifact: image('api-v2') }, { tags: ['v1'], artifact: image('api-v1b') }] },
      { name: 'shop/web', pushes: [{ tags: ['w1'], artifact: image('web-1') }, { tags: ['w1'], artifact: image('web-1b') }] },
      { name: 'shop/old', pushes: ['old1', 'old2', 'old3', 'keep1'].map((tag) => ({ tags: [tag], artifact: image(tag) })) },
    ],
  });
  idp = rig.add(await startEntraIdp({ dir: rig.path(), tenant: TENANT }));
  emulator = rig.add(
    await startAcrEmulator({
      registryUrl,
      storageDir: rig.path('registry', 'data'),
      users: { admin: { password: 'not-used-here', repositories: '*', catalog: true } },
      // Ada's role assignment on the registry: the emulator's admin rights.
      entra: { issuer: idp.issuer, audience: ACR_AUDIENCE, jwksUri: idp.jwksUri, ca: idp.ca, users: { 'ada-object-id': 'admin' } },
    }),
  );
  for (const tag of ['old1', 'old2', 'old3']) {
    const digest = seed.repositories['shop/old']!.tags[tag]!.digest;
    emulator.setManifestTimes('shop/old', digest, { createdTime: '2025-01-01T00:00:00Z', lastUpdateTime: '2025-01-01T00:00:00Z' });
    emulator.setTagTimes('shop/old', tag, { createdTime: '2025-01-01T00:00:00Z', lastUpdateTime: '2025-01-01T00:00:00Z' });
  }
  app = await rig.serveApp(
    'acr-entra',
    { registries: [{ name: 'acr', url: '', upstream: emulator.url, loginServer: 'acr-entra-e2e.example.test', entra: { clientId: CLIENT_ID, tenantId: TENANT, authority: idp.issuer } }] },
    // The page may talk to the identity provider (discovery, token endpoint), as npm start's CSP allows for an entra block.
    { registryUrl: emulator.url, connectSrc: `'self' ${new URL(idp.issuer).origin}` },
  );
  // The SPA platform's redirect URI: the app's own root.
  idp.configure({
    clientId: CLIENT_ID,
    redirectUris: [`${app}/`],
    audience: ACR_AUDIENCE,
    scope: `${ACR_AUDIENCE}/.default`,
    users: {
      'ada-object-id': { email: 'ada@contoso.test', password: 'ada-pw', name: 'Ada' },
      'eve-object-id': { email: 'eve@contoso.test', password: 'eve-pw', name: 'Eve' },
    },
  });
});

test.afterAll(() => rig.close());

/** Only the app and the identity provider, both on loopback: anything else is refused, and recorded. */
function loopbackOnly(page: Page): string[] {
  const outside: string[] = [];
  void page.route(/^(?!https?:\/\/127\.0\.0\.1[:/])/, (route) => {
    outside.push(route.request().url());
    return route.abort();
  });
  return outside;
}

async function signInWithEntra(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }).click();
  await page.waitForURL(`${idp.issuer}/**`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** tag → digest of every tag of a repository, as the real registry has it. */
async function tagState(repository: string): Promise<Record<string, string>> {
  const tags = ((await (await fetch(`${registryUrl}/v2/${repository}/tags/list`)).json()) as { tags: string[] | null }).tags ?? [];
  const state: Record<string, string> = {};
  for (const tag of tags) {
    const head = await fetch(`${registryUrl}/v2/${repository}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    state[tag] = head.headers.get('Docker-Content-Digest') ?? '';
  }
  return state;
}

test('Entra sign-in through the stand-in provider, then browse, orphans with locks, cleanup dry run = run, and a locked manifest refused', async ({ page }) => {
  test.setTimeout(180_000);
  const outside = loopbackOnly(page);
  const appRequests: string[] = [];
  page.on('request', (request) => appRequests.push(request.url()));

  await page.goto(`${app}/`);
  await expect(page.getByRole('form', { name: 'Sign in to acr' })).toBeVisible();
  await signInWithEntra(page, 'ada@contoso.test', 'ada-pw');
  // Back from the provider: the code is redeemed with its PKCE verifier, the token exchanged.
  await expect(page.getByRole('tree', { name: 'Repositories' }).getByRole('link', { name: 'shop/api', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Signed in as ada@contoso.test')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  const authorize = appRequests.find((url) => url.startsWith(`${idp.issuer}/auth?`));
  expect(authorize).toBeDefined();
  const params = new URL(authorize!).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('redirect_uri')).toBe(`${app}/`);
  expect(params.get('scope')).toContain(`${ACR_AUDIENCE}/.default`);
  expect(appRequests.some((url) => url === `${app}/oauth2/exchange`)).toBe(true);
  expect(emulator.requests.some((r) => r.method === 'POST' && r.path === '/oauth2/exchange')).toBe(true);
  expect(emulator.requests.some((r) => r.path.startsWith('/v2/_catalog') && r.user === 'admin')).toBe(true);

  // Browse.
  await page.getByRole('tree', { name: 'Repositories' }).getByRole('link', { name: 'shop/api', exact: true }).click();
  for (const tag of ['v1', 'v2']) {
    const row = page.getByRole('table').getByRole('row').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
    await expect(row.locator(`a[title="${seed.repositories['shop/api']!.tags[tag]!.digest}"]`)).toBeVisible();
  }

  // Orphans with locks (a reload: the session kept in this tab goes on).
  await page.goto(`${app}/r/shop/api/-/orphans`);
  await expect(page.getByRole('region', { name: 'Source' })).toContainText('Source: ACR manifest API');
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scanned' })).toContainText('1 untagged manifest found.');
  const orphan = seed.repositories['shop/api']!.orphans[0]!.digest;
  const orphanRow = page.getByRole('row', { name: `shop/api@${orphan}` });
  await orphanRow.getByRole('button', { name: 'Lock' }).click();
  await expect(orphanRow).toContainText('Locked — unlock to delete');
  expect(emulator.requests.some((r) => r.method === 'PATCH' && r.path === `/acr/v1/shop/api/_manifests/${orphan}` && r.user === 'admin')).toBe(true);

  // Cleanup: the run deletes exactly what the dry run listed.
  const before = await tagState('shop/old');
  await page.goto(`${app}/cleanup`);
  await expect(page.getByText('Source: ACR manifest API')).toBeVisible();
  await startDryRun(page, { repository: 'shop/old', tag: 'old[0-9]+', olderThanDays: 30, keepNewest: 0 });
  const plan = page.getByRole('region', { name: 'Plan for shop/old' });
  await expect(plan).toBeVisible({ timeout: 30_000 });
  const planned = await plannedDeletes(plan);
  expect(planned.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: `Run (${planned.length} operations)` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  await expect(page.getByRole('region', { name: 'Run report' }).getByRole('status')).toContainText(`${planned.length} done`, { timeout: 30_000 });
  const after = await tagState('shop/old');
  const expected = Object.fromEntries(Object.entries(before).filter(([, digest]) => !planned.includes(digest)));
  expect(after).toEqual(expected);
  expect(Object.keys(after)).toEqual(['keep1']);

  // A manifest locked behind the portal's back (another admin): its delete is refused, with why.
  await page.goto(`${app}/r/shop/web/-/orphans`);
  await page.getByRole('button', { name: 'Scan repository' }).click();
  const webOrphan = seed.repositories['shop/web']!.orphans[0]!.digest;
  const webRow = page.getByRole('row', { name: `shop/web@${webOrphan}` });
  await expect(webRow.getByRole('button', { name: 'Lock' })).toBeVisible();
  emulator.setManifestAttributes('shop/web', webOrphan, { deleteEnabled: false, writeEnabled: false });
  await webRow.getByRole('button', { name: /^Delete / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete manifest' }).click();
  await expect(page.getByRole('region', { name: 'Deletion report' })).toContainText(
    `shop/web@${webOrphan}: skipped-locked — Locked: the registry refused (405 REGISTRY_DISALLOWED_OPERATION: The operation is disallowed on this registry, repository or image.).`,
  );
  expect((await fetch(`${registryUrl}/v2/shop/web/manifests/${webOrphan}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } })).status).toBe(200);

  // Everything but the provider's pages went through the app's origin; nothing left loopback.
  expect(appRequests.filter((url) => !url.startsWith(`${app}/`) && !url.startsWith(`${idp.issuer}/`))).toEqual([]);
  expect(outside).toEqual([]);
});

test('sign out clears MSAL\'s cache; a user without a role on the registry is refused with the reason', async ({ page }) => {
  loopbackOnly(page);
  await page.goto(`${app}/`);
  await signInWithEntra(page, 'ada@contoso.test', 'ada-pw');
  await expect(page.getByText('Signed in as ada@contoso.test')).toBeVisible({ timeout: 30_000 });
  const msalKeys = () => page.evaluate((clientId) => Object.keys(sessionStorage).filter((key) => key.includes(clientId) || key.startsWith('msal.')), CLIENT_ID);
  expect((await msalKeys()).length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in to acr' })).toBeVisible();
  await expect.poll(async () => (await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('regatta.credentials')))).length).toBe(0);
  await expect.poll(async () => (await page.evaluate((clientId) => Object.entries(sessionStorage).filter(([key, value]) => key.includes(clientId) && value.includes('"credentialType"')), CLIENT_ID)).length).toBe(0);

  // Eve signs in at the provider (fresh login: the provider's session is Ada's, so a new context).
  const eve = await page.context().browser()!.newContext({ ignoreHTTPSErrors: true });
  const evePage = await eve.newPage();
  loopbackOnly(evePage);
  await evePage.goto(`${app}/`);
  await signInWithEntra(evePage, 'eve@contoso.test', 'eve-pw');
  await expect(evePage.getByRole('alert').filter({ hasText: 'Entra ID sign-in failed' })).toContainText('the AAD access token was refused: eve-object-id has no role on this registry', { timeout: 30_000 });
  await expect(evePage.getByText('Signed in as')).toHaveCount(0);
  await expect(evePage.getByRole('form', { name: 'Sign in to acr' })).toBeVisible();
  await eve.close();
});
