// Revisits start from cache (issue 13) against the REAL registry: a second visit in the same browser
// profile shows the remembered digest at once, marked Checking, and then the registry's answer.
// Its own registry and nginx (own-rig.ts): the shared seeded registry never sees the moved tag.
import { startRegistry } from '../scripts/rig.ts';
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { copyImage, resolveManifest } from './registry-api.ts';
import { RepositoryPage } from './pages/repository-page.ts';

const image = (key: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created: '2026-03-01T10:00:00Z',
  layers: [{ key: `revisit:${key}`, size: 6_000 }],
  labels: { 'org.opencontainers.image.version': key },
});

const rig = ownRig('revisit');
let app = '';
let registryUrl = '';
let seed: SeedRecord;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  await rig.open();
  const registry = rig.add(await startRegistry({ dir: rig.path('registry') }));
  registryUrl = registry.url;
  seed = await seedRegistry(registry.url, {
    repositories: [
      { name: 'revisit/app', pushes: [{ tags: ['v1'], artifact: image('one') }, { tags: ['v2'], artifact: image('two') }] },
      { name: 'revisit/spare', pushes: [{ tags: ['next'], artifact: image('next') }] },
    ],
  });
  app = await rig.serveApp('revisit', { registries: [{ name: 'revisit', url: '', loginServer: 'registry.example.test', catalogPageSize: 100 }] }, { registryUrl: registry.url });
});

test.afterAll(() => rig.close());

const digestOf = (name: string, tag: string) => {
  const record = seed.repositories[name]?.tags[tag];
  if (!record) throw new Error(`not seeded: ${name}:${tag}`);
  return record.digest;
};

/** The tag map the app saved for the next visit, read from the page's IndexedDB. */
const rememberedDigest = (page: import('@playwright/test').Page, name: string, tag: string) =>
  page.evaluate(
    ([name, tag]) =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open('regatta-revisit');
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('last-known')) return resolve(null);
          // Keys are JSON ['tags', <registry URL>, <repository>]; this app knows one registry.
          const all = db.transaction('last-known').objectStore('last-known').getAll(IDBKeyRange.bound('[', '\\'));
          all.onerror = () => resolve(null);
          all.onsuccess = () => {
            const values = all.result as ({ heads?: [string, { digest: string }][] } | undefined)[];
            const keysRequest = db.transaction('last-known').objectStore('last-known').getAllKeys(IDBKeyRange.bound('[', '\\'));
            keysRequest.onsuccess = () => {
              const index = (keysRequest.result as string[]).findIndex((key) => {
                const parts = JSON.parse(key) as string[];
                return parts[0] === 'tags' && parts[2] === name;
              });
              resolve(values[index]?.heads?.find(([t]) => t === tag)?.[1].digest ?? null);
            };
          };
        };
      }),
    [name, tag] as const,
  );

test('a revisit shows the remembered digest marked Checking, then the digest the tag moved to', async ({ context, page, request }) => {
  const name = 'revisit/app';
  const before = digestOf(name, 'v1');
  await page.goto(`${app}/r/${name}`);
  const first = new RepositoryPage(page);
  await expect(first.row('v1').locator(`a[title="${before}"]`)).toBeVisible();
  await expect(first.row('v2').locator('time')).toBeVisible();
  // The app saves what it saw once the answers settle.
  await expect.poll(() => rememberedDigest(page, name, 'v1')).toBe(before);
  await page.close();

  // The tag moves to another image behind the app's back.
  await copyImage(request, 'revisit/spare', 'next', name, 'v1', registryUrl);
  const after = (await resolveManifest(request, name, 'v1', registryUrl)).digest;
  expect(after).toBe(digestOf('revisit/spare', 'next'));

  // Same profile, new page. The tag's HEAD is held until the remembered row has been seen.
  const again = await context.newPage();
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await again.route(`${app}/v2/${name}/manifests/v1`, async (route) => {
    if (route.request().method() === 'HEAD') await held;
    await route.continue();
  });
  await again.goto(`${app}/r/${name}`);
  const revisit = new RepositoryPage(again);
  const row = revisit.row('v1');
  await expect(row.locator(`a[title="${before}"]`)).toBeVisible();
  await expect(row.getByRole('img', { name: 'Checking' })).toBeVisible();
  await expect(row.locator('time')).toBeVisible();
  await expect(again.getByText(/^From cache, as of/)).toBeVisible();

  release();
  await expect(row.locator(`a[title="${after}"]`)).toBeVisible();
  await expect(row.getByRole('img', { name: 'Checking' })).toHaveCount(0);
  await expect(revisit.row('v2').getByRole('img', { name: 'Checking' })).toHaveCount(0);
  await expect(again.getByText(/^From cache, as of/)).toHaveCount(0);
});
