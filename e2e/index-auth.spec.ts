// regatta-index in front of a registry with token auth (issue 15: "a user with pull rights on one
// repository only sees that repository through the index"). The real registry trusts the test
// token service (scripts/token-server.ts); the index reads the registry's storage and asks the
// registry, with each caller's own credentials (Basic, traded for a pull token per repository),
// whether that caller may read a repository. Users: `one` (and `solo`, a caller the index has not
// met yet) may pull team/visible only, `all` may pull everything.
import type { Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createAuthFetch } from '../scripts/registry-auth.ts';
import { freePort, startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec } from '../scripts/seed-registry.ts';
import { startTokenServer, type TokenServer } from '../scripts/token-server.ts';
import { expect, test } from './fixtures.ts';
import { notificationsConfig, startIndexProcess, type IndexProcess } from './index-rig.ts';
import { ownRig } from './own-rig.ts';

const VISIBLE = 'team/visible';
const HIDDEN = 'team/hidden';
const LABEL = 'e2e.suite=index-auth';
const USERS = { one: 'one-password', solo: 'solo-password', all: 'all-password', pusher: 'pusher-password' } as const;
const SERVICE = 'regatta-index-e2e';

const image = (repository: string, version: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: `2025-0${version}-01T00:00:00Z`,
  layers: [
    { key: 'index-auth:base', size: 8 * 1024 },
    { key: `index-auth:${repository}:${version}`, size: 2 * 1024 },
  ],
  labels: { 'e2e.suite': 'index-auth', 'org.opencontainers.image.version': version },
});

const basic = (user: keyof typeof USERS) => `Basic ${Buffer.from(`${user}:${USERS[user]}`).toString('base64')}`;

const rig = ownRig('index-auth');
let index: IndexProcess;
let tokens: TokenServer;
let registryUrl = '';
let app = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  await rig.open();
  const port = await freePort();
  const service = SERVICE;
  const issuer = 'regatta-index-e2e-issuer';
  // Everyone may list the catalog (registry:catalog:*); repository rights differ.
  tokens = rig.add(
    await startTokenServer({
      dir: rig.path('token'),
      service,
      issuer,
      users: {
        one: { password: USERS.one, grants: (r) => (r.type === 'registry' ? ['*'] : r.name === VISIBLE ? ['pull'] : []) },
        solo: { password: USERS.solo, grants: (r) => (r.type === 'registry' ? ['*'] : r.name === VISIBLE ? ['pull'] : []) },
        all: { password: USERS.all, grants: (r) => (r.type === 'registry' ? ['*'] : ['pull']) },
        pusher: { password: USERS.pusher, grants: (r) => (r.type === 'registry' ? ['*'] : ['pull', 'push']) },
      },
    }),
  );
  const indexPort = await freePort();
  const secret = randomBytes(16).toString('hex');
  const registry = rig.add(
    await startRegistry({
      dir: rig.path('registry'),
      auth: { token: { realm: `http://127.0.0.1:${port}/token`, service, issuer, rootcertbundle: tokens.certificatePath } },
      extraConfig: notificationsConfig(`http://127.0.0.1:${indexPort}/events`, secret),
    }),
  );
  registryUrl = registry.url;
  index = rig.add(await startIndexProcess({ storage: rig.path('registry', 'data'), registry: registry.url, port: indexPort, db: rig.path('index.db'), secret, logFile: rig.path('index.log') }));
  // The realm is the app's own origin (nginx proxies /token to the token server, /index/v1/ to the
  // index): it must be up before anything authenticates, the seeding below included.
  app = await rig.serveApp('app', { registries: [{ name: 'vault', url: '', index: '' }] }, { registryUrl: registry.url, port, tokenUpstream: tokens.url, indexUpstream: index.url });
  // `latest` pushed twice per repository: one untagged manifest (orphans) and a tag history of two digests.
  await seedRegistry(
    registry.url,
    {
      repositories: [VISIBLE, HIDDEN].map((name) => ({ name, pushes: [{ tags: ['latest'], artifact: image(name, '1') }, { tags: ['latest'], artifact: image(name, '2') }] })),
    },
    { fetch: createAuthFetch({ username: 'pusher', password: USERS.pusher }) },
  );
  // The pushes reach the index as notifications.
  const histories = async () => {
    const lengths = [];
    for (const name of [VISIBLE, HIDDEN]) {
      const answer = await fetch(`${index.url}/index/v1/repositories/${name}/-/tags/latest/history`, { headers: { Authorization: basic('all') } });
      lengths.push(answer.ok ? ((await answer.json()) as { history: unknown[] }).history.length : 0);
    }
    return lengths;
  };
  await expect.poll(histories, { timeout: 30_000 }).toEqual([2, 2]);
});

