// Sign-in against REAL registries with authentication (issue #7). Each describe starts its own
// registry, nginx serving the built app on the same origin (an auth-enabled registry answers the
// CORS preflight with 401, so the UI and /v2/ share one origin) and, for token auth, the test
// token server of scripts/token-server.ts, proxied at /token on that origin too.
import type { Page } from '@playwright/test';
import { createAuthFetch, writeHtpasswd } from '../scripts/registry-auth.ts';
import { freePort, startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec } from '../scripts/seed-registry.ts';
import { startTokenServer, type TokenServer } from '../scripts/token-server.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { signIn } from './pages/sign-in.ts';

const image = (key: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: '2026-03-01T10:00:00Z',
  layers: [
    { key: 'auth-base', size: 8_000 },
    { key: `auth:${key}`, size: 2_000 },
  ],
  labels: { 'org.opencontainers.image.version': key },
});

/** Opens the delete dialog and cancels it: the dialog re-reads the repository (tags/list + HEADs, pull scope). */
async function rereadRepository(page: Page, tag: string) {
  await page.getByRole('button', { name: `More actions for ${tag}`, exact: true }).click();
  await page.getByRole('menuitem', { name: `Delete image of ${tag}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete image sha256:/ });
  await expect(dialog.getByRole('region', { name: /^Tags removed with the image/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
}

async function tagsOf(fetchFn: typeof fetch, registryUrl: string, name: string): Promise<string[]> {
  const response = await fetchFn(`${registryUrl}/v2/${name}/tags/list`);
  expect(response.status).toBe(200);
  return (((await response.json()) as { tags: string[] | null }).tags ?? []).sort();
}

async function deleteImageOf(page: Page, repository: string, tag: string) {
  await page.getByRole('button', { name: `More actions for ${tag}`, exact: true }).click();
  await page.getByRole('menuitem', { name: `Delete image of ${tag}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete image sha256:/ });
  // The impact is listed once the dialog has re-read the repository; a typed confirmation is asked
  // for only when the delete removes more than the one tag.
  await expect(dialog.getByRole('region', { name: /^Tags removed with the image/ })).toBeVisible();
  const typed = dialog.getByLabel(/^Type .* to confirm/);
  if ((await typed.count()) > 0) await typed.fill(repository);
  await dialog.getByRole('button', { name: 'Delete image' }).click();
  return dialog;
}

test.describe('htpasswd (Basic) auth', () => {
  const rig = ownRig('htpasswd');
  let app = '';
  let registryUrl = '';
  const alice = createAuthFetch({ username: 'alice', password: 'wonderland' });

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    await rig.open();
    const htpasswd = rig.path('htpasswd');
    await writeHtpasswd(htpasswd, { alice: 'wonderland' });
    const registry = rig.add(await startRegistry({ dir: rig.path('registry'), auth: { htpasswd: { realm: 'Regatta e2e', path: htpasswd } } }));
    registryUrl = registry.url;
    // The registry really refuses anonymous access.
    expect((await fetch(`${registryUrl}/v2/_catalog`)).status).toBe(401);
    await seedRegistry(registryUrl, { repositories: [{ name: 'secure/app', pushes: [{ tags: ['v1'], artifact: image('v1') }, { tags: ['v2'], artifact: image('v2') }] }] }, { fetch: alice });
    app = await rig.serveApp('secure', { registries: [{ name: 'secure', url: '', loginServer: 'secure.example.test' }] }, { registryUrl });
  });

  test.afterAll(() => rig.close());

  test('a wrong password shows the error and keeps the form', async ({ page }) => {
    await page.goto(`${app}/`);
    await signIn(page, 'secure', 'alice', 'not-her-password');
    const form = page.getByRole('form', { name: 'Sign in to secure' });
    await expect(form).toContainText('The registry rejected these credentials');
    await expect(page.getByRole('link', { name: 'secure/app' })).toHaveCount(0);
  });

  test('sign in, browse, and delete an image', async ({ page }) => {
    await page.goto(`${app}/`);
    await signIn(page, 'secure', 'alice', 'wonderland');
    await expect(page.getByRole('form', { name: 'Sign in to secure' })).toHaveCount(0);
    await expect(page.getByText('Signed in as alice')).toBeVisible();
    await page.getByRole('link', { name: 'secure/app' }).click();
    await expect(page.getByRole('link', { name: 'v1', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'v2', exact: true })).toBeVisible();

    await deleteImageOf(page, 'secure/app', 'v2');
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Deleted image');
    expect(await tagsOf(alice, registryUrl, 'secure/app')).toEqual(['v1']);
    await expect(page.getByRole('link', { name: 'v2', exact: true })).toHaveCount(0);
  });
});

