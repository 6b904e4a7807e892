import { renderWithProviders } from '../../app/render-with-providers';
import { indexTagSeeds } from '../../queries/bulk-tags';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { useTagDetails } from './use-tag-details';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });

const TAGS = Array.from({ length: 500 }, (_, i) => `v${i}`);
const SEEDS = indexTagSeeds(
  TAGS.map((name, i) => ({
    name,
    digest: `sha256:${String(i % 3).repeat(64)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 500,
    imageSize: 1000 + (i % 3),
    created: '2026-02-03T04:05:06Z',
    platforms: [{ os: 'linux', architecture: 'amd64' }],
    updatedAt: '2026-02-04T00:00:00Z',
  })),
);

describe('useTagDetails', () => {
  it('gives the rows a bulk source completed on its very first render, and asks the registry nothing', () => {
    const resolvedPerRender: number[] = [];
    function Probe() {
      const details = useTagDetails('team/app', TAGS, SEEDS);
      resolvedPerRender.push(details.resolved);
      return null;
    }
    renderWithProviders(<Probe />, { registry: { client: createTestClient(baseUrl) } });
    expect(resolvedPerRender[0]).toBe(500);
    expect(fake.requests).toEqual([]);
  });
});