test.afterAll(() => rig.close());

async function api(path: string, authorization?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${index.url}${path}`, { headers: authorization ? { Authorization: authorization } : {} });
  return { status: response.status, body: await response.json() };
}

const names = async (authorization?: string) => ((await api('/index/v1/repositories', authorization)).body as { repositories: { name: string }[] }).repositories.map((r) => r.name).sort();
const searchHits = async (authorization?: string) =>
  ((await api(`/index/v1/search?label=${encodeURIComponent(LABEL)}`, authorization)).body as { results: { repository: string }[] }).results.map((r) => r.repository).sort();

test('over HTTP, a user with pull on one repository sees only that one; a user with pull on all sees both', async () => {
  expect(await names(basic('one'))).toEqual([VISIBLE]);
  expect(await names(basic('all'))).toEqual([HIDDEN, VISIBLE]);
  // Anonymous callers get no pull token at all.
  expect(await names()).toEqual([]);

  // Two manifests per repository carry the label.
  expect(await searchHits(basic('one'))).toEqual([VISIBLE, VISIBLE]);
  expect(await searchHits(basic('all'))).toEqual([HIDDEN, HIDDEN, VISIBLE, VISIBLE]);

  for (const path of ['-/tags', '-/manifests', '-/tags/latest/history']) {
    const refused = await api(`/index/v1/repositories/${HIDDEN}/${path}`, basic('one'));
    expect(refused.status, `${HIDDEN}/${path} for one`).toBe(401);
    expect((refused.body as { error: { code: string } }).error.code).toBe('DENIED');
    expect((await api(`/index/v1/repositories/${VISIBLE}/${path}`, basic('one'))).status, `${VISIBLE}/${path} for one`).toBe(200);
    expect((await api(`/index/v1/repositories/${HIDDEN}/${path}`, basic('all'))).status, `${HIDDEN}/${path} for all`).toBe(200);
  }
  // A wrong password sees nothing either.
  expect(await names(`Basic ${Buffer.from('all:wrong').toString('base64')}`)).toEqual([]);
});

test("a new caller's listing takes one token for both repositories' pull, which the registry accepted", async () => {
  const before = tokens.issued.length;
  expect(await names(basic('solo'))).toEqual([VISIBLE]);
  const issued = tokens.issued.slice(before).map((t) => ({ user: t.user, scopes: [...t.scopes].sort(), access: t.access }));
  expect(issued).toEqual([{ user: 'solo', scopes: [`repository:${HIDDEN}:pull`, `repository:${VISIBLE}:pull`], access: [{ type: 'repository', name: VISIBLE, actions: ['pull'] }] }]);
  // Asked again within the cache period: no new token.
  expect(await names(basic('solo'))).toEqual([VISIBLE]);
  expect(tokens.issued.length).toBe(before + 1);
});

async function tokenFor(user: keyof typeof USERS, scopes: string[]): Promise<string> {
  const url = new URL(`${tokens.url}/token`);
  url.searchParams.set('service', SERVICE);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const response = await fetch(url, { headers: { Authorization: basic(user) } });
  return ((await response.json()) as { token: string }).token;
}

const registryStatus = async (path: string, authorization: string) => {
  const response = await fetch(`${registryUrl}${path}`, { headers: { Authorization: authorization } });
  await response.arrayBuffer();
  return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
};

test("a caller's own Bearer token shows what its claim grants, once the registry accepts the token; a forged claim shows nothing", async () => {
  const both = [`repository:${VISIBLE}:pull`, `repository:${HIDDEN}:pull`];
  const oneToken = await tokenFor('one', both);
  // What the index relies on: GET /v2/ verifies a token and asks for no repository; tags/list needs
  // pull on its own repository; the token controller refuses Basic credentials on GET /v2/.
  expect(await registryStatus('/v2/', `Bearer ${oneToken}`)).toMatchObject({ status: 200 });
  expect(await registryStatus(`/v2/${VISIBLE}/tags/list`, `Bearer ${oneToken}`)).toMatchObject({ status: 200 });
  const hidden = await registryStatus(`/v2/${HIDDEN}/tags/list`, `Bearer ${oneToken}`);
  expect(hidden.status).toBe(401);
  expect(hidden.challenge).toContain('error="insufficient_scope"');
  expect(await registryStatus('/v2/', basic('all'))).toMatchObject({ status: 401, challenge: expect.stringMatching(/^Bearer realm=/) });

  expect(await names(`Bearer ${oneToken}`)).toEqual([VISIBLE]);
  expect(await names(`Bearer ${await tokenFor('all', both)}`)).toEqual([HIDDEN, VISIBLE]);
  expect(await names(`Bearer ${await tokenFor('all', [`repository:${HIDDEN}:pull`])}`)).toEqual([HIDDEN]);
  expect((await api(`/index/v1/repositories/${HIDDEN}/-/tags`, `Bearer ${oneToken}`)).status).toBe(401);
  expect((await api(`/index/v1/repositories/${VISIBLE}/-/tags`, `Bearer ${oneToken}`)).status).toBe(200);

  // one's token with its claim rewritten to grant both, the signature left as it was.
  const [header, payload, signature] = oneToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, access: [{ type: 'repository', name: VISIBLE, actions: ['pull'] }, { type: 'repository', name: HIDDEN, actions: ['pull'] }] })).toString('base64url')}.${signature}`;
  expect(await registryStatus('/v2/', `Bearer ${forged}`)).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
  expect(await names(`Bearer ${forged}`)).toEqual([]);
  expect((await api(`/index/v1/repositories/${VISIBLE}/-/tags`, `Bearer ${forged}`)).status).toBe(401);
});

