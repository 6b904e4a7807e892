import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { writeFacts, resetCrawlStoreForTests } from '../../queries/crawl-store';
import { flushWrites, readManifest, resetImmutableCacheForTests, storeManifest } from '../../queries/immutable-cache';
import { flushUsage, resetStorageBudgetForTests } from '../../queries/storage-budget';
import type { RegistryClient } from '../../registry/client';
import { parseManifest } from '../../registry/manifests';
import { ConnectPage } from './connect-page';

// The page never reaches the registry.
const client = { baseUrl: 'http://registry.test' } as RegistryClient;

function renderConnect() {
  return renderWithProviders(<ConnectPage />, { registry: { client, name: 'acme', loginServer: 'acme.azurecr.io' } });
}

const snippet = () => screen.queryByLabelText('Docker config.json snippet');

describe('ConnectPage', () => {
  it('shows docker login and copies it', async () => {
    const { user } = renderConnect();
    expect(screen.getByRole('heading', { name: 'Connect to acme' })).toBeInTheDocument();
    expect(screen.getByLabelText('docker login command')).toHaveTextContent('docker login acme.azurecr.io');
    await user.click(screen.getByRole('button', { name: 'Copy docker login command' }));
    expect(await navigator.clipboard.readText()).toBe('docker login acme.azurecr.io');
  });

  it('builds pull and push addresses by tag and digest from what is typed, refusing invalid input', async () => {
    const { user } = renderConnect();
    const repository = screen.getByRole('textbox', { name: 'Repository' });
    await user.clear(repository);
    await user.type(repository, 'team/web');
    const tag = screen.getByRole('textbox', { name: 'Tag' });
    await user.clear(tag);
    await user.type(tag, '2.0');
    const digest = `sha256:${'c'.repeat(64)}`;
    await user.type(screen.getByRole('textbox', { name: 'Digest (optional)' }), digest);
    expect(screen.getByLabelText('pull by tag command')).toHaveTextContent('docker pull acme.azurecr.io/team/web:2.0');
    expect(screen.getByLabelText('pull by digest command')).toHaveTextContent(`docker pull acme.azurecr.io/team/web@${digest}`);
    expect(screen.getByLabelText('push commands').textContent).toBe('docker tag web:2.0 acme.azurecr.io/team/web:2.0\ndocker push acme.azurecr.io/team/web:2.0');
    await user.click(screen.getByRole('button', { name: 'Copy pull by digest command' }));
    expect(await navigator.clipboard.readText()).toBe(`docker pull acme.azurecr.io/team/web@${digest}`);

    await user.type(repository, '/UPPER');
    expect(repository).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByLabelText('pull by tag command')).not.toBeInTheDocument();
  });

  it('generates a valid config.json from the documented cloud and service tables', async () => {
    const { user } = renderConnect();
    expect(JSON.parse(snippet()?.textContent ?? '')).toEqual({ auths: { 'acme.azurecr.io': {} }, HttpHeaders: { 'X-Meta-Source-Client': 'azure/aks' } });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Cloud' }), 'china');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'app-service/web-apps');
    expect(JSON.parse(snippet()?.textContent ?? '').HttpHeaders).toEqual({ 'X-Meta-Source-Client': 'china/app-service/web-apps' });
    await user.click(screen.getByRole('button', { name: 'Copy Docker config.json snippet' }));
    expect(JSON.parse(await navigator.clipboard.readText()).HttpHeaders['X-Meta-Source-Client']).toBe('china/app-service/web-apps');
  });

  it('validates a typed value against <cloud>/<service>[/<optionalservicename>]', async () => {
    const { user } = renderConnect();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'other');
    const input = screen.getByRole('textbox', { name: 'X-Meta-Source-Client value' });
    expect(snippet()).not.toBeInTheDocument();

    await user.type(input, 'aks');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/<cloud>\/<service>/);
    expect(snippet()).not.toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'azure/acr/connected-registry/edge-1');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    expect(JSON.parse(snippet()?.textContent ?? '').HttpHeaders['X-Meta-Source-Client']).toBe('azure/acr/connected-registry/edge-1');

    await user.clear(input);
    await user.type(input, 'mycloud/builder');
    expect(within(screen.getByText(/Header value/)).getByText('mycloud/builder')).toBeInTheDocument();
    expect(screen.getByText(/not one of the documented clouds/)).toBeInTheDocument();
  });

  describe('storage used in this browser', () => {
    beforeEach(() => {
      globalThis.indexedDB = new IDBFactory();
      resetImmutableCacheForTests();
      resetCrawlStoreForTests();
      resetStorageBudgetForTests();
    });

    it('shows the bytes each store holds, and Clear empties that store only', async () => {
      const digest = `sha256:${'a'.repeat(64)}`;
      const bytes = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }));
      const mediaType = 'application/vnd.oci.image.index.v1+json';
      storeManifest('http://registry.test', { digest, mediaType, bytes, manifest: parseManifest(bytes, mediaType) });
      await flushWrites();
      await writeFacts('http://registry.test', [{ digest, kind: 'index', blobs: [], children: [] }]);
      await flushUsage();

      const { user } = renderConnect();
      const table = await screen.findByRole('table', { name: 'Storage used per store' });
      const row = (name: RegExp) => within(table).getByRole('rowheader', { name }).closest('tr') as HTMLElement;
      const used = (name: RegExp) => Number(row(name).querySelector('[data-bytes]')?.getAttribute('data-bytes'));
      await waitFor(() => expect(used(/^Image cache/)).toBeGreaterThan(bytes.byteLength));
      expect(used(/^Audit crawl records/)).toBeGreaterThan(0);
      expect(used(/^Digest ledger/)).toBe(0);
      expect(screen.getByText(/of a 50(\.0)? MB budget/)).toBeInTheDocument();

      await user.click(within(row(/^Image cache/)).getByRole('button', { name: 'Clear Image cache' }));
      await waitFor(() => expect(used(/^Image cache/)).toBe(0));
      expect(used(/^Audit crawl records/)).toBeGreaterThan(0);
      expect(await readManifest('http://registry.test', digest)).toBeUndefined();
    });
  });
});
