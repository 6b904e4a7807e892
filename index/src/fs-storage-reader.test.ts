// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorageReader } from './fs-storage-reader.ts';
import { StorageLayout } from './testing/storage-layout.ts';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

describe('FsStorageReader', () => {
  let root: string;
  let layout: StorageLayout;
  let reader: FsStorageReader;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'regatta-index-reader-'));
    layout = new StorageLayout(root);
    reader = new FsStorageReader(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('finds nested repositories, a name that is also a namespace, and names with underscores', async () => {
    const image = await layout.image({ created: '2025-01-01T00:00:00Z', layers: ['a'] });
    for (const repo of ['team', 'team/app', 'team/app/web_ui', 'other__x/y']) await layout.revision(repo, image.digest);
    // A blob-only push leaves _layers but no _manifests: not a repository.
    await layout.layerLink('blob-only', image.layers[0]?.digest ?? '');
    expect((await collect(reader.repositories())).sort()).toEqual(['other__x/y', 'team', 'team/app', 'team/app/web_ui']);
  });

  it('lists revisions, tags with their current link, and every history entry with mtimes', async () => {
    const a = await layout.image({ created: '2025-01-01T00:00:00Z', layers: ['a'] });
    const b = await layout.image({ created: '2025-02-01T00:00:00Z', layers: ['b'] });
    await layout.revision('app', a.digest, new Date('2025-01-01T00:00:00Z'));
    await layout.revision('app', b.digest, new Date('2025-02-01T00:00:00Z'));
    await layout.tag('app', 'latest', a.digest, new Date('2025-01-01T00:00:00Z'));
    await layout.tag('app', 'latest', b.digest, new Date('2025-02-01T00:00:00Z'));

    const revisions = await collect(reader.revisions('app'));
    expect(revisions.map((r) => r.digest).sort()).toEqual([a.digest, b.digest].sort());
    const [latest] = await collect(reader.tags('app'));
    expect(latest?.current?.digest).toBe(b.digest);
    expect(latest?.current?.writtenMs).toBe(Date.parse('2025-02-01T00:00:00Z'));
    expect(latest?.history.map((h) => [h.digest, h.writtenMs]).sort()).toEqual(
      [
        [a.digest, Date.parse('2025-01-01T00:00:00Z')],
        [b.digest, Date.parse('2025-02-01T00:00:00Z')],
      ].sort(),
    );
  });

  it('reports a deleted tag (history but no current link) with current null, and a repository without tags', async () => {
    const a = await layout.image({ created: '2025-01-01T00:00:00Z', layers: ['a'] });
    await layout.revision('app', a.digest);
    await layout.tag('app', 'gone', a.digest);
    await layout.removeCurrent('app', 'gone');
    await layout.revision('untagged', a.digest);
    const [gone] = await collect(reader.tags('app'));
    expect(gone).toMatchObject({ name: 'gone', current: null });
    expect(gone?.history.map((h) => h.digest)).toEqual([a.digest]);
    expect(await collect(reader.tags('untagged'))).toEqual([]);
    expect(await collect(reader.revisions('untagged'))).toHaveLength(1);
  });

  it('changes the stamp when a tag is re-pointed in place, a revision is added, or a tag removed', async () => {
    const a = await layout.image({ created: '2025-01-01T00:00:00Z', layers: ['a'] });
    const b = await layout.image({ created: '2025-01-02T00:00:00Z', layers: ['b'] });
    await layout.revision('app', a.digest, new Date('2025-01-01T00:00:00Z'));
    await layout.tag('app', 'v1', a.digest, new Date('2025-01-01T00:00:00Z'));
    const stamps = [await reader.repositoryStamp('app')];
    expect(await reader.repositoryStamp('app')).toBe(stamps[0]);
    await layout.tag('app', 'v1', a.digest, new Date('2025-01-03T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    stamps.push(await reader.repositoryStamp('app'));
    await layout.revision('app', b.digest);
    stamps.push(await reader.repositoryStamp('app'));
    await layout.removeTag('app', 'v1');
    stamps.push(await reader.repositoryStamp('app'));
    expect(new Set(stamps).size).toBe(4);
    expect(await reader.repositoryStamp('nope')).toBeNull();
  });

  it('reads nothing for a name distribution would refuse (a notification can name anything)', async () => {
    const a = await layout.image({ created: '2025-01-01T00:00:00Z', layers: ['a'] });
    await layout.revision('app', a.digest);
    await layout.tag('app', 'v1', a.digest);
    expect(await reader.repositoryStamp('app')).not.toBeNull();
    for (const name of ['team/../app', 'App', '/app', 'app/']) {
      expect(await reader.repositoryStamp(name), name).toBeNull();
      expect(await collect(reader.revisions(name)), name).toEqual([]);
      expect(await collect(reader.tags(name)), name).toEqual([]);
    }
  });

  it('reads blobs by digest and refuses malformed digests', async () => {
    const digest = await layout.blob('hello');
    expect((await reader.readBlob(digest, 100))?.toString()).toBe('hello');
    await expect(reader.readBlob(digest, 2)).rejects.toThrow(/more than/);
    expect(await reader.readBlob('sha256:1234', 100)).toBeNull();
    expect(await reader.readBlob(`sha256:${'0'.repeat(64)}`, 100)).toBeNull();
  });
});
