import { QueryClient } from '@tanstack/react-query';
import { createRegistryClient } from '../registry/client';
import { pushImage, pushIndex } from '../testing/fake-images';
import { setupTestRegistry } from '../testing/test-server';
import { isKnownManifestKey, knownManifests, manifestQueries, referrersApiUnreachable } from './manifest-queries';
import { repositoryQueries } from './registry-queries';
import { RegistryError } from '../registry/errors';

const { fake, baseUrl } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });
afterEach(() => fake.reset());

describe('knownManifests', () => {
  it('reads the manifests and tag HEADs of one repository from the cache, fetching nothing', async () => {
    const queryClient = new QueryClient();
    const repo = repositoryQueries(client, baseUrl);
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const index = await pushIndex(fake, 'team/app', { tags: ['multi'], platforms: [{ os: 'linux', architecture: 'amd64' }] });
    await pushImage(fake, 'team/other', { tags: ['v1'] });
    await queryClient.fetchQuery(repo.tagHead('team/app', 'v1'));
    await queryClient.fetchQuery(repo.manifest('team/app', image.digest));
    await queryClient.fetchQuery(repo.manifest('team/app', index.digest));
    await queryClient.fetchQuery(repo.tagHead('team/other', 'v1'));
    const requests = fake.requests.length;

    const known = knownManifests(queryClient.getQueryCache(), repo.repoKey('team/app'));
    expect([...known.manifests.keys()].sort()).toEqual([image.digest, index.digest].sort());
    expect(known.tagDigests).toEqual(new Map([['v1', image.digest]]));
    expect(fake.requests.length).toBe(requests);
  });

  it('recognises the keys that matter', () => {
    const prefix = ['registry', 'u', 'repo', 'a'];
    expect(isKnownManifestKey([...prefix, 'manifest', 'sha256:x'], prefix)).toBe(true);
    expect(isKnownManifestKey([...prefix, 'tag', 'v1', 'head'], prefix)).toBe(true);
    expect(isKnownManifestKey([...prefix, 'config', 'sha256:x'], prefix)).toBe(false);
    expect(isKnownManifestKey(['registry', 'u', 'repo', 'b', 'manifest', 'sha256:x'], prefix)).toBe(false);
  });
});

describe('referrer queries', () => {
  it('reads fallback tags, keeping going when one fails', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const hex = image.digest.slice(7);
    const sig = await pushImage(fake, 'team/app', { tags: [`sha256-${hex}.sig`], seed: 'sig' });
    const result = await queryClient.fetchQuery(
      manifestQueries(client, baseUrl).referrerTags('team/app', image.digest, [
        { tag: `sha256-${hex}.sig`, role: 'sig' },
        { tag: `sha256-${hex}.att`, role: 'att' },
      ]),
    );
    expect(result.entries.map((e) => [e.digest, e.tag])).toEqual([[sig.digest, `sha256-${hex}.sig`]]);
    expect(result.problems.map((p) => p.tag)).toEqual([`sha256-${hex}.att`]);
  });

  it('answers "unsupported" from the fake, and treats network failures as unreachable', async () => {
    const queryClient = new QueryClient();
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    await expect(queryClient.fetchQuery(manifestQueries(client, baseUrl).referrersApi('team/app', image.digest))).resolves.toEqual({ supported: false, status: 404 });
    expect(referrersApiUnreachable(new RegistryError({ status: 0, code: 'NETWORK_ERROR', message: 'x' }))).toBe(true);
    expect(referrersApiUnreachable(new RegistryError({ status: 403, code: 'DENIED', message: 'x' }))).toBe(false);
  });
});
