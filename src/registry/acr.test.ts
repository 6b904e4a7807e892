import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { pushImage } from '../testing/fake-images';
import { acrHandlers } from '../testing/acr-fake';
import { setupAcrTestRegistry } from '../testing/test-server';
import { RegistryError } from './errors';
import { acrPageSize, isAcrLoginServer, withOrderBy } from './acr';

const { fake, acr, server, baseUrl, client, api } = setupAcrTestRegistry('http://myregistry.test');

async function seed() {
  const v1 = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one' });
  const v2 = await pushImage(fake, 'team/app', { tags: ['v2', 'latest'], seed: 'two' });
  // Re-push v1 with other content: the first v1 is left untagged.
  const v1b = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one-again' });
  const loose = await pushImage(fake, 'team/app', { tags: [], seed: 'by-digest' });
  const extra = await pushImage(fake, 'team/app', { tags: ['v3'], seed: 'three' });
  return { v1, v2, v1b, loose, extra };
}

describe('ACR metadata API client (against the ACR-shaped fake)', () => {
  it('detects the API by probing the catalog, and not on a plain v2 registry or an SPA fallback', async () => {
    expect(await api.detect()).toEqual({ acr: true, reason: 'catalog' });
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => new HttpResponse('<!doctype html><title>SPA</title>', { headers: { 'Content-Type': 'text/html' } })));
    expect(await api.detect()).toEqual({ acr: false, reason: 'no-api' });
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => new HttpResponse('404 page not found\n', { status: 404 })));
    expect(await api.detect()).toEqual({ acr: false, reason: 'no-api' });
  });

  it('knows ACR by its login-server name without a request', async () => {
    const before = fake.requests.length;
    expect(await api.detect({ hosts: ['127.0.0.1:8080', 'myregistry.azurecr.io'] })).toEqual({ acr: true, reason: 'login-server', subject: 'myregistry.azurecr.io' });
    expect(fake.requests.length).toBe(before);
    expect(isAcrLoginServer('https://contoso.azurecr.cn')).toBe(true);
    expect(isAcrLoginServer('gov.azurecr.us:443')).toBe(true);
    expect(isAcrLoginServer('azurecr.io')).toBe(false);
    expect(isAcrLoginServer('evil-azurecr.io.example')).toBe(false);
    expect(isAcrLoginServer('registry.example.com')).toBe(false);
  });

  it('without catalog rights, probes the repository\'s _tags?n=1', async () => {
    await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one' });
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => HttpResponse.json({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }, { status: 403 })));
    expect(await api.detect()).toEqual({ acr: false, reason: 'catalog-denied' });
    expect(await api.detect({ repository: 'team/app' })).toEqual({ acr: true, reason: 'repository', subject: 'team/app' });
    // A repository without the API (plain distribution's 404) is a "no", not an error.
    server.use(http.get(`${baseUrl}/acr/v1/team/app/_tags`, () => new HttpResponse('404 page not found\n', { status: 404 })));
    expect(await api.detect({ repository: 'team/app' })).toEqual({ acr: false, reason: 'no-api', subject: 'team/app' });
  });

  it('a failed detection throws (the query retries it) instead of answering "no"', async () => {
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => HttpResponse.error()));
    await expect(api.detect()).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => HttpResponse.json({ errors: [{ code: 'UNAVAILABLE', message: 'busy' }] }, { status: 503 })));
    await expect(api.detect()).rejects.toMatchObject({ status: 503 });
    // Anonymous and challenged: signing in may change the answer, so it is not a "no" either.
    server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => HttpResponse.json({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"' } })));
    await expect(api.detect()).rejects.toMatchObject({ status: 401 });
  });

  it('lists every manifest page by page (n/last + Link), untagged ones included', async () => {
    const { v1, v2, v1b, loose, extra } = await seed();
    const pages: string[][] = [];
    for await (const page of api.manifestPages('team/app', { pageSize: 2 })) pages.push(page.map((m) => m.digest));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual([v1.digest, v2.digest, v1b.digest, loose.digest, extra.digest].sort());
    const listed = await api.listManifests('team/app', { pageSize: 2 });
    const byDigest = new Map(listed.map((m) => [m.digest, m]));
    expect(byDigest.get(v2.digest)).toMatchObject({ tags: ['latest', 'v2'], imageSize: v2.size, mediaType: v2.mediaType, architecture: 'amd64', os: 'linux' });
    expect(byDigest.get(v2.digest)?.changeableAttributes).toEqual({ deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true });
    // Untagged: no tags field at all, like ACR.
    expect(byDigest.get(v1.digest)?.tags).toBeUndefined();
    expect(byDigest.get(loose.digest)?.tags).toBeUndefined();
    const requests = fake.requests.filter((r) => r.path === '/acr/v1/team/app/_manifests');
    expect(requests.map((r) => r.query)).toEqual([]); // the v2 fake never saw them: ACR handlers answered
  });

  it('lists tags with digests, times and locks', async () => {
    const { v1b } = await seed();
    acr.setTagTimes('team/app', 'v1', { lastUpdateTime: '2026-02-01T00:00:00Z' });
    const tags = await api.listTags('team/app', { pageSize: 1 });
    expect(tags.map((t) => t.name)).toEqual(['latest', 'v1', 'v2', 'v3']);
    expect(tags.find((t) => t.name === 'v1')).toMatchObject({ digest: v1b.digest, lastUpdateTime: '2026-02-01T00:00:00Z' });
  });

  it('locks: PATCH sets them, the registry refuses deletes, deleteTag says why', async () => {
    const { v2, loose } = await seed();
    const updated = await api.updateManifestAttributes('team/app', loose.digest, { deleteEnabled: false, writeEnabled: false });
    expect(updated.changeableAttributes).toMatchObject({ deleteEnabled: false, writeEnabled: false });
    await expect(client.deleteManifest('team/app', loose.digest)).rejects.toMatchObject({ status: 405, code: 'REGISTRY_DISALLOWED_OPERATION' });

    const tag = await api.updateTagAttributes('team/app', 'v2', { deleteEnabled: false, writeEnabled: false });
    expect(tag.changeableAttributes?.deleteEnabled).toBe(false);
    const refused = await api.deleteTag('team/app', 'v2').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RegistryError);
    expect((refused as RegistryError).code).toBe('REGISTRY_DISALLOWED_OPERATION');
    // A manifest with a locked tag is not deleted either.
    await expect(client.deleteManifest('team/app', v2.digest)).rejects.toMatchObject({ status: 405 });

    expect(await api.deleteTag('team/app', 'latest')).toBe(true);
    expect(fake.tagsOf('team/app', v2.digest)).toEqual(['v2']);
    expect(await api.deleteTag('team/app', 'latest')).toBe(false);
  });
});

