// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from '../../registry/client';
import { DELETE_PROBE_DIGEST } from '../../registry/write-operations';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { setupTestRegistry } from '../../testing/test-server';
import { runOperations, type CleanupOperation } from '../cleanup-run';
import type { UntagJournalEntry } from './decisions';
import { deleteDigest, removeTag, type ExecutorContext, type OperationJournal } from './executor';

const { fake, server, baseUrl } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
afterEach(() => {
  fake.reset();
  fake.deleteEnabled = true;
});

const writes = () => fake.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE' || r.method === 'POST').map((r) => `${r.method} ${r.path}`);

/** Every tag of the repository → its digest, as the registry answers now. */
function tagState(repo: string): Record<string, string | undefined> {
  return Object.fromEntries((fake.listTags(repo) ?? []).map((tag) => [tag, fake.getManifest(repo, tag)?.digest]));
}

async function seed() {
  const a = await pushImage(fake, 'team/app', { tags: ['v1'] });
  await tagExisting(fake, 'team/app', 'stable', a.digest);
  const b = await pushImage(fake, 'team/app', { tags: ['v2'], labels: { v: 'b' } });
  const c = await pushImage(fake, 'team/app', { tags: ['old'], labels: { v: 'c' } });
  return { a, b, c };
}

const planOf = ({ a, b, c }: Awaited<ReturnType<typeof seed>>): CleanupOperation[] => [
  { repository: 'team/app', kind: 'untag', tag: 'v1', digest: a.digest, tags: ['v1'] },
  { repository: 'team/app', kind: 'untag', tag: 'v2', digest: b.digest, tags: ['v2'] },
  { repository: 'team/app', kind: 'delete', digest: c.digest, tags: ['old'] },
];

describe('cleanup through the executor on a registry with deletes off', () => {
  it('leaves every tag on its original digest and reports each operation refused, with why', async () => {
    const pushed = await seed();
    const before = tagState('team/app');
    fake.deleteEnabled = false;
    const results = await runOperations({ client, url: baseUrl, acr: null }, planOf(pushed));
    expect(tagState('team/app')).toEqual(before);
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused', 'refused']);
    for (const r of results) expect(r.message).toMatch(/405 UNSUPPORTED.*storage\.delete\.enabled/);
    // No throwaway was ever pushed: the probe answered before anything changed.
    expect(writes().filter((w) => w.startsWith('PUT'))).toEqual([]);
  });

  it('when the probe cannot tell (403), the throwaway delete fails and the original goes back under the tag', async () => {
    const pushed = await seed();
    const before = tagState('team/app');
    fake.deleteEnabled = false;
    server.use(
      http.delete(`${baseUrl}/v2/team/app/manifests/:ref`, ({ params }) =>
        params.ref === DELETE_PROBE_DIGEST ? HttpResponse.json({ errors: [{ code: 'DENIED', message: 'no' }] }, { status: 403 }) : undefined,
      ),
    );
    const results = await runOperations({ client, url: baseUrl, acr: null }, planOf(pushed).slice(0, 2));
    expect(tagState('team/app')).toEqual(before);
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused']);
    expect(results[0]?.message).toMatch(/Tag v1 was not removed: .*405 UNSUPPORTED.*put back on its image/);
    // The throwaway went up and the original came back: PUT v1 twice (throwaway, original).
    expect(writes().filter((w) => w === 'PUT /v2/team/app/manifests/v1')).toHaveLength(2);
  });
});

describe('removeTag journal', () => {
  function recordingJournal(log: string[]): OperationJournal & { entries: Map<string, UntagJournalEntry> } {
    const entries = new Map<string, UntagJournalEntry>();
    return {
      entries,
      write: async (entry) => {
        log.push(`journal ${entry.step}`);
        entries.set(entry.id, entry);
      },
      remove: async (id) => {
        log.push('journal done');
        entries.delete(id);
      },
    };
  }

  it('writes each step before its request, and clears the entry when the untag is done', async () => {
    const { a } = await seed();
    const log: string[] = [];
    const journal = recordingJournal(log);
    const seen = fake.requests.length;
    const ctx: ExecutorContext = { client, name: 'team/app', journal };
    const spy = (entry: string) => log.push(entry);
    const original = journal.write;
    journal.write = async (entry) => {
      spy(`requests so far: ${fake.requests.slice(seen).filter((r) => r.method === 'PUT' && r.path.endsWith('/manifests/v1')).length} put, ${fake.requests.slice(seen).filter((r) => r.method === 'DELETE' && !r.path.endsWith(DELETE_PROBE_DIGEST) && /sha256:/.test(r.path)).length} delete`);
      await original(entry);
    };
    const result = await removeTag(ctx, { tag: 'v1', expectedDigest: a.digest, strategies: ['throwaway'] });
    expect(result.outcome).toBe('removed');
    expect(log).toEqual(['requests so far: 0 put, 0 delete', 'journal put-throwaway', 'requests so far: 1 put, 0 delete', 'journal delete-throwaway', 'journal done']);
    expect(journal.entries.size).toBe(0);
    expect(tagState('team/app')).toEqual({ stable: a.digest, v2: expect.any(String), old: expect.any(String) });
  });
});

describe('deleteDigest', () => {
  it('HEADs first: a digest already gone sends no DELETE', async () => {
    const { c } = await seed();
    const ctx: ExecutorContext = { client, name: 'team/app' };
    expect(await deleteDigest(ctx, c.digest)).toBe('deleted');
    const deletes = fake.requests.filter((r) => r.method === 'DELETE').length;
    expect(await deleteDigest(ctx, c.digest)).toBe('already-gone');
    expect(fake.requests.filter((r) => r.method === 'DELETE').length).toBe(deletes);
  });
});
