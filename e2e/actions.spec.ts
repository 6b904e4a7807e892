// Actions (issue #4) on the REAL registry, state checked through the registry API, not only the UI.
// This spec starts its own registries and nginx in front of each (the built app from the shared
// rig's www/ with its own config.json), so the shared seeded registry — whose whole catalog other
// specs compare with seed.json — never sees these repositories:
//   A: deletes enabled (storage.delete.enabled: true), repositories pushed here in beforeAll
//   B: deletes disabled (the distribution default), for the "actions disabled" case
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { MANIFEST_ACCEPT, resolveManifest, tagsOf } from './registry-api.ts';

const image = (key: string, extra: Partial<ImageSpec> = {}): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: '2026-03-01T10:00:00Z',
  layers: [
    { key: 'actions-base', size: 20_000 },
    { key: `actions:${key}`, size: 5_000 },
  ],
  labels: { 'org.opencontainers.image.version': key },
  ...extra,
});

const rig = ownRig('actions');
let appA = '';
let appB = '';
let seed: SeedRecord;

const serveApp = (name: string, registryUrl: string) =>
  rig.serveApp(name, { registries: [{ name, url: '', loginServer: 'registry.example.test', catalogPageSize: 100 }] }, { registryUrl });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const a = rig.add(await startRegistry({ dir: rig.path('registry-a') }));
  const b = rig.add(await startRegistry({ dir: rig.path('registry-b'), deleteEnabled: false }));
  seed = await seedRegistry(a.url, {
    repositories: [
      { name: 'actions/shared', pushes: [{ tags: ['v1', 'also-v1'], artifact: image('shared') }] },
      { name: 'actions/delete', pushes: [{ tags: ['v1', 'v1-alias'], artifact: image('delete') }, { tags: ['v2'], artifact: image('delete-v2') }] },
      { name: 'actions/retag', pushes: [{ tags: ['v1'], artifact: image('retag') }] },
      {
        name: 'actions/copy-src',
        pushes: [
          {
            tags: ['rc1'],
            artifact: {
              kind: 'index',
              manifests: [image('copy-amd64', { platform: { os: 'linux', architecture: 'amd64' } }), image('copy-arm64', { platform: { os: 'linux', architecture: 'arm64' } })],
            },
          },
        ],
      },
      { name: 'actions/race', pushes: [{ tags: ['v1'], artifact: image('race') }] },
    ],
  });
  await seedRegistry(b.url, { repositories: [{ name: 'actions/locked', pushes: [{ tags: ['v1', 'also-v1'], artifact: image('locked') }] }] });
  appA = await serveApp('actions', a.url);
  appB = await serveApp('locked', b.url);
});

test.afterAll(() => rig.close());

const digestOf = (name: string, tag: string) => {
  const record = seed.repositories[name]?.tags[tag];
  if (!record) throw new Error(`not seeded: ${name}:${tag}`);
  return record.digest;
};

async function waitForRow(page: import('@playwright/test').Page, tag: string) {
  const remove = page.getByRole('button', { name: `Remove tag ${tag}`, exact: true });
  await expect(remove).toBeVisible();
  return remove;
}

