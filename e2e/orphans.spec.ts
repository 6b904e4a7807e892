// Orphans on the real registry (digest ledger): the portal sees a tag, the test re-pushes other
// content under it, a scan shows the old digest as an orphan with its size and reclaimable bytes,
// and deleting it makes HEAD by digest 404. Uses its own repository, so the shared seed is intact.
import type { Page } from '@playwright/test';
import { seedRegistry, type ImageSpec, type TagRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { headManifest } from './registry-api.ts';

const REPO = 'orphans-e2e/app';

const image = (version: string, created: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created,
  // The base layer is shared by both versions: it must not count as reclaimable.
  layers: [
    { key: 'orphans-e2e:base', size: 64 * 1024 },
    { key: `orphans-e2e:app:${version}`, size: 24 * 1024 },
  ],
  labels: { 'org.opencontainers.image.version': version },
});

async function push(registryUrl: string, spec: ImageSpec): Promise<TagRecord> {
  const record = await seedRegistry(registryUrl, { repositories: [{ name: REPO, pushes: [{ tags: ['v1'], artifact: spec }] }] });
  const tag = record.repositories[REPO]?.tags.v1;
  if (!tag) throw new Error('seed did not record v1');
  return tag;
}

/** Reads the ledger's record of the repository straight from IndexedDB in the page. */
async function ledgerDigests(page: Page): Promise<string[]> {
  return page.evaluate(
    (repo) =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('regatta-ledger');
        // Opening a database that does not exist yet would create it empty (version 1, no stores)
        // and the app could then never create its store: abort instead, the ledger is not there yet.
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('repositories')) {
            db.close();
            return resolve([]);
          }
          const all = db.transaction('repositories').objectStore('repositories').getAll();
          all.onsuccess = () => {
            const ledgers = all.result as { repository: string; manifests: Record<string, unknown> }[];
            db.close();
            resolve(Object.keys(ledgers.find((l) => l.repository === repo)?.manifests ?? {}));
          };
          all.onerror = () => resolve([]);
        };
      }),
    REPO,
  );
}

test('a re-pushed tag leaves an orphan the portal finds, sizes and deletes', async ({ page, request, rig }) => {
  const old = await push(rig.registryUrl, image('1.0', '2025-01-01T00:00:00Z'));

  // The portal views the tag: its HEAD is recorded in the digest ledger.
  await page.goto(`/r/${REPO}`);
  await expect(page.getByRole('row', { name: /v1/ })).toBeVisible();
  await expect.poll(() => ledgerDigests(page), { timeout: 15_000 }).toContain(old.digest);

  const current = await push(rig.registryUrl, image('2.0', '2025-02-01T00:00:00Z'));
  expect(current.digest).not.toBe(old.digest);

  // Independently: the old image's size is config + layers; what it frees is what the new one does not use.
  const stillUsed = new Set((current.layers ?? []).map((l) => l.digest));
  const expectedReclaim = old.size - (old.layers ?? []).filter((l) => stillUsed.has(l.digest)).reduce((sum, l) => sum + l.size, 0);
  expect(expectedReclaim).toBeLessThan(old.size);

  await page.goto(`/r/${REPO}/-/orphans`);
  await expect(page.getByText('Source: digest ledger.')).toBeVisible();
  await page.getByRole('button', { name: 'Scan repository' }).click();
  const row = page.getByRole('row', { name: `${REPO}@${old.digest}` });
  await expect(row).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(row.getByRole('cell', { name: 'v1', exact: true })).toBeVisible();
  const bytes = await row.locator('[data-bytes]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-bytes'))));
  expect(bytes).toEqual([old.size, expectedReclaim]);
  await expect(page.getByTestId('reclaim-total')).toBeVisible();
  await expect(page.getByText(/garbage collection runs/)).toBeVisible();

  await row.getByRole('button', { name: /^Delete / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete manifest' }).click();
  await expect(page.getByRole('region', { name: 'Deletion report' })).toContainText('done');

  const gone = await headManifest(request, REPO, old.digest);
  expect(gone.status()).toBe(404);
  const kept = await headManifest(request, REPO, 'v1');
  expect(kept.headers()['docker-content-digest']).toBe(current.digest);
});
