// Azure Container Registry, end to end: the ACR emulator (scripts/acr-emulator.ts, written from the
// 2021-07-01 data-plane spec) in front of a REAL distribution registry, and nginx rendering
// deploy/nginx.conf in front of the emulator. The emulator challenges like ACR, with the realm on
// its own origin (http://127.0.0.1:<emulator>/oauth2/token): config.json names it as `upstream`,
// so the app asks for tokens through nginx's /oauth2/ and the browser talks to nothing but the app.
import { generateKeyPairSync, sign } from 'node:crypto';
import type { Page } from '@playwright/test';
import { startAcrEmulator, type AcrEmulator } from '../scripts/acr-emulator.ts';
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { signIn } from './pages/sign-in.ts';
import { plannedDeletes, startDryRun } from './pages/cleanup-page.ts';

const image = (key: string, created = '2026-03-01T10:00:00Z'): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created,
  layers: [
    { key: 'acr-e2e:base', size: 16_000 },
    { key: `acr-e2e:${key}`, size: 4_000 },
  ],
  labels: { 'org.opencontainers.image.version': key },
});

/** 104 tags on one image and a 105th, alphabetically last, on another: only page two knows it is tagged. */
const MANY_TAGS = Array.from({ length: 104 }, (_, i) => `build-${String(i).padStart(3, '0')}`);
/** One tag pushed 101 times: 101 manifests, 100 of them untagged, so _manifests has a second page. */
const CHURN_PUSHES = Array.from({ length: 101 }, (_, i) => ({ tags: ['latest'], artifact: image(`churn-${i}`) }));

const rig = ownRig('acr');
const ENTRA_ISSUER = 'https://login.example.test/contoso/v2.0';
const entraKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** An Entra-shaped access token (RS256, kid k1) with these claims over sensible defaults. */
function entraToken(claims: Record<string, unknown> = {}, key = entraKey.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${encode({ iss: ENTRA_ISSUER, aud: 'https://containerregistry.azure.net', sub: 'entra-admin', iat: now, exp: now + 600, ...claims })}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}
let app = '';
let emulator: AcrEmulator;
let registryUrl = '';
let seed: SeedRecord;

/** Every URL the page requests, to check that nothing leaves the app's origin. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** A request to the emulator as `admin` (a token from its /oauth2/token, as `az acr` would get one). */
async function asAdmin(path: string, init: RequestInit = {}, scopes: string[] = []): Promise<Response> {
  const query = new URLSearchParams({ service: emulator.service });
  for (const scope of scopes) query.append('scope', scope);
  const token = await fetch(`${emulator.url}/oauth2/token?${query.toString()}`, { headers: { Authorization: `Basic ${btoa('admin:admin-pw')}` } });
  expect(token.status).toBe(200);
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  return fetch(`${emulator.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${accessToken}` } });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry') }));
  registryUrl = registry.url;
  seed = await seedRegistry(registryUrl, {
    repositories: [
      {
        name: 'shop/api',
        pushes: [
          { tags: ['v1'], artifact: image('api-v1') },
          { tags: ['v2'], artifact: image('api-v2') },
          // v1 again, other content: the first v1 is left untagged (an orphan only ACR's _manifests lists).
          { tags: ['v1'], artifact: image('api-v1b') },
        ],
      },
      {
        name: 'shop/old',
        pushes: [
          { tags: ['old1'], artifact: image('old1') },
          { tags: ['old2'], artifact: image('old2') },
          { tags: ['old3'], artifact: image('old3') },
          { tags: ['keep1'], artifact: image('keep1') },
        ],
      },
      { name: 'shop/many', pushes: [{ tags: MANY_TAGS, artifact: image('many') }, { tags: ['zz-last'], artifact: image('many-last') }] },
      { name: 'shop/churn', pushes: CHURN_PUSHES },
      {
        name: 'solo/app',
        pushes: [
          { tags: ['s1'], artifact: image('solo-1') },
          { tags: ['s1'], artifact: image('solo-1b') },
        ],
      },
    ],
  });
  emulator = rig.add(
    await startAcrEmulator({
      registryUrl,
      storageDir: rig.path('registry', 'data'),
      users: {
        admin: { password: 'admin-pw', repositories: '*', catalog: true },
        // Rights on one repository, no catalog: ACR's repository-scoped tokens.
        solo: { password: 'solo-pw', repositories: ['solo/app'], catalog: false },
      },
      // Entra ID's part: access tokens signed with this key, for ACR's audience (the full sign-in
      // through a real OpenID Connect provider is e2e/acr-entra.spec.ts).
      entra: { issuer: ENTRA_ISSUER, audience: 'https://containerregistry.azure.net', keys: [{ ...entraKey.publicKey.export({ format: 'jwk' }), kid: 'k1' }], users: { 'entra-admin': 'admin' } },
    }),
  );
  // Old enough for the cleanup rule (ACR ages by lastUpdateTime), except keep1.
  for (const tag of ['old1', 'old2', 'old3']) {
    const digest = seed.repositories['shop/old']!.tags[tag]!.digest;
    emulator.setManifestTimes('shop/old', digest, { createdTime: '2025-01-01T00:00:00Z', lastUpdateTime: '2025-01-01T00:00:00Z' });
    emulator.setTagTimes('shop/old', tag, { createdTime: '2025-01-01T00:00:00Z', lastUpdateTime: '2025-01-01T00:00:00Z' });
  }
  app = await rig.serveApp(
    'acr',
    {
      registries: [
        // loginServer is not an azurecr.io name: detection has to probe.
        { name: 'acr', url: '', upstream: emulator.url, loginServer: 'acr-e2e.example.test' },
        { name: 'prefixed', url: '/registries/b', upstream: emulator.url, loginServer: 'acr-e2e.example.test' },
      ],
    },
    { registryUrl: emulator.url, extraRegistries: [{ prefix: '/registries/b', url: emulator.url }] },
  );
});

