import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManifestHead } from '../registry/types';
import {
  evictionsFor,
  flushRevisitWrites,
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
    rememberTags('http://a.test', 'team/app', { savedAt: 1000, tags: ['v1', 'v2'], heads: new Map([['v1', head('a')]]) });
    await flushRevisitWrites();
    const read = await readRememberedTags('http://a.test', 'team/app');
    expect(read).toEqual({ savedAt: 1000, tags: ['v1', 'v2'], heads: new Map([['v1', head('a')]]) });
    expect(await readRememberedTags('http://a.test', 'team/other')).toBeUndefined();
  });

  it('keeps two registries apart, for tags and catalogs alike', async () => {
    rememberTags('http://a.test', 'team/app', { savedAt: 1, tags: ['v1'], heads: new Map([['v1', head('a')]]) });
    rememberTags('http://b.test', 'team/app', { savedAt: 2, tags: ['v9'], heads: new Map([['v9', head('b')]]) });
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
    rememberTags('http://a.test', 'first', { savedAt: 1, tags: many, heads: new Map() });
    await flushRevisitWrites();
    rememberTags('http://a.test', 'second', { savedAt: 2, tags: many, heads: new Map() });
    await flushRevisitWrites();
    expect(await readRememberedTags('http://a.test', 'first')).toBeUndefined();
    expect((await readRememberedTags('http://a.test', 'second'))?.tags).toHaveLength(many.length);
  });
});
