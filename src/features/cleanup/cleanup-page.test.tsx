import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { createTestClient, noAcrApi, setupTestRegistry } from '../../testing/test-server';
import { CleanupPage } from './cleanup-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
beforeEach(() => server.use(noAcrApi(baseUrl)));

const client = () => createTestClient(baseUrl);

async function fill(user: ReturnType<typeof renderWithProviders>['user'], label: RegExp, value: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  // user-event reads [ and { as key descriptors: doubled, they are typed literally.
  if (value) await user.type(input, value.replace(/[[{]/g, '$&$&'));
}

describe('cleanup page on a plain v2 registry', () => {
  it('dry run lists exactly the expected tags and images; run leaves exactly the rest', async () => {
    const v1 = await pushImage(fake, 'svc/api', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    const v2 = await pushImage(fake, 'svc/api', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    await tagExisting(fake, 'svc/api', 'stable', v2.digest);
    const v3 = await pushImage(fake, 'svc/api', { tags: ['v3'], created: '2025-03-01T00:00:00Z', seed: '3' });
    const other = await pushImage(fake, 'other/api', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: 'o' });

    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client() } });
    await fill(user, /Repository filter/, 'svc/.*');
    await fill(user, /Tag filter/, 'v[0-9]+');
    await fill(user, /Older than/, '30');
    await fill(user, /Keep the newest/, '1');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));

    const plan = await screen.findByRole('region', { name: 'Plan for svc/api' });
    // v3 is kept (newest); v1 goes with its image; v2 is removed but its image keeps "stable".
    expect(within(plan).getAllByRole('row').filter((r) => r.dataset.action === 'delete').map((r) => r.textContent)).toEqual([expect.stringContaining('v1')]);
    expect(within(plan).getAllByRole('row').filter((r) => r.dataset.action === 'untag').map((r) => r.textContent)).toEqual([expect.stringContaining('v2')]);
    expect(screen.getByText(/2 tags removed, 1 image deleted in 1 repository/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Plan for other/api' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Run (2 operations)' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Run cleanup' }));
    expect(await screen.findByRole('region', { name: 'Run report' })).toHaveTextContent('2 done');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', expect.stringContaining('data:text/csv'));

    expect(fake.getManifest('svc/api', v1.digest)).toBeUndefined();
    expect([...(fake.listTags('svc/api') ?? [])].sort()).toEqual(['stable', 'v3']);
    expect(fake.getManifest('svc/api', 'stable')?.digest).toBe(v2.digest);
    expect(fake.getManifest('svc/api', 'v3')?.digest).toBe(v3.digest);
    expect(fake.getManifest('other/api', 'v1')?.digest).toBe(other.digest);
  });

  it('skips what changed since the dry run instead of deleting it', async () => {
    const v1 = await pushImage(fake, 'svc/web', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    await pushImage(fake, 'svc/web', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client() } });
    await fill(user, /Older than/, '');
    await fill(user, /Keep the newest/, '1');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    await screen.findByRole('region', { name: 'Plan for svc/web' });
    // Someone tags the image about to be deleted after the dry run.
    await tagExisting(fake, 'svc/web', 'prod', v1.digest);
    await user.click(screen.getByRole('button', { name: 'Run (1 operation)' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Run cleanup' }));
    expect(await screen.findByRole('region', { name: 'Run report' })).toHaveTextContent('1 skipped-changed');
    expect(screen.getByText(/prod also points at it/)).toBeInTheDocument();
    expect(fake.getManifest('svc/web', v1.digest)).toBeDefined();
  });

  it('names the invalid field', async () => {
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client() } });
    await fill(user, /Tag filter/, '(');
    await user.click(screen.getByRole('button', { name: 'Dry run' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/tag filter is not a valid regular expression/);
  });

  it('fills the rules from a pasted acr purge command, and says what it cannot use', async () => {
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client() } });
    await fill(user, /paste an acr purge command/i, "acr purge --registry r --filter 'svc/api:v[0-9]+' --ago 2d12h --keep 2 --untagged");
    await user.click(screen.getByRole('button', { name: 'Fill from command' }));
    expect(screen.getByLabelText(/Repository filter/)).toHaveValue('svc/api');
    expect(screen.getByLabelText(/Tag filter/)).toHaveValue('v[0-9]+');
    expect(screen.getByLabelText(/Older than/)).toHaveValue('2.5');
    expect(screen.getByLabelText(/Keep the newest/)).toHaveValue('2');
    expect(screen.getByRole('checkbox', { name: 'Include untagged manifests' })).toBeChecked();
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('ignored here: --registry r');
    await fill(user, /paste an acr purge command/i, 'acr purge --filter a:b --ago 1d --include-locked');
    await user.click(screen.getByRole('button', { name: 'Fill from command' }));
    expect(screen.getByRole('alert')).toHaveTextContent('never deletes a locked');
  });
});
