// Docker schema 1 (deprecated) on a REAL distribution 2.8.2 with `compatibility.schema1.enabled`:
// a schema 2 image pushed by the seeder, converted by `skopeo copy --format v2s1` into another
// tag of the same repository. The registry stores only the payload and signs it again on every
// GET, so the digest is over the payload without the JWS signatures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { ManifestPage } from './pages/manifest-page.ts';
import { RepositoryPage } from './pages/repository-page.ts';
import { MANIFEST_ACCEPT, resolveManifest, tagsOf } from './registry-api.ts';

const run = promisify(execFile);
const NAME = 'legacy/app';
const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

const image = (key: string, created: string): ImageSpec => ({
  kind: 'image',
  format: 'docker',
  created,
  layers: [
    { key: 'schema1-base', size: 12_000, createdBy: 'ADD rootfs.tar /' },
    { key: `schema1:${key}`, size: 4_000, createdBy: `COPY ${key} /app` },
  ],
  cmd: ['/app/run'],
});

const rig = ownRig('schema1');
let app = '';
let seed: SeedRecord;
/** What the registry itself says about the schema 1 tag (HEAD, current Accept list). */
let legacy: { digest: string; contentType: string };

test.beforeAll(async () => {
  test.setTimeout(90_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry'), extraConfig: ['compatibility:', '  schema1:', '    enabled: true'] }));
  seed = await seedRegistry(registry.url, {
    repositories: [{ name: NAME, pushes: [{ tags: ['v1'], artifact: image('v1', '2025-05-01T10:00:00Z') }, { tags: ['v2'], artifact: image('v2', '2025-06-01T10:00:00Z') }] }],
  });
  const host = new URL(registry.url).host;
  await run('/usr/bin/skopeo', ['copy', '--format', 'v2s1', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${host}/${NAME}:v1`, `docker://${host}/${NAME}:old`]);
  const head = await fetch(`${registry.url}/v2/${NAME}/manifests/old`, { method: 'HEAD', headers: { Accept: MANIFEST_ACCEPT } });
  legacy = { digest: head.headers.get('Docker-Content-Digest') ?? '', contentType: head.headers.get('Content-Type') ?? '' };
  // The premise, as distribution 2.8.2 answers: signed schema 1 with the current Accept list (no
  // schema 1 type needed), re-signed on every GET (other bytes, same Docker-Content-Digest).
  expect(legacy.contentType).toBe(SCHEMA1_SIGNED);
  expect(legacy.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  const get = () => fetch(`${registry.url}/v2/${NAME}/manifests/old`, { headers: { Accept: MANIFEST_ACCEPT } });
  const [a, b] = [await get(), await get()];
  expect([a.headers.get('Docker-Content-Digest'), b.headers.get('Docker-Content-Digest')]).toEqual([legacy.digest, legacy.digest]);
  const [bytesA, bytesB] = [Buffer.from(await a.arrayBuffer()), Buffer.from(await b.arrayBuffer())];
  expect((JSON.parse(bytesA.toString()) as { signatures?: unknown[] }).signatures).toHaveLength(1);
  expect(bytesA.equals(bytesB)).toBe(false);
  app = await rig.serveApp('schema1', { registries: [{ name: 'legacy', url: '', loginServer: 'registry.example.test', catalogPageSize: 100 }] }, { registryUrl: registry.url });
});

test.afterAll(() => rig.close());

test('tag table, inspector and digest check for a schema 1 tag', async ({ page }) => {
  const repo = new RepositoryPage(page);
  await page.goto(`${app}/r/${NAME}`);
  await expect(repo.tagCount).toHaveText(/3 tags/);
  const row = repo.row('old');
  await expect(row.locator(`a[title="${legacy.digest}"]`)).toBeVisible();
  await expect(row).toContainText('unknown');
  await expect(row).toContainText('linux/amd64');
  await expect(row.locator('time')).toHaveAttribute('datetime', new Date('2025-05-01T10:00:00Z').toISOString());
  await expect(row).not.toContainText(/error|mismatch/i);
  for (const tag of ['v1', 'v2']) await expect(repo.row(tag).locator(`[title="${seed.repositories[NAME]!.tags[tag]!.size} bytes"]`)).toBeVisible();

  await row.getByRole('link', { name: 'old', exact: true }).click();
  const inspector = new ManifestPage(page);
  await expect(inspector.kind).toHaveText('Docker schema 1 (deprecated)');
  await expect(inspector.digest).toHaveText(legacy.digest);
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
  await expect(inspector.raw.getByRole('status')).toContainText(legacy.digest);
  await expect(inspector.raw).toContainText('payload without the JWS signatures');
  // Layers base first: the two seeded layers, then the empty layer the converter adds for the
  // metadata-only steps (gzip of an empty tar).
  const seeded = seed.repositories[NAME]!.tags.v1!.layers!.map((layer) => layer.digest);
  expect(await inspector.layerDigests()).toEqual([...seeded, 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4']);
  await expect(inspector.layerRow(1)).toContainText('ADD rootfs.tar /');
  await expect(inspector.layerRow(2)).toContainText('COPY v1 /app');
  await expect(inspector.layerRow(1)).toContainText('unknown');
  await expect(page.getByText('Platform', { exact: true }).locator('..')).toContainText('linux/amd64');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('another tag of the repository can be removed while the schema 1 tag is there', async ({ page, request }) => {
  await page.goto(`${app}/r/${NAME}`);
  const remove = page.getByRole('button', { name: 'Remove tag v2', exact: true });
  await expect(remove).toBeEnabled();
  await remove.click();
  const dialog = page.getByRole('dialog', { name: 'Remove tag v2' });
  await dialog.getByRole('radio', { name: /Remove tag, keep image/ }).check();
  await dialog.getByRole('button', { name: 'Remove tag' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`Removed tag v2 from ${NAME}`);

  expect((await tagsOf(request, NAME, app)).sort()).toEqual(['old', 'v1']);
  expect((await resolveManifest(request, NAME, 'v2', app)).status).toBe(404);
  expect(await resolveManifest(request, NAME, 'v1', app)).toEqual({ status: 200, digest: seed.repositories[NAME]!.tags.v1!.digest });
  expect(await resolveManifest(request, NAME, 'old', app)).toEqual({ status: 200, digest: legacy.digest });
});

test('the schema 1 tag itself can be re-tagged: same digest under the new tag', async ({ page, request }) => {
  await page.goto(`${app}/r/${NAME}`);
  await expect(page.getByRole('button', { name: 'Remove tag old', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'More actions for old', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Re-tag old', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Re-tag old' });
  await dialog.getByLabel('New tag').fill('old-again');
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(`as ${NAME}:old-again`);
  expect(await resolveManifest(request, NAME, 'old-again', app)).toEqual({ status: 200, digest: legacy.digest });
  expect(await resolveManifest(request, NAME, 'old', app)).toEqual({ status: 200, digest: legacy.digest });
});