test.afterAll(() => rig.close());

test('the emulator answers like ACR: challenges name the metadata scopes, names with / in both encodings', async () => {
  const anonymous = await fetch(`${emulator.url}/acr/v1/shop/api/_tags`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('WWW-Authenticate')).toBe(
    `Bearer realm="${emulator.url}/oauth2/token",service="${emulator.service}",scope="repository:shop/api:metadata_read"`,
  );
  const scopes = ['repository:shop/api:metadata_read'];
  for (const path of ['/acr/v1/shop/api/_tags?n=1', '/acr/v1/shop%2Fapi/_tags?n=1']) {
    const response = await asAdmin(path, {}, scopes);
    expect(response.status, path).toBe(200);
    const body = (await response.json()) as { imageName: string; tags: { name: string }[] };
    expect(body.imageName).toBe('shop/api');
    expect(body.tags.map((t) => t.name)).toEqual(['v1']);
    expect(response.headers.get('Link')).toBe('</acr/v1/shop/api/_tags?last=v1&n=1&orderby=>; rel="next"');
  }
  for (const path of ['/acr/v1/shop/api/_manifests', '/acr/v1/shop%2Fapi/_manifests']) {
    const response = await asAdmin(path, {}, scopes);
    expect(response.status, path).toBe(200);
    const body = (await response.json()) as { imageName: string; manifests: { digest: string }[] };
    expect(body.imageName).toBe('shop/api');
    expect(body.manifests.map((m) => m.digest).sort()).toEqual([...new Set([...Object.values(seed.repositories['shop/api']!.tags).map((t) => t.digest), ...seed.repositories['shop/api']!.orphans.map((o) => o.digest)])].sort());
  }
  // Through nginx too (deploy/nginx.conf forwards /acr/v1/ and /oauth2/).
  expect((await fetch(`${app}/acr/v1/shop/api/_tags`)).status).toBe(401);
  expect((await fetch(`${app}/oauth2/token?service=${emulator.service}`, { headers: { Authorization: `Basic ${btoa('admin:wrong')}` } })).status).toBe(401);
});

