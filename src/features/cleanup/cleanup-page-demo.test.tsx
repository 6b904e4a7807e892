import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { createTestClient, setupDemoTestRegistry } from '../../testing/test-server';
import { CleanupPage } from './cleanup-page';

// The demo registry as `npm start` serves it without REGISTRY_URL: an ACR (metadata API, times, locks).
const { baseUrl, loginServer, demo } = setupDemoTestRegistry();

type User = ReturnType<typeof renderWithProviders>['user'];

async function fill(user: User, label: RegExp, value: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  if (value) await user.type(input, value.replace(/[[{]/g, '$&$&'));
}

/** Every image of product-returns/*, whatever its age; the locked legacy tag included in the match. */
async function dryRunProductReturns(user: User, { skipLocked = true } = {}) {
  await fill(user, /Repository filter/, 'product-returns/.*');
  await fill(user, /Tag filter/, '');
  await fill(user, /Older than/, '');
  await fill(user, /Keep the newest/, '0');
  const skip = screen.getByRole('checkbox', { name: /Skip locked/ });
  if ((skip as HTMLInputElement).checked !== skipLocked) await user.click(skip);
  await user.click(screen.getByRole('button', { name: 'Dry run' }));
}

function renderCleanup() {
  return renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: createTestClient(baseUrl), loginServer, demo: true } });
}

/** What the dry run plans, as "<repository> <action> <digest>" (skipped items left out). */
function plannedOperations(): string[] {
  return screen
    .getAllByRole('region', { name: /^Plan for / })
    .flatMap((plan) =>
      within(plan)
        .getAllByRole('row')
        .filter((row) => row.dataset.action === 'delete' || row.dataset.action === 'untag')
        .map((row) => `${plan.getAttribute('aria-label')?.replace('Plan for ', '')} ${row.dataset.action} ${row.querySelector('[data-testid="plan-digest"]')?.textContent}`),
    )
    .sort();
}

/** What the run did, in the same form, with its status. */
function reportedOperations(): { operation: string; status: string }[] {
  const report = screen.getByRole('region', { name: 'Run report' });
  return within(report)
    .getAllByRole('row')
    .slice(1)
    .map((row) => {
      const [repository, operation, digest, status] = within(row).getAllByRole('cell').map((cell) => cell.textContent ?? '');
      return { operation: `${repository} ${operation?.startsWith('remove tag') ? 'untag' : 'delete'} ${digest}`, status: status ?? '' };
    })
    .sort((a, b) => a.operation.localeCompare(b.operation));
}

async function run(user: User, operations: number) {
  await user.click(screen.getByRole('button', { name: `Run (${operations} operations)` }));
  await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Run cleanup' }));
  return screen.findByRole('region', { name: 'Run report' });
}

describe('cleanup page on the demo registry (ACR)', () => {
  it('says its source is the ACR manifest API; the run does exactly the dry run and leaves the locked tag', async () => {
    const { user } = renderCleanup();
    expect(await screen.findByText(/Source: ACR manifest API\. Why: the registry answers \/acr\/v1\/_catalog\./)).toBeInTheDocument();
    await dryRunProductReturns(user);

    const legacy = await screen.findByRole('region', { name: 'Plan for product-returns/legacy-integrator' });
    const skipped = within(legacy).getAllByRole('row').filter((row) => row.dataset.action === 'skip');
    expect(skipped.map((row) => row.textContent)).toEqual([expect.stringMatching(/^Skipped \(locked\)2025\.12.*The tag is locked/)]);
    const submission = demo().record.repositories['product-returns/web-submission'] ?? {};
    const planned = plannedOperations();
    expect(planned).toEqual([...new Set([submission.v1?.digest, submission.v2?.digest])].map((digest) => `product-returns/web-submission delete ${digest}`).sort());

    expect(await run(user, planned.length)).toHaveTextContent(`${planned.length} done`);
    expect(reportedOperations()).toEqual(planned.map((operation) => ({ operation, status: 'done' })));
    expect(demo().fake.listTags('product-returns/web-submission') ?? []).toEqual([]);
    const legacyImage = demo().record.repositories['product-returns/legacy-integrator']?.['2025.12'];
    expect(demo().fake.getManifest('product-returns/legacy-integrator', '2025.12')?.digest).toBe(legacyImage?.digest);
  });

  it('refuses the whole run while a locked tag matches and "Skip locked" is off', async () => {
    const { user } = renderCleanup();
    await dryRunProductReturns(user, { skipLocked: false });
    expect(await screen.findByRole('alert')).toHaveTextContent('1 locked match and "Skip locked" is off: the run is refused.');
    expect(screen.getByRole('button', { name: /^Run \(/ })).toBeDisabled();
  });

  it('reports an image locked after the dry run as refused by the registry, and keeps it', async () => {
    const { user } = renderCleanup();
    await dryRunProductReturns(user);
    await screen.findByRole('region', { name: 'Plan for product-returns/web-submission' });
    const planned = plannedOperations();
    const v1 = demo().record.repositories['product-returns/web-submission']?.v1?.digest ?? '';
    // Someone locks v1 in the portal between the dry run and the run.
    demo().acr.setManifestAttributes('product-returns/web-submission', v1, { deleteEnabled: false, writeEnabled: false });

    const report = await run(user, planned.length);
    expect(report).toHaveTextContent(`${planned.length - 1} done, 1 skipped-locked`);
    expect(reportedOperations().map((entry) => entry.operation)).toEqual(planned);
    const refused = within(report).getByRole('row', { name: new RegExp(v1) });
    expect(refused).toHaveTextContent(/skipped-locked — Locked: the registry refused \(405 REGISTRY_DISALLOWED_OPERATION/);
    expect(demo().fake.getManifest('product-returns/web-submission', v1)).toBeDefined();
  });
});