test('remove one of two tags sharing a digest: the other still resolves to the same digest', async ({ page, request }) => {
  const digest = digestOf('actions/shared', 'v1');
  await page.goto(`${appA}/r/actions/shared`);
  const remove = await waitForRow(page, 'v1');
  await expect(remove).toBeEnabled();
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove tag v1' });
  await expect(dialog.getByText(/also tagged/)).toContainText('also-v1');
  await dialog.getByRole('button', { name: 'Remove tag' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Removed tag v1 from actions/shared');
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('registry garbage-collect');

  expect(await tagsOf(request, 'actions/shared', appA)).toEqual(['also-v1']);
  expect(await resolveManifest(request, 'actions/shared', 'also-v1', appA)).toEqual({ status: 200, digest });
  expect((await resolveManifest(request, 'actions/shared', digest, appA)).status).toBe(200);
  expect((await resolveManifest(request, 'actions/shared', 'v1', appA)).status).toBe(404);
  await expect(page.getByRole('link', { name: 'v1', exact: true })).toHaveCount(0);
});

test('delete an image: all its tags are gone and the digest 404s', async ({ page, request }) => {
  const digest = digestOf('actions/delete', 'v1');
  const other = digestOf('actions/delete', 'v2');
  await page.goto(`${appA}/r/actions/delete`);
  await expect(await waitForRow(page, 'v1')).toBeEnabled();
  await page.getByRole('button', { name: 'More actions for v1', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Delete image of v1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete image sha256:/ });
  const listed = dialog.getByRole('region', { name: 'Tags removed with the image (2)' });
  await expect(listed.getByRole('listitem')).toHaveText(['v1', 'v1-alias']);
  const confirm = dialog.getByRole('button', { name: 'Delete image' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type actions\/delete to confirm/).fill('actions/delete');
  await confirm.click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Deleted image');

  expect(await tagsOf(request, 'actions/delete', appA)).toEqual(['v2']);
  expect((await resolveManifest(request, 'actions/delete', digest, appA)).status).toBe(404);
  expect((await resolveManifest(request, 'actions/delete', 'v1', appA)).status).toBe(404);
  expect((await resolveManifest(request, 'actions/delete', 'v1-alias', appA)).status).toBe(404);
  expect(await resolveManifest(request, 'actions/delete', 'v2', appA)).toEqual({ status: 200, digest: other });
});

test('re-tag: the new tag has the identical digest', async ({ page, request }) => {
  const digest = digestOf('actions/retag', 'v1');
  await page.goto(`${appA}/r/actions/retag`);
  await expect(await waitForRow(page, 'v1')).toBeEnabled();
  await page.getByRole('button', { name: 'More actions for v1', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Re-tag v1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Re-tag v1' });
  await dialog.getByLabel('New tag').fill('stable');
  await expect(dialog.getByText('actions/retag:stable does not exist yet: it will be created.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('as actions/retag:stable');

  expect(await resolveManifest(request, 'actions/retag', 'stable', appA)).toEqual({ status: 200, digest });
  expect(await resolveManifest(request, 'actions/retag', 'v1', appA)).toEqual({ status: 200, digest });
});

test('copy an index to a new repository: manifest by digest 200 there, and it is in the catalog', async ({ page, request }) => {
  const digest = digestOf('actions/copy-src', 'rc1');
  await page.goto(`${appA}/r/actions/copy-src`);
  await expect(await waitForRow(page, 'rc1')).toBeEnabled();
  await page.getByRole('button', { name: 'More actions for rc1', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Copy rc1 to another repository' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy rc1 to another repository' });
  await dialog.getByLabel('Target repository').fill('actions/copy-dst');
  await dialog.getByLabel('Target tag').fill('1.0');
  await expect(dialog.getByText('actions/copy-dst:1.0 does not exist yet: it will be created.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Copied actions/copy-src:rc1 to actions/copy-dst:1.0');

  const byDigest = await request.get(`${appA}/v2/actions/copy-dst/manifests/${digest}`, { headers: { Accept: MANIFEST_ACCEPT } });
  expect(byDigest.status()).toBe(200);
  expect(byDigest.headers()['docker-content-digest']).toBe(digest);
  const index = (await byDigest.json()) as { manifests: { digest: string }[] };
  for (const child of index.manifests) expect((await resolveManifest(request, 'actions/copy-dst', child.digest, appA)).status).toBe(200);
  expect(await resolveManifest(request, 'actions/copy-dst', '1.0', appA)).toEqual({ status: 200, digest });
  const catalog = (await (await request.get(`${appA}/v2/_catalog?n=1000`)).json()) as { repositories: string[] };
  expect(catalog.repositories).toContain('actions/copy-dst');
  // The source is untouched.
  expect(await resolveManifest(request, 'actions/copy-src', 'rc1', appA)).toEqual({ status: 200, digest });
});

test('a tag re-pushed between page load and confirm: refused, nothing changed', async ({ page, request }) => {
  const original = digestOf('actions/race', 'v1');
  await page.goto(`${appA}/r/actions/race`);
  await expect(await waitForRow(page, 'v1')).toBeEnabled();
  await page.getByRole('button', { name: 'More actions for v1', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Delete image of v1', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^Delete image sha256:/ });
  await expect(dialog.getByRole('region', { name: 'Tags removed with the image (1)' })).toBeVisible();

  // Someone pushes v1 again (another image) while the dialog is open.
  const repushed = await seedRegistry(seed.registryUrl, { repositories: [{ name: 'actions/race', pushes: [{ tags: ['v1'], artifact: image('race-repushed') }] }] });
  const moved = repushed.repositories['actions/race']?.tags['v1']?.digest;
  expect(moved).toBeDefined();
  expect(moved).not.toBe(original);

  await dialog.getByRole('button', { name: 'Delete image' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Could not delete image' })).toContainText(/Refused: the registry changed since you looked \(tag v1 now points at/);

  expect(await resolveManifest(request, 'actions/race', 'v1', appA)).toEqual({ status: 200, digest: moved });
  expect((await resolveManifest(request, 'actions/race', original, appA)).status).toBe(200);
  expect(await tagsOf(request, 'actions/race', appA)).toEqual(['v1']);
});

test('a registry started with delete disabled: the first Remove tag asks, says why, offers nothing; then the actions are off', async ({ page, request }) => {
  const probes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET' && r.method() !== 'HEAD') probes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(`${appB}/r/actions/locked`);
  const remove = await waitForRow(page, 'v1');
  await expect(page.getByRole('link', { name: /^sha256:/ }).first()).toBeVisible();
  // Browsing asked nothing: the actions are offered until a destructive dialog finds out.
  await expect(remove).toBeEnabled();
  expect(probes).toEqual([]);
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove tag v1' });
  await expect(dialog.getByRole('alert')).toContainText('405 UNSUPPORTED');
  await expect(dialog.getByRole('alert')).toContainText('storage.delete.enabled');
  await expect(dialog.getByRole('button', { name: 'Remove tag' })).toBeDisabled();
  expect(probes).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Remembered for the session: the page now says why and the actions are off.
  await expect(page.getByRole('note')).toContainText('Remove tag and Delete image are disabled');
  await expect(page.getByRole('note')).toContainText('405 UNSUPPORTED');
  await expect(remove).toBeDisabled();
  await page.getByRole('button', { name: 'More actions for v1', exact: true }).click();
  await expect(page.getByRole('menuitem', { name: 'Delete image of v1', exact: true })).toBeDisabled();
  expect(probes).toHaveLength(1);

  // The registry really refuses deletes, and nothing changed.
  const refused = await request.delete(`${appB}/v2/actions/locked/manifests/v1`);
  expect(refused.status()).toBe(405);
  expect(await tagsOf(request, 'actions/locked', appB)).toEqual(['also-v1', 'v1']);
});
