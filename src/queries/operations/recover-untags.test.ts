// @vitest-environment node
import 'fake-indexeddb/auto';
import { createRegistryClient } from '../../registry/client';
import { sha256Digest } from '../../registry/sha256';
import { EMPTY_CONFIG_BYTES, throwawayManifest } from '../../registry/untag-manifest';
import { uploadBlob } from '../../registry/write-operations';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { setupTestRegistry } from '../../testing/test-server';
import type { UntagJournalEntry } from './decisions';
import { pendingUntags, resetJournalForTests, untagJournal } from './journal-store';
import { recoverUntags } from './recover-untags';

const { fake, baseUrl } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
afterEach(() => {
  fake.reset();
  fake.deleteEnabled = true;
  resetJournalForTests();
});

/** What a tab closed between the two steps of a safe untag of v1 leaves: v1 on the throwaway, the entry journalled. */
async function interruptedUntag(step: UntagJournalEntry['step'] = 'delete-throwaway', land = true) {
  const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
  await tagExisting(fake, 'team/app', 'also-v1', image.digest);
  await uploadBlob(client, 'team/app', EMPTY_CONFIG_BYTES);
  const throwaway = throwawayManifest('v1', 'test nonce');
  const digest = await sha256Digest(throwaway.bytes);
  const entry: UntagJournalEntry = { id: `${baseUrl} team/app ${digest}`, registry: baseUrl, repository: 'team/app', tag: 'v1', original: image.digest, originalMediaType: image.mediaType, throwaway: digest, step, at: 1 };
  await untagJournal.write(entry);
  if (land) await client.putManifest('team/app', 'v1', throwaway.bytes, throwaway.mediaType);
  resetJournalForTests(); // a new tab: only IndexedDB remembers
  return { image, entry };
}

describe('recoverUntags', () => {
  it('finishes an untag left on the throwaway: the tag goes, the sibling and the image stay, the entry is cleared', async () => {
    const { image } = await interruptedUntag();
    const entries = await pendingUntags(baseUrl);
    expect(entries).toHaveLength(1);
    const [result] = await recoverUntags(client, untagJournal, entries);
    expect(result?.outcome).toBe('finished');
    expect(fake.listTags('team/app')).toEqual(['also-v1']);
    expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
    expect(await pendingUntags(baseUrl)).toEqual([]);
  });

  it('puts the original back when the throwaway cannot be deleted (deletes off)', async () => {
    const { image } = await interruptedUntag();
    fake.deleteEnabled = false;
    const [result] = await recoverUntags(client, untagJournal, await pendingUntags(baseUrl));
    expect(result?.outcome).toBe('restored');
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(image.digest);
    expect(await pendingUntags(baseUrl)).toEqual([]);
  });

  it('leaves a tag alone when the throwaway never landed', async () => {
    const { image } = await interruptedUntag('put-throwaway', false);
    const [result] = await recoverUntags(client, untagJournal, await pendingUntags(baseUrl));
    expect(result?.outcome).toBe('nothing-left');
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(image.digest);
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  it('only recovers entries of its own registry', async () => {
    await interruptedUntag();
    expect(await pendingUntags('http://other.test')).toEqual([]);
  });
});
