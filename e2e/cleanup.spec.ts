// Cleanup on the real registry: a dry run on data this spec pushes lists exactly the set computed
// here independently, and running it leaves exactly the rest (checked through the registry API).
import { seedRegistry, type ImageSpec, type SeedRecord } from '../scripts/seed-registry.ts';
import { expect, test } from './fixtures.ts';
import { headManifest, tagsOf } from './registry-api.ts';
import { plannedDeletes, startDryRun } from './pages/cleanup-page.ts';

const TARGET = 'cleanup-e2e/api';
const BYSTANDER = 'cleanup-e2e/other';
const DAY = 86_400_000;

const image = (key: string, created: string): ImageSpec => ({
  kind: 'image',
  format: 'oci',
  created,
  layers: [{ key: 'cleanup-e2e:base', size: 32 * 1024 }, { key: `cleanup-e2e:${key}`, size: 8 * 1024 }],
  labels: { 'org.opencontainers.image.version': key },
});

const RULES = { repository: 'cleanup-e2e/api', tag: 'v[0-9]+', olderThanDays: 30, keepNewest: 1 };

let seed: SeedRecord;

test.beforeAll(async ({ rig }) => {
  const recent = new Date(Date.now() - 2 * DAY).toISOString();
  seed = await seedRegistry(rig.registryUrl, {
    repositories: [
      {
        name: TARGET,
        pushes: [
          { tags: ['v1'], artifact: image('v1', '2024-01-01T00:00:00Z') },
          { tags: ['v2', 'stable'], artifact: image('v2', '2024-02-01T00:00:00Z') },
          { tags: ['v3'], artifact: image('v3', '2024-03-01T00:00:00Z') },
          { tags: ['v4'], artifact: image('v4', recent) },
          { tags: ['v10-rc'], artifact: image('v10-rc', '2024-01-15T00:00:00Z') },
        ],
      },
      { name: BYSTANDER, pushes: [{ tags: ['v1'], artifact: image('other-v1', '2024-01-01T00:00:00Z') }] },
    ],
  });
});

/** The rules applied by hand to what was pushed (no code shared with the app). */
function expected() {
  const tags = seed.repositories[TARGET]!.tags;
  const filter = new RegExp(`^(?:${RULES.tag})$`);
  const matching = Object.entries(tags)
    .filter(([tag]) => filter.test(tag))
    .sort(([, a], [, b]) => Date.parse(b.created) - Date.parse(a.created));
  const removable = matching.slice(RULES.keepNewest).filter(([, r]) => Date.parse(r.created) < Date.now() - RULES.olderThanDays * DAY);
  const removed = new Set(removable.map(([tag]) => tag));
  const byDigest = new Map<string, string[]>();
  for (const [tag, r] of Object.entries(tags)) byDigest.set(r.digest, [...(byDigest.get(r.digest) ?? []), tag]);
  const deleted = [...byDigest].filter(([, all]) => all.some((t) => removed.has(t)) && all.every((t) => removed.has(t))).map(([digest]) => digest);
  const untagged = [...removed].filter((tag) => !deleted.includes(tags[tag]!.digest));
  const remaining = Object.keys(tags).filter((tag) => !removed.has(tag));
  return { deleted: deleted.sort(), untagged: untagged.sort(), remaining: remaining.sort() };
}

test('the dry run lists exactly the expected set and the run leaves exactly the rest', async ({ page, request }) => {
  const want = expected();
  // Sanity of the scenario itself: v1 and v3 go with their images, v2 is untagged (stable keeps it).
  expect(want.deleted).toHaveLength(2);
  expect(want.untagged).toEqual(['v2']);
  expect(want.remaining).toEqual(['stable', 'v10-rc', 'v4']);

  await page.goto('/cleanup');
  await startDryRun(page, RULES);

  const plan = page.getByRole('region', { name: `Plan for ${TARGET}` });
  await expect(plan).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('region', { name: `Plan for ${BYSTANDER}` })).toHaveCount(0);
  const deleteDigests = await plannedDeletes(plan);
  expect(deleteDigests.sort()).toEqual(want.deleted);
  const untagTags = await plan.locator('tr[data-action="untag"] td:nth-child(2)').allTextContents();
  expect(untagTags.sort()).toEqual(want.untagged);

  const operations = want.deleted.length + want.untagged.length;
  await page.getByRole('button', { name: `Run (${operations} operations)` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  await expect(page.getByRole('region', { name: 'Run report' })).toContainText(`${operations} done`, { timeout: 15_000 });

  expect(await tagsOf(request, TARGET)).toEqual(want.remaining);
  for (const digest of want.deleted) {
    expect((await headManifest(request, TARGET, digest)).status(), digest).toBe(404);
  }
  const tags = seed.repositories[TARGET]!.tags;
  for (const tag of want.remaining) {
    const head = await headManifest(request, TARGET, tag);
    expect(head.headers()['docker-content-digest'], tag).toBe(tags[tag]!.digest);
  }
  const bystander = await headManifest(request, BYSTANDER, 'v1');
  expect(bystander.headers()['docker-content-digest']).toBe(seed.repositories[BYSTANDER]!.tags.v1!.digest);
});
