import { screen, waitFor, within } from '@testing-library/react';
import { createTestQueryClient, renderWithProviders } from '../../app/render-with-providers';
import { readTagInventory } from '../../queries/tag-inventory';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { DeleteImageDialog } from './delete-image-dialog';
import { useActionEnv } from './use-action-env';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });
const REPO = 'team/app';

const tagRequests = () => fake.tagRequests(REPO);

function DeleteImage({ tag, digest }: { tag: string; digest: string }) {
  const env = useActionEnv(REPO);
  return <DeleteImageDialog env={env} name={REPO} tag={tag} digest={digest} onClose={() => undefined} />;
}

describe('DeleteImageDialog on a 200-tag repository', { timeout: 30_000 }, () => {
  it('uses tag answers seconds old to open, and asks only the image’s tags again at confirm', async () => {
    const kept = await pushImage(fake, REPO, { tags: ['keep-000'] });
    for (let i = 1; i < 198; i++) await tagExisting(fake, REPO, `keep-${String(i).padStart(3, '0')}`, kept.digest);
    const doomed = await pushImage(fake, REPO, { tags: ['doomed'], seed: 'doomed' });
    await tagExisting(fake, REPO, 'doomed-alias', doomed.digest);
    const client = createTestClient(baseUrl);
    const queryClient = createTestQueryClient();
    // What the tag table leaves in the cache: every tag answered a moment ago.
    await readTagInventory({ client, url: baseUrl, queryClient }, REPO);
    fake.requests.length = 0;

    const { user } = renderWithProviders(<DeleteImage tag="doomed" digest={doomed.digest} />, { registry: { client }, queryClient });
    const dialog = await screen.findByRole('dialog', { name: /^Delete image sha256:/ });
    const removed = await within(dialog).findByRole('region', { name: 'Tags removed with the image (2)' });
    expect(within(removed).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['doomed', 'doomed-alias']);
    expect(tagRequests()).toEqual([]);

    await user.type(within(dialog).getByLabelText(/Type team\/app to confirm/), REPO);
    const confirm = within(dialog).getByRole('button', { name: 'Delete image' });
    await waitFor(() => expect(confirm).toBeEnabled());
    fake.requests.length = 0;
    await user.click(confirm);

    await waitFor(() => expect(screen.getByText(/^Deleted image sha256:/)).toBeInTheDocument());
    expect(tagRequests()).toEqual(['doomed', 'doomed-alias']);
    expect(fake.getManifest(REPO, doomed.digest)).toBeUndefined();
    expect(fake.listTags(REPO)).toHaveLength(198);
  });
});
