import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { pushImage, tagExisting } from '../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { actionQueries } from './action-queries';
import { ActionRefusedError } from './operations/decisions';
import { repositoryQueries, TAG_STALE_TIME } from './registry-queries';
import { readTagInventory } from './tag-inventory';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });
const REPO = 'team/app';

const tagRequests = () => fake.tagRequests(REPO);
const manifestDeletes = () => fake.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/manifests/'));
const forgetRequests = () => {
  fake.requests.length = 0;
};

/** 200 tags: 198 on one image, `doomed` and `doomed-alias` on another. */
async function repositoryWith200Tags() {
  const kept = await pushImage(fake, REPO, { tags: ['keep-000'] });
  for (let i = 1; i < 198; i++) await tagExisting(fake, REPO, `keep-${String(i).padStart(3, '0')}`, kept.digest);
  const doomed = await pushImage(fake, REPO, { tags: ['doomed'], seed: 'doomed' });
  await tagExisting(fake, REPO, 'doomed-alias', doomed.digest);
  return { kept: kept.digest, doomed: doomed.digest };
}

/** The app's cache with every tag answered seconds ago (what the tag table leaves behind). */
async function setupWithRecentAnswers() {
  const client = createTestClient(baseUrl);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  await readTagInventory({ client, url: baseUrl, queryClient }, REPO);
  forgetRequests();
  return { client, queryClient, actions: actionQueries(client, baseUrl, queryClient) };
}

