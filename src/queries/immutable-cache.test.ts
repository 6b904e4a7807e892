import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore, set } from 'idb-keyval';
import { QueryClient } from '@tanstack/react-query';
import type { RegistryClient } from '../registry/client';
import { parseManifest } from '../registry/manifests';
import type { FetchedManifest, ImageConfig } from '../registry/types';
import { flushWrites, forgetImmutable, readConfig, readManifest, resetImmutableCacheForTests, storeConfig, storeManifest } from './immutable-cache';
import { forgetDeletedManifests, repositoryQueries } from './registry-queries';

const URL_A = 'http://a.test';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const CONFIG_DIGEST = `sha256:${'c'.repeat(64)}`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

function fetched(): FetchedManifest {
  const text = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: CONFIG_DIGEST, size: 10 },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${'b'.repeat(64)}`, size: 100 }],
  });
  const bytes = new TextEncoder().encode(text);
  return { digest: DIGEST, mediaType: OCI_MANIFEST, bytes, manifest: parseManifest(bytes, OCI_MANIFEST) };
}

const config: ImageConfig = { created: '2025-01-01T00:00:00Z', architecture: 'amd64', os: 'linux' };

afterEach(async () => {
  await forgetImmutable(URL_A, [DIGEST, CONFIG_DIGEST]);
  await forgetImmutable('http://b.test', [DIGEST]);
  resetImmutableCacheForTests();
  vi.restoreAllMocks();
});

describe('immutable cache', () => {
  it('gives back the exact manifest bytes and media type, parsed again', async () => {
    const original = fetched();
    storeManifest(URL_A, original);
    await flushWrites();
    const read = await readManifest(URL_A, DIGEST);
    expect(read?.digest).toBe(DIGEST);
    expect(read?.mediaType).toBe(OCI_MANIFEST);
    expect(Array.from(read?.bytes ?? [])).toEqual(Array.from(original.bytes));
    expect(read?.manifest).toEqual(original.manifest);
  });

  it('keys by registry URL + digest', async () => {
    storeManifest(URL_A, fetched());
    await flushWrites();
    expect(await readManifest('http://b.test', DIGEST)).toBeUndefined();
  });

  it('stores configs parsed', async () => {
    storeConfig(URL_A, CONFIG_DIGEST, config);
    await flushWrites();
    expect(await readConfig(URL_A, CONFIG_DIGEST)).toEqual(config);
    expect(await readConfig(URL_A, DIGEST)).toBeUndefined();
  });

  it('forgets digests', async () => {
    storeManifest(URL_A, fetched());
    storeConfig(URL_A, CONFIG_DIGEST, config);
    await flushWrites();
    await forgetImmutable(URL_A, [DIGEST, CONFIG_DIGEST]);
    expect(await readManifest(URL_A, DIGEST)).toBeUndefined();
    expect(await readConfig(URL_A, CONFIG_DIGEST)).toBeUndefined();
  });

  it('reads a stored entry it cannot parse as a miss', async () => {
    storeManifest(URL_A, { ...fetched(), bytes: new TextEncoder().encode('not json') });
    await flushWrites();
    expect(await readManifest(URL_A, DIGEST)).toBeUndefined();
  });

  it('reads a key the store did not hold at the start of the session as a miss without a transaction each', async () => {
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    // One answer per task, as a cold table of distinct images asks for its configs.
    for (let i = 0; i < 20; i++) expect(await readConfig(URL_A, `sha256:${i.toString(16).padStart(64, '0')}`)).toBeUndefined();
    // The one listing of the keys, not one read per miss.
    expect(transaction.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('finds what another session stored before this one started, and what this session stored since', async () => {
    // Written as another tab (or an earlier session) would: straight into the database.
    await set(JSON.stringify(['config', URL_A, CONFIG_DIGEST]), config, createStore('regatta-immutable', 'by-digest'));
    expect(await readConfig(URL_A, CONFIG_DIGEST)).toEqual(config);
    expect(await readManifest(URL_A, DIGEST)).toBeUndefined();
    storeManifest(URL_A, fetched());
    await flushWrites();
    expect((await readManifest(URL_A, DIGEST))?.digest).toBe(DIGEST);
  });

  it('falls back silently when IndexedDB fails', async () => {
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    resetImmutableCacheForTests();
    storeManifest(URL_A, fetched());
    await expect(flushWrites()).resolves.toBeUndefined();
    await expect(readManifest(URL_A, DIGEST)).resolves.toBeUndefined();
    expect(open).toHaveBeenCalled();
  });
});

describe('repositoryQueries with the immutable cache', () => {
  function client(): RegistryClient {
    return {
      baseUrl: URL_A,
      getManifest: vi.fn(async () => fetched()),
      getImageConfig: vi.fn(async () => config),
    } as unknown as RegistryClient;
  }

  it('fetches a digest once per profile: the next session reads IndexedDB, not the network', async () => {
    const first = client();
    const session1 = new QueryClient();
    await session1.fetchQuery(repositoryQueries(first, URL_A).manifest('a/b', DIGEST));
    await session1.fetchQuery(repositoryQueries(first, URL_A).imageConfig('a/b', CONFIG_DIGEST));
    expect(first.getManifest).toHaveBeenCalledTimes(1);
    expect(first.getImageConfig).toHaveBeenCalledTimes(1);
    await flushWrites();

    const second = client();
    const session2 = new QueryClient();
    const manifest = await session2.fetchQuery(repositoryQueries(second, URL_A).manifest('other/repo', DIGEST));
    const cfg = await session2.fetchQuery(repositoryQueries(second, URL_A).imageConfig('a/b', CONFIG_DIGEST));
    expect(manifest.manifest).toEqual(fetched().manifest);
    expect(cfg).toEqual(config);
    expect(second.getManifest).not.toHaveBeenCalled();
    expect(second.getImageConfig).not.toHaveBeenCalled();
  });
});

describe('forgetDeletedManifests', () => {
  it('drops a deleted manifest from memory and IndexedDB, and keeps its config blob', async () => {
    const queryClient = new QueryClient();
    const manifestKey = ['registry', URL_A, 'repo', 'team/app', 'manifest', DIGEST];
    const configKey = ['registry', URL_A, 'repo', 'team/app', 'config', CONFIG_DIGEST];
    queryClient.setQueryData(manifestKey, fetched());
    queryClient.setQueryData(configKey, config);
    storeManifest(URL_A, fetched());
    storeConfig(URL_A, CONFIG_DIGEST, config);
    await flushWrites();

    forgetDeletedManifests(queryClient, URL_A, 'team/app', [DIGEST]);
    await flushWrites();

    expect(queryClient.getQueryData(manifestKey)).toBeUndefined();
    await vi.waitFor(async () => expect(await readManifest(URL_A, DIGEST)).toBeUndefined());
    expect(queryClient.getQueryData(configKey)).toEqual(config);
    expect(await readConfig(URL_A, CONFIG_DIGEST)).toEqual(config);
  });
});
