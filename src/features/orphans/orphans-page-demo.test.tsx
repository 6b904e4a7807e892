import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { createTestClient, setupDemoTestRegistry } from '../../testing/test-server';
import { OrphansPage } from './orphans-page';

// The demo registry as `npm start` serves it without REGISTRY_URL: an ACR (metadata API, times, locks).
const { baseUrl, loginServer, demo } = setupDemoTestRegistry();

function renderOrphans() {
  return renderWithProviders(<OrphansPage />, { route: '/orphans', path: '/orphans', registry: { client: createTestClient(baseUrl), loginServer, demo: true } });
}

function untagged(repo: string): string {
  const image = demo().record.untagged.find((entry) => entry.repo === repo);
  if (!image) throw new Error(`the demo has no untagged manifest in ${repo}`);
  return image.digest;
}

describe('orphans page on the demo registry (ACR)', () => {
  it("says it uses ACR's manifest API and why, lists the locked orphan as locked, deletes the other", async () => {
    const { user } = renderOrphans();
    const source = await screen.findByRole('region', { name: 'Source' });
    expect(source).toHaveTextContent('Source: ACR manifest API.');
    expect(source).toHaveTextContent('Why: the registry answers /acr/v1/_catalog.');

    await user.click(screen.getByRole('button', { name: 'Scan registry' }));
    expect(await screen.findByText(/: 2 untagged manifests found\.$/)).toBeInTheDocument();
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);
    const rollback = await screen.findByRole('row', { name: `warrantydept/dotnet-build@${untagged('warrantydept/dotnet-build')}` });
    const helloworld = screen.getByRole('row', { name: `acr-helloworld@${untagged('acr-helloworld')}` });
    expect(within(rollback).getByText('Locked — unlock to delete')).toBeInTheDocument();
    expect(within(rollback).getByRole('button', { name: /^Delete warrantydept\/dotnet-build@/ })).toBeDisabled();
    expect(within(helloworld).queryByText('Locked — unlock to delete')).not.toBeInTheDocument();

    await user.click(within(helloworld).getByRole('button', { name: /^Delete acr-helloworld@/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete manifest' }));
    expect(await screen.findByRole('region', { name: 'Deletion report' })).toHaveTextContent(`acr-helloworld@${untagged('acr-helloworld')}: done`);
    expect(demo().fake.getManifest('acr-helloworld', untagged('acr-helloworld'))).toBeUndefined();
    expect(demo().fake.getManifest('warrantydept/dotnet-build', untagged('warrantydept/dotnet-build'))).toBeDefined();
  });

  it('unlocks the rollback image through the metadata API, after which it can be deleted', async () => {
    const { user } = renderOrphans();
    await user.click(await screen.findByRole('button', { name: 'Scan registry' }));
    const digest = untagged('warrantydept/dotnet-build');
    const row = await screen.findByRole('row', { name: `warrantydept/dotnet-build@${digest}` });
    await user.click(within(row).getByRole('button', { name: 'Unlock' }));
    expect(await within(row).findByRole('button', { name: 'Lock' })).toBeInTheDocument();
    expect(demo().acr.manifestLock('warrantydept/dotnet-build', digest)).toMatchObject({ deleteEnabled: true, writeEnabled: true });

    await user.click(within(row).getByRole('button', { name: /^Delete warrantydept\/dotnet-build@/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete manifest' }));
    expect(await screen.findByRole('region', { name: 'Deletion report' })).toHaveTextContent(`warrantydept/dotnet-build@${digest}: done`);
    expect(demo().fake.getManifest('warrantydept/dotnet-build', digest)).toBeUndefined();
  });

  it('reports a manifest locked after the scan as refused by the registry, and keeps it', async () => {
    const { user } = renderOrphans();
    await user.click(await screen.findByRole('button', { name: 'Scan registry' }));
    const digest = untagged('acr-helloworld');
    const row = await screen.findByRole('row', { name: `acr-helloworld@${digest}` });
    // Someone locks it in the portal meanwhile.
    demo().acr.setManifestAttributes('acr-helloworld', digest, { deleteEnabled: false, writeEnabled: false });

    await user.click(within(row).getByRole('button', { name: /^Delete acr-helloworld@/ }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete manifest' }));
    const report = await screen.findByRole('region', { name: 'Deletion report' });
    expect(report).toHaveTextContent(`acr-helloworld@${digest}: skipped-locked — Locked: the registry refused (405 REGISTRY_DISALLOWED_OPERATION`);
    expect(demo().fake.getManifest('acr-helloworld', digest)).toBeDefined();
  });
});