describe('dialogs re-check only the tags they change', () => {
  it('delete image on a 200-tag repository: no tag asked when the dialog opens, only the image’s tags at confirm', async () => {
    const { kept, doomed } = await repositoryWith200Tags();
    const { queryClient, actions } = await setupWithRecentAnswers();

    const preview = await queryClient.fetchQuery(actions.preview(REPO, 'delete-images', [{ tag: 'doomed', digest: doomed }]));
    expect(tagRequests()).toEqual([]);
    expect(preview.impact.tagsRemoved).toEqual(['doomed', 'doomed-alias']);
    expect([...preview.confirmed.keys()].sort()).toEqual(['doomed', 'doomed-alias']);

    forgetRequests();
    const result = await new MutationObserver(queryClient, actions.deleteImages).mutate({ name: REPO, digests: [doomed], confirmed: preview.confirmed });
    expect(result.deleted).toEqual([doomed]);
    expect(tagRequests()).toEqual(['doomed', 'doomed-alias']);
    expect(fake.listTags(REPO)).toHaveLength(198);
    expect(fake.getManifest(REPO, 'keep-197')?.digest).toBe(kept);
  });

  it('remove tag on a 200-tag repository: no tag asked when the dialog opens, only that tag at confirm', async () => {
    const { kept } = await repositoryWith200Tags();
    const { queryClient, actions } = await setupWithRecentAnswers();

    const preview = await queryClient.fetchQuery(actions.preview(REPO, 'remove-tags', [{ tag: 'keep-005', digest: kept }]));
    expect(tagRequests()).toEqual([]);
    expect(preview.impact.tagsKept).toHaveLength(197);

    forgetRequests();
    const result = await new MutationObserver(queryClient, actions.removeTags).mutate({ name: REPO, selected: [{ tag: 'keep-005', digest: kept }] });
    expect(result.failed).toEqual([]);
    // The safe untag looks at its tag twice: before it starts, and right before the tag moves.
    expect(new Set(tagRequests())).toEqual(new Set(['keep-005']));
    expect(fake.getManifest(REPO, 'keep-005')).toBeUndefined();
    expect(fake.getManifest(REPO, 'keep-006')?.digest).toBe(kept);
  });

  it('a confirmed tag moved since the preview: delete image refuses with a message, nothing is deleted', async () => {
    const { kept, doomed } = await repositoryWith200Tags();
    const { queryClient, actions } = await setupWithRecentAnswers();
    const preview = await queryClient.fetchQuery(actions.preview(REPO, 'delete-images', [{ tag: 'doomed', digest: doomed }]));

    await tagExisting(fake, REPO, 'doomed-alias', kept);
    const confirming = new MutationObserver(queryClient, actions.deleteImages).mutate({ name: REPO, digests: [doomed], confirmed: preview.confirmed });
    await expect(confirming).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(confirming).rejects.toThrow(/^Refused: the registry changed since you looked \(tag doomed-alias now points at .*\)\. Nothing was changed/);
    expect(manifestDeletes()).toEqual([]);
    expect(fake.getManifest(REPO, 'doomed')?.digest).toBe(doomed);
  });

  it('a tag moved since the preview: remove tag refuses with a message and leaves it where it is', async () => {
    const { kept, doomed } = await repositoryWith200Tags();
    const { queryClient, actions } = await setupWithRecentAnswers();
    await queryClient.fetchQuery(actions.preview(REPO, 'remove-tags', [{ tag: 'keep-005', digest: kept }]));

    await tagExisting(fake, REPO, 'keep-005', doomed);
    const result = await new MutationObserver(queryClient, actions.removeTags).mutate({ name: REPO, selected: [{ tag: 'keep-005', digest: kept }] });
    expect(result.removed).toEqual([]);
    expect(result.failed[0]?.error).toBeInstanceOf(ActionRefusedError);
    expect(String(result.failed[0]?.error)).toMatch(/keep-005/);
    expect(fake.getManifest(REPO, 'keep-005')?.digest).toBe(doomed);
    expect(manifestDeletes().filter((r) => !r.path.endsWith('/manifests/keep-005'))).toEqual([]);
  });

  it('an answer older than TAG_STALE_TIME is asked again at confirm: a tag moved onto the image refuses the delete', async () => {
    const { kept, doomed } = await repositoryWith200Tags();
    const { client, queryClient, actions } = await setupWithRecentAnswers();
    const preview = await queryClient.fetchQuery(actions.preview(REPO, 'delete-images', [{ tag: 'doomed', digest: doomed }]));

    // keep-007's answer aged while the dialog stayed open, and someone moved it onto the image.
    const keyOf007 = repositoryQueries(client, baseUrl).tagHead(REPO, 'keep-007').queryKey;
    queryClient.setQueryData(keyOf007, queryClient.getQueryData(keyOf007), { updatedAt: Date.now() - TAG_STALE_TIME - 1_000 });
    await tagExisting(fake, REPO, 'keep-007', doomed);
    forgetRequests();

    const confirming = new MutationObserver(queryClient, actions.deleteImages).mutate({ name: REPO, digests: [doomed], confirmed: preview.confirmed });
    await expect(confirming).rejects.toThrow(/tag keep-007 now also points at/);
    expect(tagRequests()).toEqual(['doomed', 'doomed-alias', 'keep-007']);
    expect(manifestDeletes()).toEqual([]);
    expect(fake.getManifest(REPO, 'keep-007')?.digest).toBe(doomed);
    expect(kept).not.toBe(doomed);
  });

  it('a tag created since the preview is asked at confirm: on the image, it refuses the delete', async () => {
    const { doomed } = await repositoryWith200Tags();
    const { queryClient, actions } = await setupWithRecentAnswers();
    const preview = await queryClient.fetchQuery(actions.preview(REPO, 'delete-images', [{ tag: 'doomed', digest: doomed }]));

    await tagExisting(fake, REPO, 'release', doomed);
    forgetRequests();
    const confirming = new MutationObserver(queryClient, actions.deleteImages).mutate({ name: REPO, digests: [doomed], confirmed: preview.confirmed });
    await expect(confirming).rejects.toThrow(/tag release now also points at/);
    expect(tagRequests()).toEqual(['doomed', 'doomed-alias', 'release']);
    expect(manifestDeletes()).toEqual([]);
  });
});
