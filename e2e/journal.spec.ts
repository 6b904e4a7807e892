// A safe untag interrupted by a closed tab: PUT throwaway went through, the DELETE of the
// throwaway never left the browser. The next page (same browser profile) finishes what the user
// confirmed — checked through the registry API, bypassing the app. Own registry + nginx.
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { resolveManifest, tagsOf } from './registry-api.ts';

const REPO = 'journal/app';
const PROBE_HEX = 'f99b93f117806a593c0ad72f608cc8e3b2d93430a612ae74ac32f87ea4661f1e';

const image: ImageSpec = {
  kind: 'image',
  format: 'oci',
  created: '2026-03-01T10:00:00Z',
  layers: [{ key: 'journal:base', size: 8 * 1024 }],
  labels: { 'org.opencontainers.image.version': 'journal' },
};

const rig = ownRig('journal');
let app = '';
let seed: SeedRecord;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry') }));
  seed = await seedRegistry(registry.url, { repositories: [{ name: REPO, pushes: [{ tags: ['v1', 'also-v1'], artifact: image }] }] });
  app = await rig.serveApp('journal', { registries: [{ name: 'journal', url: '', catalogPageSize: 100 }] }, { registryUrl: registry.url });
});

test.afterAll(() => rig.close());

test('the tab closes between PUT throwaway and its DELETE: the next page finishes the untag, the sibling tag stays', async ({ context, request }) => {
  const digest = seed.repositories[REPO]!.tags.v1!.digest;
  const page = await context.newPage();
  let putThrowaway = false;
  const held: Promise<void> = new Promise((resolve) => {
    // Hold the DELETE of the throwaway (by digest, after the PUT under the tag); the probe passes.
    void page.route(/\/v2\/journal\/app\/manifests\/sha256:[a-f0-9]{64}$/, async (route) => {
      const url = route.request().url();
      if (route.request().method() === 'DELETE' && putThrowaway && !url.endsWith(PROBE_HEX)) {
        resolve();
        return; // never answered: the tab closes first
      }
      await route.continue();
    });
  });
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().endsWith(`/v2/${REPO}/manifests/v1`)) putThrowaway = true;
  });

  await page.goto(`${app}/r/${REPO}`);
  const remove = page.getByRole('button', { name: 'Remove tag v1', exact: true });
  await expect(remove).toBeEnabled({ timeout: 15_000 });
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove tag v1' });
  await expect(dialog.getByText(/also tagged/)).toContainText('also-v1');
  await dialog.getByRole('button', { name: 'Remove tag' }).click();
  await held;
  // Between the two steps: v1 is on the throwaway now.
  const between = await resolveManifest(request, REPO, 'v1', app);
  expect(between.status).toBe(200);
  expect(between.digest).not.toBe(digest);
  await page.close();

  const next = await context.newPage();
  await next.goto(`${app}/`);
  await expect(next.getByRole('region', { name: 'Notifications' })).toContainText(`Finished removing tag v1 from ${REPO}`, { timeout: 15_000 });

  expect(await tagsOf(request, REPO, app)).toEqual(['also-v1']);
  expect(await resolveManifest(request, REPO, 'also-v1', app)).toEqual({ status: 200, digest });
  expect((await resolveManifest(request, REPO, digest, app)).status).toBe(200);
  expect((await resolveManifest(request, REPO, between.digest!, app)).status).toBe(404);
});