describe('ACR parser: the spec\'s required fields, lenient elsewhere', () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;
  const times = { createdTime: '2026-01-01T00:00:00Z', lastUpdateTime: '2026-01-02T00:00:00Z' };

  it('keeps the page when optional values are null, of another type or unknown', async () => {
    server.use(
      http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () =>
        HttpResponse.json({
          registry: 'myregistry.azurecr.io',
          imageName: 'team/app',
          manifests: [
            {
              digest: digest('a'),
              ...times,
              imageSize: '12', // a string: read as absent
              architecture: null,
              os: null,
              references: [{ digest: digest('b'), architecture: null, os: 'linux' }, null, { architecture: 'arm64' }, { digest: digest('c') }],
              mediaType: 'application/vnd.oci.image.index.v1+json',
              tags: ['v1', 7],
              changeableAttributes: { deleteEnabled: false, writeEnabled: 'no', quarantineState: { state: 'Passed' }, futureFlag: true },
              somethingNew: { nested: [1] },
            },
            { digest: digest('b'), ...times, references: null, changeableAttributes: null, quarantineState: 3 },
          ],
        }),
      ),
    );
    const listed = await api.listManifests('team/app');
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ digest: digest('a'), imageSize: undefined, architecture: null, os: null, tags: ['v1'] });
    // The entries without a digest are dropped; null platform values read as absent.
    expect(listed[0]?.references).toEqual([{ digest: digest('b'), architecture: undefined, os: 'linux' }, { digest: digest('c') }]);
    expect(listed[0]?.changeableAttributes).toMatchObject({ deleteEnabled: false, writeEnabled: undefined, quarantineState: undefined });
    expect(listed[1]).toMatchObject({ digest: digest('b'), references: undefined, changeableAttributes: undefined });
  });

  it('fails a page whose entry lacks a required field (a guessed entry could make a tagged manifest look untagged)', async () => {
    server.use(
      http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () => HttpResponse.json({ manifests: [{ digest: digest('a'), createdTime: times.createdTime }] })),
      http.get(`${baseUrl}/acr/v1/team/app/_tags`, () =>
        HttpResponse.json({ registry: 'r', imageName: 'team/app', tags: [{ name: 'v1', digest: digest('a'), ...times }] }),
      ),
    );
    await expect(api.listManifests('team/app')).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' });
    // TagAttributesBase requires changeableAttributes.
    await expect(api.listTags('team/app')).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' });
  });

  it('keeps orderby on every page even when the Link drops it, and asks for no invented maximum', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/acr/v1/team/app/_tags`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.search);
        const page = url.searchParams.get('last') === null ? 1 : 2;
        const tag = { name: page === 1 ? 'new' : 'old', digest: digest('a'), ...times, changeableAttributes: {} };
        return HttpResponse.json(
          { registry: 'r', imageName: 'team/app', tags: [tag] },
          // ACR's Link carries an empty orderby.
          { headers: page === 1 ? { Link: '</acr/v1/team/app/_tags?last=new&n=5000&orderby=>; rel="next"' } : {} },
        );
      }),
    );
    const tags = await api.listTags('team/app', { orderby: 'timedesc', pageSize: 5000 });
    expect(tags.map((t) => t.name)).toEqual(['new', 'old']);
    expect(seen).toEqual(['?n=5000&orderby=timedesc', '?last=new&n=5000&orderby=timedesc']);
  });

  it('withOrderBy and acrPageSize', () => {
    expect(withOrderBy('/acr/v1/a/_tags?last=x&orderby=', 'timeasc')).toBe('/acr/v1/a/_tags?last=x&orderby=timeasc');
    expect(withOrderBy('http://h.test/p/acr/v1/a/_tags?last=x', 'timedesc')).toBe('http://h.test/p/acr/v1/a/_tags?last=x&orderby=timedesc');
    expect(withOrderBy('/acr/v1/a/_tags?last=x&orderby=', undefined)).toBe('/acr/v1/a/_tags?last=x&orderby=');
    expect(acrPageSize(undefined)).toBe(100);
    expect(acrPageSize(0)).toBe(1);
    expect(acrPageSize(2500.7)).toBe(2500);
  });
});

describe('the ACR fake follows the spec', () => {
  it('puts references on every manifest: [] on a single-platform one', async () => {
    const { v2 } = await seed();
    const listed = await api.listManifests('team/app');
    expect(listed.find((m) => m.digest === v2.digest)?.references).toEqual([]);
  });

  it('pages _catalog by n/last with a Link', async () => {
    await pushImage(fake, 'a/one', { tags: ['v1'], seed: 'a' });
    await pushImage(fake, 'b/two', { tags: ['v1'], seed: 'b' });
    const first = await fetch(`${baseUrl}/acr/v1/_catalog?n=1`);
    expect(await first.json()).toEqual({ repositories: ['a/one'] });
    expect(first.headers.get('Link')).toBe('</acr/v1/_catalog?last=a%2Fone&n=1&orderby=>; rel="next"');
    const second = await fetch(`${baseUrl}/acr/v1/_catalog?last=a%2Fone&n=1`);
    expect(await second.json()).toEqual({ repositories: ['b/two'] });
    expect(second.headers.get('Link')).toBeNull();
  });

  it('orders _tags by lastUpdateTime with orderby and filters them by digest', async () => {
    const { v2 } = await seed();
    acr.setTagTimes('team/app', 'v3', { lastUpdateTime: '2026-03-01T00:00:00Z' });
    acr.setTagTimes('team/app', 'v1', { lastUpdateTime: '2026-02-01T00:00:00Z' });
    acr.setTagTimes('team/app', 'latest', { lastUpdateTime: '2025-12-01T00:00:00Z' });
    acr.setTagTimes('team/app', 'v2', { lastUpdateTime: '2025-11-01T00:00:00Z' });
    expect((await api.listTags('team/app', { orderby: 'timedesc', pageSize: 1 })).map((t) => t.name)).toEqual(['v3', 'v1', 'latest', 'v2']);
    expect((await api.listTags('team/app', { orderby: 'timeasc', pageSize: 3 })).map((t) => t.name)).toEqual(['v2', 'latest', 'v1', 'v3']);
    expect((await api.listTags('team/app', { digest: v2.digest })).map((t) => t.name)).toEqual(['latest', 'v2']);
  });

  it('invents no maximum for n: 1,101 tags in one page', async () => {
    const image = await pushImage(fake, 'big/app', { tags: ['base'], seed: 'big' });
    const stored = fake.getManifest('big/app', image.digest)!;
    for (let i = 0; i < 1100; i++) await fake.putManifest('big/app', `t${String(i).padStart(4, '0')}`, stored.bytes, stored.mediaType);
    const response = await fetch(`${baseUrl}/acr/v1/big/app/_tags?n=1200`);
    expect(((await response.json()) as { tags: unknown[] }).tags).toHaveLength(1101);
    expect(response.headers.get('Link')).toBeNull();
  });

  it('challenges for metadata_read, metadata_write and delete, and the client asks for exactly those', async () => {
    await seed();
    server.use(...acrHandlers(acr, { baseUrl, challenge: true }));
    const anonymous = await fetch(`${baseUrl}/acr/v1/team/app/_tags`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('WWW-Authenticate')).toBe('Bearer realm="http://myregistry.test/oauth2/token",service="myregistry.test",scope="repository:team/app:metadata_read"');
    await api.listTags('team/app');
    await api.updateTagAttributes('team/app', 'v3', { deleteEnabled: false });
    await api.updateTagAttributes('team/app', 'v3', { deleteEnabled: true });
    expect(await api.deleteTag('team/app', 'v3')).toBe(true);
    // One token per scope, each reused while it lives (JWT exp an hour ahead).
    expect(acr.tokenRequests).toEqual([['repository:team/app:metadata_read'], ['repository:team/app:metadata_write'], ['repository:team/app:delete']]);
  });
});
