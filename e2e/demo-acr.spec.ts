// The demo (`npm start` without REGISTRY_URL) is an Azure Container Registry: its in-page registry
// answers /acr/v1/ with push times and locks, so the orphans and cleanup pages behave as on ACR.
// The demo's content: two untagged manifests (acr-helloworld's first v2, and dotnet-build's first
// 8.0, locked as a rollback image) and a locked legacy tag (product-returns/legacy-integrator:2025.12).
// Every page load seeds it afresh, so each test starts from the same content.
import type { Locator, Page } from '@playwright/test';
import { startDemoServer, stopDemoServers, type DemoServer } from './demo-server.ts';
import { expect, test } from './fixtures.ts';

let server: DemoServer | undefined;

test.describe('the demo registry is an ACR', () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000); // a stale dist/ makes npm start build first
    server = await startDemoServer();
  });

  test.afterAll(() => stopDemoServers());

  test('orphans: the source is ACR, the locked rollback image cannot be deleted, the other orphan can', async ({ page }) => {
    await page.goto(`${server!.url}/orphans`);
    const source = page.getByRole('region', { name: 'Source' });
    await expect(source).toContainText('Source: ACR manifest API.');
    await expect(source).toContainText('Why: the registry answers /acr/v1/_catalog.');

    await page.getByRole('button', { name: 'Scan registry' }).click();
    await expect(page.getByText(/: 2 untagged manifests found\.$/)).toBeVisible();
    const rollback = page.getByRole('row', { name: /^warrantydept\/dotnet-build@sha256:/ });
    const helloworld = page.getByRole('row', { name: /^acr-helloworld@sha256:/ });
    await expect(rollback.getByText('Locked — unlock to delete')).toBeVisible();
    await expect(rollback.getByRole('button', { name: /^Delete / })).toBeDisabled();
    await expect(helloworld.getByText('Locked — unlock to delete')).toHaveCount(0);

    const digest = (await helloworld.getAttribute('aria-label'))!.split('@')[1]!;
    await helloworld.getByRole('button', { name: /^Delete / }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete manifest' }).click();
    await expect(page.getByRole('region', { name: 'Deletion report' })).toContainText(`acr-helloworld@${digest}: done`);
    await expect(helloworld).toHaveCount(0);
    await expect(rollback).toBeVisible();

    // The registry agrees: a new scan finds only the locked one.
    await page.getByRole('button', { name: 'Scan registry' }).click();
    await expect(page.getByText(/: 1 untagged manifest found\.$/)).toBeVisible();
    await expect(rollback).toBeVisible();
  });

  test('cleanup: the run does exactly what the dry run listed; the locked tag is skipped', async ({ page }) => {
    await page.goto(`${server!.url}/cleanup`);
    await expect(page.getByText(/Source: ACR manifest API\. Why: the registry answers \/acr\/v1\/_catalog\./)).toBeVisible();
    await dryRunProductReturns(page);

    const legacy = page.getByRole('region', { name: 'Plan for product-returns/legacy-integrator' });
    await expect(legacy.locator('tr[data-action="skip"]')).toHaveText([/^Skipped \(locked\)2025\.12.*The tag is locked/]);
    const planned = await plannedOperations(page);
    expect(planned).toHaveLength(2);
    expect(planned.every((operation) => operation.startsWith('product-returns/web-submission delete sha256:'))).toBe(true);

    const report = await run(page, planned.length);
    await expect(report.getByRole('status')).toHaveText('2 done');
    expect(await reportedOperations(report)).toEqual(planned.map((operation) => ({ operation, status: 'done' })));

    // Run again: nothing left to do in web-submission, the locked tag still skipped.
    await dryRunProductReturns(page);
    await expect(page.getByRole('region', { name: 'Plan for product-returns/legacy-integrator' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Plan for product-returns/web-submission' })).toHaveCount(0);
  });

  test('cleanup: an image locked after the dry run is refused by the registry, said plainly, and kept', async ({ page }) => {
    await page.goto(`${server!.url}/cleanup`);
    await dryRunProductReturns(page);
    const submission = page.getByRole('region', { name: 'Plan for product-returns/web-submission' });
    const v1 = (await submission.locator('tr[data-action="delete"]', { hasText: /^Delete imagev1sha256/ }).locator('[data-testid="plan-digest"]').textContent())!;
    const planned = await plannedOperations(page);

    // Someone locks v1 (as the portal does) between the dry run and the run.
    const status = await page.evaluate(
      async ({ digest }) => (await fetch(`/acr/v1/product-returns/web-submission/_manifests/${digest}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ deleteEnabled: false, writeEnabled: false }) })).status,
      { digest: v1 },
    );
    expect(status).toBe(200);

    const report = await run(page, planned.length);
    await expect(report.getByRole('status')).toHaveText('1 done, 1 skipped-locked');
    expect((await reportedOperations(report)).map((entry) => entry.operation)).toEqual(planned);
    await expect(report.getByRole('row', { name: new RegExp(v1) })).toContainText(/skipped-locked — Locked: the registry refused \(405 REGISTRY_DISALLOWED_OPERATION/);

    // v1 is still there: the next dry run shows its image as locked.
    await dryRunProductReturns(page);
    await expect(page.getByRole('region', { name: 'Plan for product-returns/web-submission' }).locator(`tr[data-action="skip"]:has([title="${v1}"])`)).toContainText('Skipped (locked)');
  });

  test("Connect: the demo's login server is the page's host, so the Azure-only section stays closed", async ({ page }) => {
    await page.goto(`${server!.url}/connect`);
    await expect(page.getByText(`Login server ${new URL(server!.url).host}`)).toBeVisible();
    await expect(page.getByText('Azure Container Registry only')).toBeVisible();
    await expect(page.locator('details', { hasText: 'X-Meta-Source-Client' })).not.toHaveAttribute('open');
  });
});

/** Every image of product-returns/*, whatever its age, skipping locked ones. */
async function dryRunProductReturns(page: Page) {
  await page.getByLabel(/Repository filter/).fill('product-returns/.*');
  await page.getByLabel(/Tag filter/).fill('');
  await page.getByLabel(/Older than/).fill('');
  await page.getByLabel(/Keep the newest/).fill('0');
  await page.getByRole('checkbox', { name: /Skip locked/ }).check();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByRole('region', { name: 'Dry run' })).toBeVisible();
}

/** The dry run's changes as "<repository> <delete|untag> <digest>", sorted. */
async function plannedOperations(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const plan of await page.getByRole('region', { name: /^Plan for / }).all()) {
    const repository = (await plan.getAttribute('aria-label'))!.replace('Plan for ', '');
    for (const row of await plan.locator('tr[data-action="delete"], tr[data-action="untag"]').all()) {
      out.push(`${repository} ${await row.getAttribute('data-action')} ${await row.locator('[data-testid="plan-digest"]').textContent()}`);
    }
  }
  return out.sort();
}

async function run(page: Page, operations: number): Promise<Locator> {
  await page.getByRole('button', { name: `Run (${operations} operations)` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Run cleanup' }).click();
  const report = page.getByRole('region', { name: 'Run report' });
  await expect(report).toBeVisible();
  return report;
}

/** The run report in the same form as plannedOperations, with each status. */
async function reportedOperations(report: Locator): Promise<{ operation: string; status: string }[]> {
  const rows = await report.locator('tbody tr').all();
  const out = [];
  for (const row of rows) {
    const [repository, operation, digest, status] = await row.locator('td').allTextContents();
    out.push({ operation: `${repository} ${operation?.startsWith('remove tag') ? 'untag' : 'delete'} ${digest}`, status: status ?? '' });
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation));
}