test('sign in through the proxied token realm, browse, and lock an orphan found by the ACR API', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto(`${app}/`);
  await signIn(page, 'acr', 'admin', 'admin-pw');
  await page.getByRole('tree', { name: 'Repositories' }).getByRole('link', { name: 'shop/api', exact: true }).click();
  const table = page.getByRole('table');
  for (const tag of ['v1', 'v2']) {
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: tag, exact: true }) });
    await expect(row.locator(`a[title="${seed.repositories['shop/api']!.tags[tag]!.digest}"]`)).toBeVisible();
  }

  await page.goto(`${app}/r/shop/api/-/orphans`);
  await signIn(page, 'acr', 'admin', 'admin-pw');
  const source = page.getByRole('region', { name: 'Source' });
  await expect(source).toContainText('Source: ACR manifest API');
  await expect(source).toContainText('Why: the registry answers /acr/v1/_catalog.');
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scanned' })).toContainText('1 untagged manifest found.');
  const orphan = seed.repositories['shop/api']!.orphans[0]!.digest;
  const row = page.getByRole('row', { name: `shop/api@${orphan}` });
  await row.getByRole('button', { name: 'Lock' }).click();
  await expect(row).toContainText('Locked — unlock to delete');
  // The lock is the registry's: a DELETE by digest is refused, and the manifest is still there.
  const refused = await asAdmin(`/v2/shop/api/manifests/${orphan}`, { method: 'DELETE' }, ['repository:shop/api:delete']);
  expect(refused.status).toBe(405);
  expect(((await refused.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('REGISTRY_DISALLOWED_OPERATION');
  expect((await fetch(`${registryUrl}/v2/shop/api/manifests/${orphan}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } })).status).toBe(200);
  await row.getByRole('button', { name: 'Unlock' }).click();
  await expect(row.getByRole('button', { name: 'Lock' })).toBeVisible();

  expect(urls.filter((url) => !url.startsWith(`${app}/`))).toEqual([]);
  expect(urls.some((url) => url.startsWith(`${app}/oauth2/token?`))).toBe(true);
  expect(emulator.requests.some((r) => r.method === 'PATCH' && r.path === `/acr/v1/shop/api/_manifests/${orphan}` && r.user === 'admin')).toBe(true);
});

test('cleanup with the ACR source: the run does what the dry run listed, and a manifest locked meanwhile is refused', async ({ page }) => {
  const tags = seed.repositories['shop/old']!.tags;
  await page.goto(`${app}/cleanup`);
  await signIn(page, 'acr', 'admin', 'admin-pw');
  await expect(page.getByText('Source: ACR manifest API')).toBeVisible();
  await startDryRun(page, { repository: 'shop/old', tag: 'old[0-9]+', olderThanDays: 30, keepNewest: 0 });
  const plan = page.getByRole('region', { name: 'Plan for shop/old' });
  await expect(plan).toBeVisible({ timeout: 30_000 });
  const planned = await plannedDeletes(plan);
  const old = ['old1', 'old2', 'old3'].map((tag) => tags[tag]!.digest);
  expect(planned.sort()).toEqual([...old].sort());

  // Locked behind the dry run's back (as another admin would in the portal).
  emulator.setManifestAttributes('shop/old', tags.old2!.digest, { deleteEnabled: false, writeEnabled: false });
  await page.getByRole('button', { name: 'Run (3 operations)' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  const report = page.getByRole('region', { name: 'Run report' });
  await expect(report.getByRole('status')).toContainText('2 done', { timeout: 30_000 });
  await expect(report.getByRole('row').filter({ hasText: tags.old2!.digest })).not.toContainText(/\bdone\b/);

  const head = (reference: string) => fetch(`${registryUrl}/v2/shop/old/manifests/${reference}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
  expect((await head(tags.old1!.digest)).status).toBe(404);
  expect((await head(tags.old3!.digest)).status).toBe(404);
  expect((await head(tags.old2!.digest)).status).toBe(200);
  expect((await head('keep1')).headers.get('Docker-Content-Digest')).toBe(tags.keep1!.digest);
});

test('ACR listings page past 100 behind a path prefix', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto(`${app}/@prefixed/r/shop/many/-/orphans`);
  await signIn(page, 'prefixed', 'admin', 'admin-pw');
  await expect(page.getByRole('region', { name: 'Source' })).toContainText('Source: ACR manifest API');
  await page.getByRole('button', { name: 'Scan repository' }).click();
  // zz-last is on the second page of _tags: read, its image is tagged, so no orphan.
  await expect(page.getByRole('status').filter({ hasText: 'Scanned' })).toContainText('no orphans found.');
  expect(urls.some((url) => url.startsWith(`${app}/registries/b/acr/v1/shop/many/_tags?last=`))).toBe(true);
  expect(urls.filter((url) => url.startsWith(`${app}/acr/`) || url.startsWith(`${app}/v2/`))).toEqual([]);
  expect(urls.some((url) => url.startsWith(`${app}/registries/b/oauth2/token?`))).toBe(true);
});

test('ACR manifest listings page past 100 behind a path prefix: all 100 orphans of a tag pushed 101 times', async ({ page }) => {
  const urls = recordRequests(page);
  await page.goto(`${app}/@prefixed/r/shop/churn/-/orphans`);
  await signIn(page, 'prefixed', 'admin', 'admin-pw');
  await expect(page.getByRole('region', { name: 'Source' })).toContainText('Source: ACR manifest API');
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scanned' })).toContainText('100 untagged manifests found.', { timeout: 60_000 });
  const listed = await page.getByRole('table').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')?.replace('shop/churn@', '')));
  expect(listed.sort()).toEqual(seed.repositories['shop/churn']!.orphans.map((orphan) => orphan.digest).sort());
  expect(urls.some((url) => url.startsWith(`${app}/registries/b/acr/v1/shop/churn/_manifests?last=`))).toBe(true);
  expect(urls.filter((url) => url.startsWith(`${app}/acr/`) || url.startsWith(`${app}/v2/`))).toEqual([]);
});

test('the tag table of a repository with 105 tags reads them from _tags, paged, without a HEAD per tag', async ({ page }) => {
  const requests: { method: string; url: string }[] = [];
  page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
  await page.goto(`${app}/r/shop/many`);
  await signIn(page, 'acr', 'admin', 'admin-pw');
  await expect(page.getByText('105 tags · 2 distinct images')).toBeVisible();
  await expect(page.getByText(/From ACR metadata/)).toBeVisible();
  await expect(page.locator('[data-resolved]')).toHaveAttribute('data-resolved', '105');
  await page.getByRole('button', { name: 'Sort by Tag' }).click();
  const last = page.getByRole('table', { name: 'Tags of shop/many' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'zz-last', exact: true }) });
  await expect(last.locator(`a[title="${seed.repositories['shop/many']!.tags['zz-last']!.digest}"]`)).toBeVisible();
  await expect(last).toContainText(/\d+(\.\d+)? KB/);

  const tagPages = requests.filter((r) => r.url.startsWith(`${app}/acr/v1/shop/many/_tags?`));
  expect(tagPages.length).toBeGreaterThanOrEqual(2);
  expect(tagPages.some((r) => new URL(r.url).searchParams.has('last'))).toBe(true);
  const manifestRequests = requests.filter((r) => r.url.startsWith(`${app}/v2/shop/many/manifests/`));
  // One GET per image (by digest), never a request per tag.
  expect(manifestRequests.filter((r) => r.method === 'HEAD')).toEqual([]);
  expect(manifestRequests.every((r) => r.url.includes('/manifests/sha256:'))).toBe(true);
  expect(manifestRequests.length).toBeLessThanOrEqual(2);
});

test('a user with rights on one repository only still gets the ACR source there', async ({ page }) => {
  await page.goto(`${app}/r/solo/app/-/orphans`);
  await signIn(page, 'acr', 'solo', 'solo-pw');
  const source = page.getByRole('region', { name: 'Source' });
  await expect(source).toContainText('Source: ACR manifest API');
  await expect(source).toContainText('Why: the registry answers /acr/v1/solo/app/_tags (no catalog rights needed).');
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Scanned' })).toContainText('1 untagged manifest found.');
  const orphan = seed.repositories['solo/app']!.orphans[0]!.digest;
  const row = page.getByRole('row', { name: `solo/app@${orphan}` });
  // Locks work there too (metadata_write on that repository).
  await row.getByRole('button', { name: 'Lock' }).click();
  await expect(row).toContainText('Locked — unlock to delete');
  await row.getByRole('button', { name: 'Unlock' }).click();
  await expect(row.getByRole('button', { name: 'Lock' })).toBeVisible();
  expect(emulator.requests.some((r) => r.method === 'PATCH' && r.path === `/acr/v1/solo/app/_manifests/${orphan}` && r.user === 'solo')).toBe(true);
  // The catalog really is refused to this user.
  expect(emulator.requests.some((r) => r.path.startsWith('/acr/v1/_catalog') && r.user === 'solo')).toBe(true);
});

test('an Entra token exchanged at /oauth2/exchange (through nginx) signs in as the refresh token', async ({ page }) => {
  const exchange = (accessToken: string) =>
    fetch(`${app}/oauth2/exchange`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'access_token', service: emulator.service, tenant: 'contoso', access_token: accessToken }).toString(),
    });
  // The token must be the identity provider's, for ACR, current, and name someone with a role.
  const refusals: [string, string][] = [
    ['forged', 'not a JWT'],
    [entraToken({}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), 'bad signature'],
    [entraToken({ iss: 'https://login.example.test/other/v2.0' }), 'is not trusted'],
    [entraToken({ aud: 'https://management.azure.com' }), 'audience is not https://containerregistry.azure.net'],
    [entraToken({ exp: Math.floor(Date.now() / 1000) - 5 }), 'expired'],
    [entraToken({ sub: 'stranger' }), 'stranger has no role on this registry'],
  ];
  for (const [token, reason] of refusals) {
    const refused = await exchange(token);
    expect(refused.status, reason).toBe(401);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toContain(reason);
  }
  const form = new URLSearchParams({ grant_type: 'access_token', service: emulator.service, tenant: 'contoso', access_token: entraToken() });
  const exchanged = await fetch(`${app}/oauth2/exchange`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  expect(exchanged.status).toBe(200);
  const { refresh_token: refreshToken } = (await exchanged.json()) as { refresh_token: string };
  // The spec's POST /oauth2/token with the refresh token.
  const token = await fetch(`${app}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', service: emulator.service, scope: 'repository:shop/api:pull', refresh_token: refreshToken }).toString(),
  });
  expect(token.status).toBe(200);
  expect(((await token.json()) as { access_token: string }).access_token.split('.')).toHaveLength(3);

  await page.goto(`${app}/`);
  await signIn(page, 'acr', '00000000-0000-0000-0000-000000000000', refreshToken);
  await expect(page.getByRole('tree', { name: 'Repositories' }).getByRole('link', { name: 'shop/api', exact: true })).toBeVisible();
  expect(emulator.requests.some((r) => r.path.startsWith('/v2/_catalog') && r.user === 'admin')).toBe(true);
});