test.describe('token auth', () => {
  const rig = ownRig('token');
  let tokens: TokenServer | undefined;
  let app = '';
  let registryUrl = '';
  let admin: typeof fetch = fetch;

  const catalogOrRead = (resource: { type: string }, repositoryActions: string[]) => (resource.type === 'registry' ? ['*'] : repositoryActions);

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    await rig.open();
    const port = await freePort();
    const service = 'regatta-e2e';
    const issuer = 'regatta-e2e-issuer';
    tokens = await startTokenServer({
      dir: rig.path('token'),
      service,
      issuer,
      users: {
        reader: { password: 'read-only', grants: (resource) => catalogOrRead(resource, ['pull']) },
        admin: { password: 'all-powerful', grants: (resource) => catalogOrRead(resource, ['pull', 'push', 'delete']) },
        stale: {
          password: 'stale-pw',
          grants: (resource) => catalogOrRead(resource, ['pull']),
          shortLivedFirstToken: { scope: 'repository:vault/app:pull', validSeconds: 3 },
        },
        brief: { password: 'brief-pw', grants: (resource) => catalogOrRead(resource, ['pull']), expiresIn: 2 },
      },
    });
    rig.add(tokens);
    // The realm is the app's own origin: nginx proxies /token to the token server.
    const registry = rig.add(
      await startRegistry({
        dir: rig.path('registry'),
        auth: { token: { realm: `http://127.0.0.1:${port}/token`, service, issuer, rootcertbundle: tokens.certificatePath } },
      }),
    );
    registryUrl = registry.url;
    app = await rig.serveApp('vault', { registries: [{ name: 'vault', url: '', loginServer: 'vault.example.test' }] }, { registryUrl, port, tokenUpstream: tokens.url });
    admin = createAuthFetch({ username: 'admin', password: 'all-powerful' });
    await seedRegistry(
      registryUrl,
      {
        repositories: [
          { name: 'vault/app', pushes: [{ tags: ['v1'], artifact: image('vault-v1') }, { tags: ['v2'], artifact: image('vault-v2') }] },
          { name: 'vault/other', pushes: [{ tags: ['latest'], artifact: image('vault-other') }] },
        ],
      },
      { fetch: admin },
    );
  });

  test.afterAll(() => rig.close());

  const issuedTo = (user: string) => tokens?.issued.filter((token) => token.user === user) ?? [];

  test('the read-only user browses, and sees delete refused with the reason', async ({ page }) => {
    await page.goto(`${app}/`);
    await signIn(page, 'vault', 'reader', 'read-only');
    await page.getByRole('link', { name: 'vault/app' }).click();
    await expect(page.getByRole('link', { name: 'v1', exact: true })).toBeVisible();

    const dialog = await deleteImageOf(page, 'vault/app', 'v1');
    const refusal = dialog.getByRole('alert').filter({ hasText: 'Could not delete image' });
    await expect(refusal).toContainText('HTTP 403 · DENIED');
    await expect(refusal).toContainText('signed in as "reader", but the token service did not grant repository:vault/app:delete');
    // Nothing changed, and the rest stays usable without signing in again.
    expect(await tagsOf(admin, registryUrl, 'vault/app')).toEqual(['v1', 'v2']);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('form', { name: 'Sign in to vault' })).toHaveCount(0);
    await page.getByRole('link', { name: 'v2', exact: true }).click();
    await expect(page).toHaveURL(/\/r\/vault\/app\/-\/manifest\/v2$/);
    await expect(page.getByText('Signed in as reader')).toBeVisible();
    // The token service was asked for delete and granted nothing for it.
    expect(issuedTo('reader').some((token) => token.scopes.includes('repository:vault/app:delete') && token.access.length === 0)).toBe(true);
  });

  test('the admin deletes', async ({ page }) => {
    await page.goto(`${app}/r/vault/app`);
    await signIn(page, 'vault', 'admin', 'all-powerful');
    await expect(page.getByRole('link', { name: 'v2', exact: true })).toBeVisible();
    await deleteImageOf(page, 'vault/app', 'v2');
    await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Deleted image');
    expect(await tagsOf(admin, registryUrl, 'vault/app')).toEqual(['v1']);
  });

  test('a cached token the registry refuses as expired is renewed transparently, once', async ({ page }) => {
    await page.goto(`${app}/r/vault/app`);
    await signIn(page, 'vault', 'stale', 'stale-pw');
    await expect(page.getByRole('link', { name: 'v1', exact: true })).toBeVisible();
    const pullTokens = () => issuedTo('stale').filter((token) => token.scopes.includes('repository:vault/app:pull'));
    expect(pullTokens().map((token) => token.shortLived)).toEqual([true]);
    // The registry stops accepting that token after 3 s; the client believes it good for 300 s.
    const refusedAfter = Math.max(...pullTokens().map((token) => token.refusedAfter));
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(refusedAfter);
    await rereadRepository(page, 'v1');
    await expect.poll(() => pullTokens().map((token) => token.shortLived)).toEqual([true, false]);
    await expect(page.getByRole('form', { name: 'Sign in to vault' })).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('tokens are kept per scope until expires_in, then renewed without asking', async ({ page }) => {
    await page.goto(`${app}/r/vault/other`);
    await signIn(page, 'vault', 'brief', 'brief-pw');
    await expect(page.getByRole('link', { name: 'latest', exact: true })).toBeVisible();
    await expect(page.getByText('1 tag · 1 distinct image')).toBeVisible();
    const pullTokens = () => issuedTo('brief').filter((token) => token.scopes.includes('repository:vault/other:pull'));
    expect(pullTokens().length).toBeGreaterThanOrEqual(1);
    // expires_in is 2 s: wait until every token issued so far is past it, then read again.
    const expired = Math.max(...pullTokens().map((token) => token.expiresAt));
    await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(expired);
    await rereadRepository(page, 'latest');
    expect(pullTokens().filter((token) => token.at > expired).length).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole('form', { name: 'Sign in to vault' })).toHaveCount(0);
  });
});
