// Cleanup against a real registry started with deletes off (distribution's default,
// storage.delete.enabled: false). Whatever the run attempts, every tag must end on the digest it
// had; the UI says why. Own registry + nginx (own-rig.ts), so the shared seed is untouched.
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { resolveManifest, tagsOf } from './registry-api.ts';
import { startDryRun } from './pages/cleanup-page.ts';

const REPO = 'off/api';
const DAY = 86_400_000;
const PROBE = /\/manifests\/sha256:f99b93f117806a593c0ad72f608cc8e3b2d93430a612ae74ac32f87ea4661f1e$/;

const image = (key: string, created: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created,
  layers: [{ key: 'off:base', size: 16 * 1024 }, { key: `off:${key}`, size: 4 * 1024 }],
  labels: { 'org.opencontainers.image.version': key },
});

const rig = ownRig('cleanup-off');
let app = '';
let seed: SeedRecord;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry'), deleteEnabled: false }));
  seed = await seedRegistry(registry.url, {
    repositories: [
      {
        name: REPO,
        pushes: [
          { tags: ['v1'], artifact: image('v1', '2024-01-01T00:00:00Z') },
          { tags: ['v2', 'stable'], artifact: image('v2', '2024-02-01T00:00:00Z') },
          { tags: ['v3'], artifact: image('v3', '2024-03-01T00:00:00Z') },
          { tags: ['v4'], artifact: image('v4', new Date(Date.now() - 2 * DAY).toISOString()) },
        ],
      },
    ],
  });
  app = await rig.serveApp('cleanup-off', { registries: [{ name: 'off', url: '', catalogPageSize: 100 }] }, { registryUrl: registry.url });
});

test.afterAll(() => rig.close());

/** Every seeded tag still resolves, through the registry API, to the digest it was pushed with. */
async function expectUnchanged(request: import('@playwright/test').APIRequestContext) {
  const tags = seed.repositories[REPO]!.tags;
  expect(await tagsOf(request, REPO, app)).toEqual(Object.keys(tags).sort());
  for (const [tag, record] of Object.entries(tags)) expect(await resolveManifest(request, REPO, tag, app), tag).toEqual({ status: 200, digest: record.digest });
}

async function dryRun(page: import('@playwright/test').Page) {
  await page.goto(`${app}/cleanup`);
  await startDryRun(page, { repository: REPO, tag: 'v[0-9]+', olderThanDays: 30, keepNewest: 1 });
  await expect(page.getByRole('region', { name: `Plan for ${REPO}` })).toBeVisible({ timeout: 15_000 });
  // v1 and v3 go with their images; v2 is untagged (stable keeps its image).
  await page.getByRole('button', { name: 'Run (3 operations)' }).click();
}

test('the run asks first: deletes off → the dialog says why, offers no run, and nothing changes', async ({ page, request }) => {
  await dryRun(page);
  const dialog = page.getByRole('dialog', { name: 'Run the cleanup' });
  await expect(dialog.getByRole('alert')).toContainText('405 UNSUPPORTED');
  await expect(dialog.getByRole('alert')).toContainText('storage.delete.enabled');
  await expect(dialog.getByRole('button', { name: 'Run cleanup' })).toHaveCount(0);
  await expectUnchanged(request);
});

test('when the probe cannot tell, the run untags nothing: the throwaway is deleted or the tag is put back, and the report says why', async ({ page, request }) => {
  // A probe answered 403 (e.g. a token without delete scope) says nothing about deletes: the run goes ahead.
  await page.route(PROBE, (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }) }));
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' || r.method() === 'DELETE') writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await dryRun(page);
  await page.getByRole('dialog', { name: 'Run the cleanup' }).getByRole('button', { name: 'Run cleanup' }).click();
  const report = page.getByRole('region', { name: 'Run report' });
  await expect(report.getByRole('status')).toHaveText('3 refused', { timeout: 20_000 });
  await expect(report.getByRole('row').filter({ hasText: 'remove tag v2' })).toContainText(/Tag v2 was not removed: .*405 UNSUPPORTED.*put back on its image/);
  // The safe untag really moved the tag and put it back (PUT throwaway, DELETE refused, PUT original).
  expect(writes.filter((w) => w === `PUT /v2/${REPO}/manifests/v2`)).toHaveLength(2);
  await expectUnchanged(request);
});
