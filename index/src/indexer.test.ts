// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStorageReader } from './fs-storage-reader.ts';
import { IndexQueries } from './index-queries.ts';
import { Indexer } from './indexer.ts';
import { openIndexDb } from './open-db.ts';
import { StorageLayout } from './testing/storage-layout.ts';

const day = (n: number) => new Date(Date.UTC(2025, 0, n));

describe('Indexer backfill from storage', () => {
  let root: string;
  let layout: StorageLayout;
  let db: Database.Database;
  let indexer: Indexer;
  let queries: IndexQueries;
  const warnings: string[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'regatta-index-backfill-'));
    layout = new StorageLayout(root);
    db = openIndexDb(join(root, 'index.db'));
    indexer = new Indexer(db, new FsStorageReader(root), (m) => warnings.push(m));
    queries = new IndexQueries(db);
  });
  afterEach(async () => {
    db.close();
    await rm(root, { recursive: true, force: true });
  });

  it('keeps every digest a re-pushed tag pointed to, with untagged-since and reclaimable bytes', async () => {
    const images = [];
    for (const n of [1, 2, 3]) {
      // 'base' is shared by all three: deleting an old image never frees it.
      const image = await layout.image({ created: day(n).toISOString(), layers: ['base', `app-${n}-${'x'.repeat(n * 10)}`], labels: { version: `${n}` } });
      await layout.revision('team/app', image.digest, day(n));
      await layout.tag('team/app', 'latest', image.digest, day(n));
      images.push(image);
    }
    const [first, second, third] = images;
    if (!first || !second || !third) throw new Error('three images');

    const stats = await indexer.backfill();
    expect(stats).toMatchObject({ repositories: 1, scanned: 1, unchanged: 0, removed: 0 });

    const manifests = queries.manifests('team/app');
    const untagged = manifests.filter((m) => m.tags.length === 0);
    expect(untagged.map((m) => m.digest).sort()).toEqual([first.digest, second.digest].sort());
    expect(untagged.find((m) => m.digest === first.digest)?.untaggedSince).toBe(day(2).toISOString());
    expect(untagged.find((m) => m.digest === second.digest)?.untaggedSince).toBe(day(3).toISOString());
    const own = (image: typeof first) => image.size + image.config.size + (image.layers[1]?.size ?? 0);
    expect(untagged.find((m) => m.digest === first.digest)?.reclaimableBytes).toBe(own(first));
    const tagged = manifests.find((m) => m.tags.includes('latest'));
    expect(tagged).toMatchObject({ digest: third.digest, created: day(3).toISOString(), platform: { os: 'linux', architecture: 'amd64' }, untaggedSince: null });
    expect(tagged?.imageSize).toBe(third.config.size + third.layers.reduce((s, l) => s + l.size, 0));

    const history = queries.history('team/app', 'latest');
    expect(history.map((h) => h.digest)).toEqual([third.digest, second.digest, first.digest]);
    expect(history[0]).toMatchObject({ current: true, lastSeen: null, source: 'storage', exists: true });
    expect(history[2]).toMatchObject({ firstSeen: day(1).toISOString(), lastSeen: day(2).toISOString() });

    expect(queries.repositories({ limit: 10 })).toEqual([
      expect.objectContaining({ name: 'team/app', tagCount: 1, manifestCount: 3, untaggedCount: 2, lastPush: day(3).toISOString() }),
    ]);
    expect(queries.search({ label: { key: 'version', value: '2' } }, { limit: 10 }).map((h) => h.digest)).toEqual([second.digest]);
    expect(queries.search({ layer: first.layers[0]?.digest ?? '' }, { limit: 10 })).toHaveLength(3);
    expect(queries.search({ digest: third.digest.slice(7, 19) }, { limit: 10 })).toEqual([{ repository: 'team/app', digest: third.digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', tags: ['latest'] }]);
  });

  it('counts a blob another repository uses as not reclaimable (blobs are global)', async () => {
    const image = await layout.image({ created: day(1).toISOString(), layers: ['only-here', 'shared'] });
    const other = await layout.image({ created: day(2).toISOString(), layers: ['shared'] });
    await layout.revision('a', image.digest);
    await layout.revision('b', other.digest);
    await indexer.backfill();
    const [manifest] = queries.manifests('a');
    expect(manifest?.reclaimableBytes).toBe(image.size + image.config.size + (image.layers[0]?.size ?? 0));
  });

  it('treats index children and referrers as parts of their parent, not as untagged images', async () => {
    const amd = await layout.image({ created: day(1).toISOString(), layers: ['amd'], architecture: 'amd64' });
    const arm = await layout.image({ created: day(2).toISOString(), layers: ['arm'], architecture: 'arm64' });
    const index = await layout.index([
      { digest: amd.digest, size: amd.size, os: 'linux', architecture: 'amd64' },
      { digest: arm.digest, size: arm.size, os: 'linux', architecture: 'arm64' },
    ]);
    const sbom = await layout.image({ created: day(3).toISOString(), layers: ['sbom'], subject: index });
    for (const digest of [amd.digest, arm.digest, index.digest, sbom.digest]) await layout.revision('multi', digest);
    await layout.tag('multi', 'v1', index.digest);
    await indexer.backfill();

    const manifests = queries.manifests('multi');
    expect(manifests.find((m) => m.digest === amd.digest)?.parentIndexes).toEqual([index.digest]);
    expect(manifests.find((m) => m.digest === sbom.digest)?.subject).toBe(index.digest);
    expect(queries.repositories({ limit: 1 })[0]).toMatchObject({ manifestCount: 4, untaggedCount: 0, tagCount: 1 });
    const [tag] = queries.tags('multi');
    expect(tag?.platforms.map((p) => p.architecture)).toEqual(['amd64', 'arm64']);
    expect(tag?.created).toBe(day(2).toISOString());
    expect(tag?.imageSize).toBe([amd, arm].reduce((sum, i) => sum + i.config.size + (i.layers[0]?.size ?? 0), 0));
  });

  it('keeps a deleted tag as history and drops it from the tag list', async () => {
    const image = await layout.image({ created: day(1).toISOString(), layers: ['a'] });
    await layout.revision('app', image.digest, day(1));
    await layout.tag('app', 'old', image.digest, day(1));
    await layout.removeCurrent('app', 'old');
    await indexer.backfill();
    expect(queries.tags('app')).toEqual([]);
    expect(queries.history('app', 'old')).toEqual([expect.objectContaining({ digest: image.digest, current: false, exists: true })]);
    expect(queries.manifests('app')[0]?.untaggedSince).toBe(day(1).toISOString());
  });

  it('marks a push the reconcile saw first with the actor of its notification when that arrives', async () => {
    const image = await layout.image({ created: day(1).toISOString(), layers: ['a'] });
    await layout.revision('app', image.digest, day(1));
    await layout.tag('app', 'latest', image.digest, day(1));
    await indexer.backfill();
    expect(queries.history('app', 'latest')).toEqual([expect.objectContaining({ digest: image.digest, source: 'storage', actor: null })]);

    const at = day(1).getTime() + 50;
    await indexer.applyEvents([{ id: 'late', repository: 'app', at, move: { repository: 'app', tag: 'latest', digest: image.digest, at, actor: 'ci' } }]);
    expect(queries.history('app', 'latest')).toEqual([
      expect.objectContaining({ digest: image.digest, source: 'event', actor: 'ci', current: true, lastSeen: null, firstSeen: day(1).toISOString() }),
    ]);
  });

  it('pages a namespace without its look-alike neighbours (team-b, teamx)', async () => {
    const image = await layout.image({ created: day(1).toISOString(), layers: ['a'] });
    for (const repo of ['team', 'team-b/x', 'team-c/y', 'team/a', 'team/b', 'teamx']) await layout.revision(repo, image.digest);
    await indexer.backfill();
    expect(queries.repositories({ namespace: 'team', limit: 2 }).map((r) => r.name)).toEqual(['team', 'team/a']);
    expect(queries.repositories({ namespace: 'team/', after: 'team/a', limit: 2 }).map((r) => r.name)).toEqual(['team/b']);
  });

  it('stores every repository of a backfill larger than one batch of concurrent reads', async () => {
    const image = await layout.image({ created: day(1).toISOString(), layers: ['a'] });
    for (let i = 0; i < 130; i++) {
      await layout.revision(`many/r${i}`, image.digest);
      await layout.tag(`many/r${i}`, 'v1', image.digest);
    }
    expect(await indexer.backfill()).toMatchObject({ repositories: 130, scanned: 130 });
    expect(queries.repositories({ limit: 1000 })).toHaveLength(130);
    expect(await indexer.backfill()).toMatchObject({ scanned: 0, unchanged: 130 });
  });

  it('rescans only repositories whose stamp changed, and removes what storage lost', async () => {
    const a = await layout.image({ created: day(1).toISOString(), layers: ['a'] });
    const b = await layout.image({ created: day(2).toISOString(), layers: ['b'] });
    for (const repo of ['one', 'two', 'three']) {
      await layout.revision(repo, a.digest);
      await layout.tag(repo, 'v1', a.digest, day(1));
    }
    expect(await indexer.backfill()).toMatchObject({ repositories: 3, scanned: 3, unchanged: 0 });
    expect(await indexer.backfill()).toMatchObject({ repositories: 3, scanned: 0, unchanged: 3 });

    await layout.revision('two', b.digest);
    await layout.tag('two', 'v1', b.digest, day(2));
    await rm(join(layout.manifestsDir('three'), '..'), { recursive: true });
    const changes: string[] = [];
    indexer.changes.on('change', (c) => changes.push(c.repository));
    expect(await indexer.backfill()).toMatchObject({ repositories: 2, scanned: 1, unchanged: 1, removed: 1 });
    expect(changes.sort()).toEqual(['three', 'two']);
    expect(queries.tags('two')[0]?.digest).toBe(b.digest);
    expect(queries.hasRepository('three')).toBe(false);
    // History outlives the repository's files.
    expect(queries.history('three', 'v1')).toEqual([expect.objectContaining({ digest: a.digest, current: false, exists: false })]);

    await layout.removeRevision('two', a.digest);
    await indexer.backfill();
    expect(queries.manifests('two').map((m) => m.digest)).toEqual([b.digest]);
    expect(warnings).toEqual([]);
  });
});