async function signInAndRemember(page: Page, user: keyof typeof USERS): Promise<void> {
  await page.goto(`${app}/`);
  const form = page.getByRole('form', { name: 'Sign in to vault' });
  await expect(form).toBeVisible();
  await form.getByLabel('Username').fill(user);
  await form.getByLabel('Password').fill(USERS[user]);
  // Kept in sessionStorage, so the pages opened below by URL are signed in too.
  await form.getByLabel('Remember for this tab').check();
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${user}`)).toBeVisible();
}

const repositoryRows = (page: Page, repository: string) => page.getByRole('row', { name: new RegExp(`^${repository}\\b`) });

test('in the browser, search, tag history and orphans show `one` only team/visible', async ({ page }) => {
  await signInAndRemember(page, 'one');

  await page.goto(`${app}/search?q=${encodeURIComponent(LABEL)}`);
  await expect(page.getByRole('table')).toContainText('2 manifests matching');
  await expect(repositoryRows(page, VISIBLE)).toHaveCount(2);
  await expect(repositoryRows(page, HIDDEN)).toHaveCount(0);

  await page.goto(`${app}/r/${VISIBLE}/-/history/latest`);
  await expect(page.getByRole('table', { name: /Digests latest has pointed at/ }).getByRole('row')).toHaveCount(3);
  await page.goto(`${app}/r/${HIDDEN}/-/history/latest`);
  await expect(page.getByText("The registry index could not give this tag's history")).toBeVisible();
  await expect(page.getByRole('table', { name: /Digests latest has pointed at/ })).toHaveCount(0);

  // The first push's manifest lost its tag: the orphans page finds it through the index.
  await page.goto(`${app}/r/${VISIBLE}/-/orphans`);
  await expect(page.getByText('Source: the registry index.')).toBeVisible();
  await page.getByRole('button', { name: 'Scan repository' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`^${VISIBLE}@sha256:`) })).toHaveCount(1);
  await expect(page.getByRole('row', { name: new RegExp(`^${VISIBLE}@sha256:`) })).toContainText(/untagged (just now|\d+ \w+ ago)/);
});

test('in the browser, `all` sees both repositories through the index', async ({ page }) => {
  await signInAndRemember(page, 'all');
  await page.goto(`${app}/search?q=${encodeURIComponent(LABEL)}`);
  await expect(page.getByRole('table')).toContainText('4 manifests matching');
  await expect(repositoryRows(page, VISIBLE)).toHaveCount(2);
  await expect(repositoryRows(page, HIDDEN)).toHaveCount(2);
  await page.goto(`${app}/r/${HIDDEN}/-/history/latest`);
  await expect(page.getByRole('table', { name: /Digests latest has pointed at/ }).getByRole('row')).toHaveCount(3);
});
