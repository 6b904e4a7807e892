import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, set } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManifestHead } from '../registry/types';
import type { ImageSummary } from './image-summary';
import {
  evictionsFor,
  flushRevisitWrites,
  isRememberedSummary,
  MAX_TAG_ENTRIES,
  readRememberedCatalog,
  readRememberedTags,
  rememberCatalog,
  rememberTags,
  resetRevisitCacheForTests,
} from './revisit-cache';

const head = (c: string): ManifestHead => ({ digest: `sha256:${c.repeat(64)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500 });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetRevisitCacheForTests();
});

describe('revisit cache', () => {
  it('gives back the tag list and digests of one repository of one registry', async () => {
    rememberTags('http://a.test', 'team/app', { savedAt: 1000, tags: ['v1', 'v2'], heads: new Map([['v1', head('a')]]), summaries: new Map() });
    await flushRevisitWrites();
    const read = await readRememberedTags('http://a.test', 'team/app');
    expect(read).toEqual({ savedAt: 1000, tags: ['v1', 'v2'], heads: new Map([['v1', head('a')]]), summaries: new Map() });
    expect(await readRememberedTags('http://a.test', 'team/other')).toBeUndefined();
  });

  it('keeps two registries apart, for tags and catalogs alike', async () => {
    rememberTags('http://a.test', 'team/app', { savedAt: 1, tags: ['v1'], heads: new Map([['v1', head('a')]]), summaries: new Map() });
    rememberTags('http://b.test', 'team/app', { savedAt: 2, tags: ['v9'], heads: new Map([['v9', head('b')]]), summaries: new Map() });
    rememberCatalog('http://a.test', { savedAt: 3, names: ['team/app'] });
    await flushRevisitWrites();
    expect((await readRememberedTags('http://a.test', 'team/app'))?.tags).toEqual(['v1']);
    expect((await readRememberedTags('http://b.test', 'team/app'))?.heads.get('v9')).toEqual(head('b'));
    expect(await readRememberedTags('http://c.test', 'team/app')).toBeUndefined();
    expect(await readRememberedCatalog('http://a.test')).toEqual({ savedAt: 3, names: ['team/app'] });
    expect(await readRememberedCatalog('http://b.test')).toBeUndefined();
  });

  it('drops the entries saved longest ago once a kind passes its cap', async () => {
    const half = Math.floor(MAX_TAG_ENTRIES / 2);
    const index = new Map([
      ['old', { kind: 'tags' as const, savedAt: 1, count: half }],
      ['mid', { kind: 'tags' as const, savedAt: 2, count: half }],
      ['new', { kind: 'tags' as const, savedAt: 3, count: 10 }],
      ['catalog', { kind: 'catalog' as const, savedAt: 0, count: 10 }],
    ]);
    expect(evictionsFor(index)).toEqual(['old']);
  });

  it('evicts in the database too', async () => {
    const many = Array.from({ length: Math.floor(MAX_TAG_ENTRIES / 2) + 1 }, (_, i) => `t${i}`);
    rememberTags('http://a.test', 'first', { savedAt: 1, tags: many, heads: new Map(), summaries: new Map() });
    await flushRevisitWrites();
    rememberTags('http://a.test', 'second', { savedAt: 2, tags: many, heads: new Map(), summaries: new Map() });
    await flushRevisitWrites();
    expect(await readRememberedTags('http://a.test', 'first')).toBeUndefined();
    expect((await readRememberedTags('http://a.test', 'second'))?.tags).toHaveLength(many.length);
  });

  it('keeps each image’s row (size, created, platforms) with the digests, in the same record', async () => {
    const image: ImageSummary = {
      kind: 'image',
      size: 12_345,
      created: '2026-02-03T04:05:06Z',
      platforms: [{ os: 'linux', architecture: 'amd64', digest: head('a').digest, size: 12_345, created: '2026-02-03T04:05:06Z' }],
      complete: true,
    };
    const index: ImageSummary = { kind: 'index', size: 9, minSize: 8, maxSize: 9, totalSize: 17, platforms: [{ digest: head('c').digest, size: 8 }, { digest: head('d').digest, size: 9 }], complete: true };
    rememberTags('http://a.test', 'team/app', {
      savedAt: 5,
      tags: ['v1', 'v2', 'multi'],
      heads: new Map([['v1', head('a')], ['v2', head('a')], ['multi', head('b')]]),
      // A summary no tag uses any more, and an incomplete one: neither is kept.
      summaries: new Map([
        [head('a').digest, image],
        [head('b').digest, index],
        [head('e').digest, image],
      ]),
    });
    rememberTags('http://b.test', 'team/app', { savedAt: 6, tags: ['v1'], heads: new Map([['v1', head('f')]]), summaries: new Map([[head('f').digest, { ...image, complete: false }]]) });
    await flushRevisitWrites();
    const read = await readRememberedTags('http://a.test', 'team/app');
    expect(read?.summaries).toEqual(new Map([[head('a').digest, image], [head('b').digest, index]]));
    expect((await readRememberedTags('http://b.test', 'team/app'))?.summaries).toEqual(new Map());
  });

  it('writes at once when asked to (a table that just completed), without waiting for the batch', async () => {
    await rememberTags('http://a.test', 'team/app', { savedAt: 7, tags: ['v1'], heads: new Map([['v1', head('a')]]), summaries: new Map() }, { now: true });
    expect((await readRememberedTags('http://a.test', 'team/app'))?.savedAt).toBe(7);
  });

  it('reads a record of another summary version (or from before summaries) for its digests only', async () => {
    const image: ImageSummary = { kind: 'image', size: 1, platforms: [{ digest: head('a').digest }], complete: true };
    const store = createStore('regatta-revisit', 'last-known');
    await set(JSON.stringify(['tags', 'http://a.test', 'old']), { savedAt: 1, tags: ['v1'], heads: [['v1', head('a')]] }, store);
    await set(JSON.stringify(['tags', 'http://a.test', 'next']), { savedAt: 1, tags: ['v1'], heads: [['v1', head('a')]], summaryVersion: 99, summaries: [[head('a').digest, image]] }, store);
    for (const name of ['old', 'next']) {
      const read = await readRememberedTags('http://a.test', name);
      expect(read?.heads.get('v1')).toEqual(head('a'));
      expect(read?.summaries).toEqual(new Map());
    }
  });

  it('shows no summary it cannot render', () => {
    const good: ImageSummary = { kind: 'artifact', size: 1, platforms: [], artifactType: 'application/vnd.cncf.helm.config.v1+json', complete: true };
    expect(isRememberedSummary(good)).toBe(true);
    expect(isRememberedSummary({ ...good, kind: 'weird' })).toBe(false);
    expect(isRememberedSummary({ ...good, size: '1 KB' })).toBe(false);
    expect(isRememberedSummary({ ...good, platforms: [{ os: 'linux' }] })).toBe(false);
    expect(isRememberedSummary({ ...good, complete: false })).toBe(false);
    expect(isRememberedSummary(null)).toBe(false);
  });
});
