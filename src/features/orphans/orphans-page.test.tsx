import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { recordObservations } from '../../queries/ledger-store';
import { makeLayer, pushImage, pushIndex } from '../../testing/fake-images';
import { createTestClient, noAcrApi, setupTestRegistry } from '../../testing/test-server';
import { OrphansPage, RepositoryOrphansPage } from './orphans-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
// A plain distribution: no ACR metadata API.
beforeEach(() => server.use(noAcrApi(baseUrl)));

const client = () => createTestClient(baseUrl);

function bytesIn(row: HTMLElement): number[] {
  return [...row.querySelectorAll('[data-bytes]')].map((cell) => Number(cell.getAttribute('data-bytes')));
}

describe('orphans page on a plain v2 registry (digest ledger)', () => {
  it('finds the old digest of a re-pushed tag, with its size and reclaimable bytes, and deletes it', async () => {
    const base = makeLayer('base', 20_000);
    const old = await pushImage(fake, 'team/app', { tags: ['v1'], sharedLayers: [base], layers: [3000, 5000], seed: 'old' });
    // "The portal views the tag": the ledger records what the tag pointed at.
    await recordObservations(baseUrl, 'team/app', [{ tag: 'v1', digest: old.digest }]);
    const current = await pushImage(fake, 'team/app', { tags: ['v1'], sharedLayers: [base], layers: [4000], seed: 'new' });
    expect(current.digest).not.toBe(old.digest);

    const { user } = renderWithProviders(<RepositoryOrphansPage />, { route: '/r/team/app/-/orphans', path: '/r/*', registry: { client: client() } });
    expect(await screen.findByText(/Source: digest ledger/)).toBeInTheDocument();
    expect(screen.getByText(/What it cannot see:/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Scan repository' }));

    const row = await screen.findByRole('row', { name: `team/app@${old.digest}` });
    expect(within(row).getByText('v1')).toBeInTheDocument();
    const [size, reclaim] = bytesIn(row);
    expect(size).toBe(old.size);
    // The shared base layer stays in use by the new v1.
    expect(reclaim).toBe(old.size - base.byteLength);
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.getByText(/garbage collection/)).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: /^Delete team\/app@/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete manifest' }));
    expect(await screen.findByText(/: done/)).toBeInTheDocument();
    expect(fake.getManifest('team/app', old.digest)).toBeUndefined();
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(current.digest);
    expect(screen.queryByRole('row', { name: `team/app@${old.digest}` })).not.toBeInTheDocument();
  });

  it('drops recorded digests that are gone (404 by digest) and never lists platforms of a tagged index', async () => {
    const index = await pushIndex(fake, 'multi/app', { tags: ['1.0'], platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    const child = index.children[0]!;
    // The ledger once saw a tag on a platform manifest and on a digest that was deleted since.
    const gone = await pushImage(fake, 'multi/app', { tags: [], seed: 'gone' });
    fake.deleteManifest('multi/app', gone.digest);
    await recordObservations(baseUrl, 'multi/app', [
      { tag: 'amd64', digest: child.digest },
      { tag: 'old', digest: gone.digest },
    ]);

    const { user } = renderWithProviders(<OrphansPage />, { route: '/orphans?ns=multi', path: '/orphans', registry: { client: client() } });
    await user.click(await screen.findByRole('button', { name: 'Scan namespace multi/' }));
    expect(await screen.findByText(/no orphans found/)).toBeInTheDocument();
  });

  it('bulk delete asks for the repository name and deletes every selected manifest', async () => {
    const a = await pushImage(fake, 'bulk/app', { tags: ['t'], seed: 'a' });
    await recordObservations(baseUrl, 'bulk/app', [{ tag: 't', digest: a.digest }]);
    const b = await pushImage(fake, 'bulk/app', { tags: ['t'], seed: 'b' });
    await recordObservations(baseUrl, 'bulk/app', [{ tag: 't', digest: b.digest }]);
    await pushImage(fake, 'bulk/app', { tags: ['t'], seed: 'c' });

    const { user } = renderWithProviders(<RepositoryOrphansPage />, { route: '/r/bulk/app/-/orphans', path: '/r/*', registry: { client: client() } });
    await user.click(await screen.findByRole('button', { name: 'Scan repository' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Select all' }));
    await user.click(screen.getByRole('button', { name: 'Delete selected (2)' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Delete 2 manifests' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox'), 'bulk/app');
    await user.click(confirm);
    await screen.findByRole('region', { name: 'Deletion report' });
    expect(fake.getManifest('bulk/app', a.digest)).toBeUndefined();
    expect(fake.getManifest('bulk/app', b.digest)).toBeUndefined();
    expect(fake.listTags('bulk/app')).toEqual(['t']);
  });
});
