import { renderWithProviders } from '../../app/render-with-providers';
import { indexTagSeeds } from '../../queries/bulk-tags';
import { indexTagsOverThreeImages } from '../../testing/index-tags';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { useTagDetails } from './use-tag-details';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });

const TAGS = Array.from({ length: 500 }, (_, i) => `v${i}`);
const SEEDS = indexTagSeeds(indexTagsOverThreeImages(TAGS.length));

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
