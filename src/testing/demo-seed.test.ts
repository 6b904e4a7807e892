import { AcrMetadata } from './acr-fake';
import { seedDemoRegistry } from './demo-seed';
import { FakeRegistry } from './fake-registry';
import { OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST } from './fake-registry';
import { setupTestRegistry } from './test-server';

const ACCEPT_ALL = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(', ');
const { fake, baseUrl } = setupTestRegistry();

describe('demo seed', () => {
  let record: Awaited<ReturnType<typeof seedDemoRegistry>>;
  beforeAll(async () => {
    record = await seedDemoRegistry(fake);
  });

  it('creates the ACR docs repositories', async () => {
    const res = await fetch(`${baseUrl}/v2/_catalog`);
    expect(await res.json()).toEqual({
      repositories: [
        'acr-helloworld',
        'aspnetcore',
        'marketing/campaign10-18/api',
        'marketing/campaign10-18/email-sender',
        'marketing/campaign10-18/web',
        'product-returns/legacy-integrator',
        'product-returns/web-submission',
        'samples/multiarch',
        'samples/myimage',
        'warrantydept/customersubmissions/web',
        'warrantydept/dotnet-build',
      ],
    });
    expect(Object.keys(record.repositories).sort()).toEqual(fake.catalog());
    expect(record.repositories.aspnetcore?.['1.0.1']).toBeDefined();
  });

  it('points acr-helloworld latest and v1 at the same digest, v2 elsewhere', async () => {
    const digestOf = async (tag: string) =>
      (await fetch(`${baseUrl}/v2/acr-helloworld/manifests/${tag}`, { method: 'HEAD', headers: { Accept: ACCEPT_ALL } })).headers.get('Docker-Content-Digest');
    expect(await digestOf('latest')).toBe(await digestOf('v1'));
    expect(await digestOf('v2')).not.toBe(await digestOf('v1'));
    expect(await digestOf('v1')).toBe(record.repositories['acr-helloworld']?.v1?.digest);
    const tags = (await (await fetch(`${baseUrl}/v2/acr-helloworld/tags/list`)).json()) as { tags: string[] };
    expect([...tags.tags].sort()).toEqual(['latest', 'v1', 'v2']);
  });

  it('leaves the first acr-helloworld:v2 and the first dotnet-build:8.0 untagged but fetchable by digest', async () => {
    expect(record.untagged.map((image) => image.repo)).toEqual(['acr-helloworld', 'warrantydept/dotnet-build']);
    const untagged = record.untagged[0];
    expect(untagged?.repo).toBe('acr-helloworld');
    expect(fake.tagsOf('acr-helloworld', untagged?.digest ?? '')).toEqual([]);
    const res = await fetch(`${baseUrl}/v2/acr-helloworld/manifests/${untagged?.digest}`, { headers: { Accept: ACCEPT_ALL } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Docker-Content-Digest')).toBe(untagged?.digest);
  });

  it('has a multi-arch index with three platforms, a shared base layer and distinct sizes', async () => {
    const res = await fetch(`${baseUrl}/v2/samples/multiarch/manifests/1.0`, { headers: { Accept: ACCEPT_ALL } });
    expect(res.headers.get('Content-Type')).toBe(OCI_INDEX);
    const index = (await res.json()) as { manifests: { platform: { os: string; architecture: string; variant?: string } }[] };
    expect(index.manifests.map((m) => [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/'))).toEqual([
      'linux/amd64',
      'linux/arm64/v8',
      'windows/amd64',
    ]);

    const firstLayer = (repo: string, tag: string) => {
      const stored = fake.getManifest(repo, tag);
      return (JSON.parse(new TextDecoder().decode(stored?.bytes)) as { layers: { digest: string }[] }).layers[0]?.digest;
    };
    expect(firstLayer('marketing/campaign10-18/web', 'v1')).toBe(firstLayer('acr-helloworld', 'v1'));
    expect(firstLayer('aspnetcore', '1.0.1')).toBe(firstLayer('warrantydept/dotnet-build', 'latest'));

    const sizes = Object.values(record.repositories).flatMap((tags) => Object.values(tags)).map((i) => i.size);
    const distinctDigests = new Set(Object.values(record.repositories).flatMap((tags) => Object.values(tags)).map((i) => i.digest));
    expect(new Set(sizes).size).toBe(distinctDigests.size);
  });

  it('is deterministic across runs', async () => {
    const { FakeRegistry } = await import('./fake-registry');
    const again = await seedDemoRegistry(new FakeRegistry());
    expect(again).toEqual(record);
  });

  it('records what ACR keeps: push times per manifest and tag, a locked rollback image and a locked legacy tag', async () => {
    const acr = new AcrMetadata(new FakeRegistry(), 'demo.test');
    const withAcr = await seedDemoRegistry(acr.fake, acr);
    expect(withAcr).toEqual(record);
    const [firstV2, rollback] = withAcr.untagged;
    expect(acr.manifestTimesOf('acr-helloworld', firstV2?.digest ?? '')).toEqual({ createdTime: '2026-08-21T15:31:00.0000000Z', lastUpdateTime: '2026-08-21T15:31:00.0000000Z' });
    // A re-pushed tag keeps its creation and moves its update time.
    expect(acr.tagTimesOf('acr-helloworld', 'v2')).toEqual({ createdTime: '2026-08-21T15:31:00.0000000Z', lastUpdateTime: '2026-09-02T09:12:00.0000000Z' });
    expect(acr.deleteRefused('warrantydept/dotnet-build', rollback?.digest ?? '')).toBe(true);
    expect(acr.deleteRefused('acr-helloworld', firstV2?.digest ?? '')).toBe(false);
    const legacy = withAcr.repositories['product-returns/legacy-integrator']?.['2025.12']?.digest ?? '';
    expect(acr.tagLock('product-returns/legacy-integrator', '2025.12')).toMatchObject({ deleteEnabled: false, writeEnabled: false });
    expect(acr.deleteRefused('product-returns/legacy-integrator', legacy)).toBe(true);
    const children = JSON.parse(new TextDecoder().decode(acr.fake.getManifest('samples/multiarch', '1.0')?.bytes)) as { manifests: { digest: string }[] };
    for (const child of children.manifests) expect(acr.manifestTimesOf('samples/multiarch', child.digest).createdTime).toBe('2026-06-30T12:00:00.0000000Z');
  });
});
