import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { createIndexClient, type IndexTag } from '../../registry/index-client';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { ManifestPage } from './manifest-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });

const REPO = 'team/app';
const INDEX = 'http://index.test';
const TAGS_URL = `${INDEX}/index/v1/repositories/${REPO}/-/tags`;

function renderWithIndex(reference: string) {
  const index = createIndexClient({ baseUrl: INDEX, fetch: (input, init) => fetch(input, init) });
  return renderWithProviders(<ManifestPage />, { route: `/r/${REPO}/-/manifest/${reference}`, path: '/r/*', registry: { client: createTestClient(baseUrl), loginServer: 'registry.test', index } });
}

const indexTag = (name: string, digest: string): IndexTag => ({
  name,
  digest,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  size: 500,
  imageSize: 1000,
  created: '2026-02-03T04:05:06Z',
  platforms: [{ os: 'linux', architecture: 'amd64' }],
  updatedAt: '2026-02-04T00:00:00Z',
});

const tagHeads = () => fake.requests.filter((r) => r.method === 'HEAD' && /\/manifests\/(?!sha256:)/.test(r.path));
const tagsPointingHere = async () => {
  await waitFor(() => expect(screen.queryByText(/checking tags/)).not.toBeInTheDocument());
  const field = (await screen.findByText('Tags pointing here')).parentElement as HTMLElement;
  await waitFor(() => expect(within(field).queryAllByRole('link')).not.toHaveLength(0));
  return within(field).getAllByRole('link').map((a) => a.textContent);
};

describe('the inspector\'s "Tags pointing here" with a registry index', () => {
  it('comes from the index in one request, with no HEAD per tag', async () => {
    const image = await pushImage(fake, REPO, { tags: ['v1'], layers: [4096] });
    await tagExisting(fake, REPO, 'also-v1', image.digest);
    const other = await pushImage(fake, REPO, { tags: ['v2'], layers: [1024] });
    let indexRequests = 0;
    server.use(
      http.get(TAGS_URL, () => {
        indexRequests += 1;
        return HttpResponse.json({ repository: REPO, tags: [indexTag('also-v1', image.digest), indexTag('v1', image.digest), indexTag('v2', other.digest)] });
      }),
    );
    renderWithIndex(image.digest);

    expect(await tagsPointingHere()).toEqual(['also-v1', 'v1']);
    expect(screen.getByText('docker pull registry.test/team/app:also-v1')).toBeInTheDocument();
    expect(indexRequests).toBe(1);
    expect(tagHeads()).toEqual([]);
  });

  it('falls back to a HEAD per tag when the index fails', async () => {
    const image = await pushImage(fake, REPO, { tags: ['v1'], layers: [4096] });
    await tagExisting(fake, REPO, 'also-v1', image.digest);
    await pushImage(fake, REPO, { tags: ['v2'], layers: [1024] });
    server.use(http.get(TAGS_URL, () => HttpResponse.json({ error: { code: 'INTERNAL', message: 'database locked' } }, { status: 500 })));
    renderWithIndex(image.digest);

    expect(await tagsPointingHere()).toEqual(['also-v1', 'v1']);
    expect(tagHeads().map((r) => r.path.split('/').pop()).sort()).toEqual(['also-v1', 'v1', 'v2']);
  });
});
