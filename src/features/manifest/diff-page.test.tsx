import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import schema1Text from '../../registry/fixtures/schema1-distribution-2.8.2.json?raw';
import { makeLayer, pushImage, pushIndex } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { DiffPage } from './diff-page';

const { fake, baseUrl, server } = setupTestRegistry({ resetAfterEach: true });

const REPO = 'team/app';

function renderDiff(left: string, right: string) {
  const client = createTestClient(baseUrl);
  return renderWithProviders(<DiffPage />, { route: `/r/${REPO}/-/diff/${left}..${right}`, path: '/r/*', registry: { client } });
}

const group = (title: RegExp) => screen.getByRole('table', { name: title });
const digestsIn = (table: HTMLElement) => within(table).queryAllByRole('row').slice(1).map((row) => row.querySelector('code')?.textContent);

describe('diff page', () => {
  it('lists layers only in A, only in B and shared, the size delta and config changes', async () => {
    const base = makeLayer('base', 8192);
    const a = await pushImage(fake, REPO, { tags: ['v1'], sharedLayers: [base], layers: [4096], env: ['APP_VERSION=1'], labels: { version: '1' } });
    const b = await pushImage(fake, REPO, { tags: ['v2'], sharedLayers: [base], layers: [6144], env: ['APP_VERSION=2'], labels: { version: '2' }, cmd: ['node', 'main.js'] });
    const { user, location } = renderDiff('v1', 'v2');

    await screen.findByRole('heading', { level: 2, name: 'Layers' });
    expect(digestsIn(group(/^Shared/))).toEqual([a.layers[0]?.digest]);
    expect(b.layers[0]?.digest).toBe(a.layers[0]?.digest);
    expect(digestsIn(group(/^Only in A/))).toEqual([a.layers[1]?.digest]);
    expect(digestsIn(group(/^Only in B/))).toEqual([b.layers[1]?.digest]);
    const delta = b.size - a.size;
    expect(screen.getByTestId('size-delta')).toHaveTextContent(`+${new Intl.NumberFormat('en-US').format(delta)} B`);

    const changes = await screen.findByRole('table', { name: 'Configuration differences' });
    expect(within(changes).getByRole('row', { name: /Env APP_VERSION 1 2 changed/ })).toBeInTheDocument();
    expect(within(changes).getByRole('row', { name: /Labels version 1 2 changed/ })).toBeInTheDocument();
    expect(within(changes).getByRole('row', { name: /Cmd/ })).toHaveTextContent('["node","main.js"]');

    await user.click(screen.getByRole('button', { name: 'Swap A and B' }));
    expect(location()).toBe(`/r/${REPO}/-/diff/v2..v1`);
    await waitFor(() => expect(digestsIn(group(/^Only in A/))).toEqual([b.layers[1]?.digest]));

    await user.selectOptions(screen.getByLabelText('Image B'), 'v2');
    expect(location()).toBe(`/r/${REPO}/-/diff/v2..v2`);
    await waitFor(() => expect(screen.getByText('The configurations are the same', { exact: false })).toBeInTheDocument());
    expect(screen.getByRole('heading', { name: /^Only in A \(0,/ })).toBeInTheDocument();
    expect(screen.getByTestId('size-delta')).toHaveTextContent('no change');
  });

  it('compares one platform of an index, chosen with a picker', async () => {
    const single = await pushImage(fake, REPO, { tags: ['single'], architecture: 'arm64', variant: 'v8' });
    const index = await pushIndex(fake, REPO, {
      tags: ['multi'],
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    const { user, location } = renderDiff('multi', 'single');
    const picker = await screen.findByLabelText('Platform of A');
    expect(picker).toHaveValue('linux/amd64');
    expect(await screen.findByRole('table', { name: 'Configuration differences' })).toHaveTextContent('linux/amd64');
    await user.selectOptions(picker, 'linux/arm64/v8');
    expect(location()).toBe(`/r/${REPO}/-/diff/multi..single?pa=linux%2Farm64%2Fv8`);
    await waitFor(() => expect(digestsIn(group(/^Only in A/))).toEqual(index.children[1]?.layers.map((l) => l.digest)));
    expect(digestsIn(group(/^Only in B/))).toEqual(single.layers.map((l) => l.digest));
  });

  it('says which side cannot be read', async () => {
    await pushImage(fake, REPO, { tags: ['v1'] });
    renderDiff('v1', 'gone');
    expect(await screen.findByText('Tag gone not found.')).toBeInTheDocument();
  });

  it('says a Docker schema 1 side has nothing to compare', async () => {
    await pushImage(fake, REPO, { tags: ['v1'] });
    const digest = 'sha256:07ad41507a25589a6e18a77829c0dcceecf76e113d05f02722755d3b2e9c3eb4';
    const headers = { 'Content-Type': 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'Docker-Content-Digest': digest };
    const url = new RegExp(`/v2/${REPO}/manifests/(old|${digest})$`);
    server.use(
      http.get(url, () => new HttpResponse(schema1Text, { headers })),
      http.head(url, () => new HttpResponse(null, { headers: { ...headers, 'Content-Length': String(schema1Text.length) } })),
    );
    renderDiff('v1', 'old');
    expect(await screen.findByText(/old is a Docker schema 1 manifest \(deprecated\)/)).toBeInTheDocument();
  });
});
