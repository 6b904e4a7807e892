/**
 * The demo registry's content: the repository names of the Azure Container Registry docs' examples,
 * with shared base layers, tags sharing a digest, untagged manifests and a multi-arch index; with
 * an AcrMetadata, also what ACR keeps beside it: push times per manifest and tag, and two locks
 * (an untagged rollback image, and a legacy tag with its image).
 * Fixed dates and seeds: the same digests on every run.
 */
import type { AcrMetadata } from './acr-fake';
import type { FakeRegistry } from './fake-registry';
import { makeLayer, pushImage, pushIndex } from './fake-images';
import type { ImageFormat } from './fake-images';

export interface SeededImage {
  digest: string;
  size: number;
}

export interface DemoSeedRecord {
  /** repository → tag → what the tag points at after seeding. */
  repositories: Record<string, Record<string, SeededImage>>;
  /** Manifests that lost their tag on purpose (re-pushed tag): fetchable by digest only. */
  untagged: (SeededImage & { repo: string })[];
}

interface DemoImage {
  repo: string;
  tags: string[];
  created: string;
  layers: number[];
  base: 'alpine' | 'dotnet' | 'none';
  source: string;
  version: string;
  format?: ImageFormat;
  cmd?: string[];
  ports?: string[];
  seed?: string;
}

/** A stable 40-hex "git revision" for labels. */
function revision(text: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${text}#${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

const AZURE_SAMPLES = 'https://github.com/Azure-Samples';

const IMAGES: DemoImage[] = [
  { repo: 'marketing/campaign10-18/web', tags: ['v1'], created: '2025-12-03T09:14:00Z', layers: [21_000, 8_400], base: 'alpine', source: 'https://github.com/contoso/campaign10-18', version: '1.0.0', ports: ['8080/tcp'] },
  { repo: 'marketing/campaign10-18/web', tags: ['v2', 'latest'], created: '2026-02-11T16:40:00Z', layers: [23_500, 9_100], base: 'alpine', source: 'https://github.com/contoso/campaign10-18', version: '2.0.0', ports: ['8080/tcp'] },
  { repo: 'marketing/campaign10-18/api', tags: ['v1', 'v1.1'], created: '2026-01-20T11:05:00Z', layers: [64_000, 5_200], base: 'alpine', source: 'https://github.com/contoso/campaign10-18', version: '1.1.0', cmd: ['node', 'api.js'], ports: ['3000/tcp'] },
  { repo: 'marketing/campaign10-18/email-sender', tags: ['v1'], created: '2026-03-02T08:30:00Z', layers: [12_800], base: 'alpine', source: 'https://github.com/contoso/campaign10-18', version: '1.0.3', cmd: ['node', 'sender.js'], ports: [] },
  { repo: 'product-returns/web-submission', tags: ['v1'], created: '2026-04-14T13:22:00Z', layers: [31_000, 6_000], base: 'alpine', source: 'https://github.com/contoso/product-returns', version: '1.0.0' },
  { repo: 'product-returns/web-submission', tags: ['v2', 'latest'], created: '2026-07-09T10:10:00Z', layers: [33_300, 6_600], base: 'alpine', source: 'https://github.com/contoso/product-returns', version: '2.0.0' },
  { repo: 'product-returns/legacy-integrator', tags: ['2025.12'], created: '2025-12-18T07:45:00Z', layers: [96_000], base: 'dotnet', source: 'https://github.com/contoso/legacy-integrator', version: '2025.12', format: 'docker', cmd: ['dotnet', 'LegacyIntegrator.dll'] },
  { repo: 'acr-helloworld', tags: ['v1', 'latest'], created: '2026-05-05T12:00:00Z', layers: [14_336, 3_072], base: 'alpine', source: `${AZURE_SAMPLES}/acr-build-helloworld-node`, version: '1.0.0' },
  // Pushed twice: the first v2 becomes the demo's untagged manifest.
  { repo: 'acr-helloworld', tags: ['v2'], created: '2026-08-21T15:31:00Z', layers: [15_104, 3_200], base: 'alpine', source: `${AZURE_SAMPLES}/acr-build-helloworld-node`, version: '2.0.0', seed: 'acr-helloworld:v2:first' },
  { repo: 'acr-helloworld', tags: ['v2'], created: '2026-09-02T09:12:00Z', layers: [15_360, 3_328], base: 'alpine', source: `${AZURE_SAMPLES}/acr-build-helloworld-node`, version: '2.0.1', seed: 'acr-helloworld:v2:second' },
  { repo: 'samples/myimage', tags: ['latest'], created: '2026-06-17T17:55:00Z', layers: [7_700], base: 'alpine', source: `${AZURE_SAMPLES}/acr-tasks`, version: '0.3.0' },
  { repo: 'aspnetcore', tags: ['1.0.1'], created: '2026-01-07T14:02:00Z', layers: [120_000, 18_000], base: 'dotnet', source: 'https://github.com/dotnet/aspnetcore', version: '1.0.1', format: 'docker', cmd: ['dotnet', 'app.dll'], ports: ['80/tcp', '443/tcp'] },
  // Pushed twice: the first 8.0 stays as an untagged, locked rollback image.
  { repo: 'warrantydept/dotnet-build', tags: ['8.0', 'latest'], created: '2026-08-12T06:00:00Z', layers: [149_000, 41_000], base: 'dotnet', source: 'https://github.com/contoso/warrantydept-build', version: '8.0.3', cmd: ['dotnet', '--info'], ports: [], seed: 'warrantydept/dotnet-build:8.0:first' },
  { repo: 'warrantydept/dotnet-build', tags: ['8.0', 'latest'], created: '2026-10-01T06:00:00Z', layers: [150_000, 42_000], base: 'dotnet', source: 'https://github.com/contoso/warrantydept-build', version: '8.0.4', cmd: ['dotnet', '--info'], ports: [] },
  { repo: 'warrantydept/customersubmissions/web', tags: ['v1'], created: '2026-11-10T19:48:00Z', layers: [54_000, 11_000], base: 'dotnet', source: 'https://github.com/contoso/customersubmissions', version: '1.4.2', cmd: ['dotnet', 'CustomerSubmissions.Web.dll'], ports: ['8080/tcp'] },
];

/** ACR writes times with seven fractional digits. */
function acrTime(iso: string): string {
  return iso.replace(/Z$/, '.0000000Z');
}

/** Locks a manifest as the portal's "Locked" does: no delete, no overwrite. */
const LOCKED = { deleteEnabled: false, writeEnabled: false };

/**
 * Pushes the demo content into `fake`; deterministic, about 1.5 MB of blobs held in memory. With
 * `acr`, records ACR's times (a manifest's = its push; a tag's creation = its first push) and locks.
 */
export async function seedDemoRegistry(fake: FakeRegistry, acr?: AcrMetadata): Promise<DemoSeedRecord> {
  const bases = {
    alpine: [makeLayer('base/alpine-3.20', 48_000)],
    dotnet: [makeLayer('base/debian-12-slim', 36_000), makeLayer('base/dotnet-runtime-8.0', 180_000)],
    none: [],
  };
  const record: DemoSeedRecord = { repositories: {}, untagged: [] };
  const tagCreated = new Map<string, string>();
  const stamp = (repo: string, tags: string[], digests: string[], created: string) => {
    const time = acrTime(created);
    for (const digest of digests) acr?.setManifestTimes(repo, digest, { createdTime: time, lastUpdateTime: time });
    for (const tag of tags) {
      if (!tagCreated.has(`${repo}:${tag}`)) tagCreated.set(`${repo}:${tag}`, time);
      acr?.setTagTimes(repo, tag, { createdTime: tagCreated.get(`${repo}:${tag}`), lastUpdateTime: time });
    }
  };
  const remember = (repo: string, tags: string[], image: SeededImage) => {
    const repoTags = (record.repositories[repo] ??= {});
    for (const tag of tags) {
      const previous = repoTags[tag];
      if (previous && previous.digest !== image.digest && !Object.values(repoTags).some((i) => i !== previous && i.digest === previous.digest)) {
        record.untagged.push({ repo, ...previous });
      }
      repoTags[tag] = { digest: image.digest, size: image.size };
    }
  };

  for (const image of IMAGES) {
    const pushed = await pushImage(fake, image.repo, {
      tags: image.tags,
      layers: image.layers,
      sharedLayers: bases[image.base],
      created: image.created,
      format: image.format ?? 'oci',
      seed: image.seed,
      cmd: image.cmd,
      exposedPorts: image.ports,
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `APP_VERSION=${image.version}`],
      labels: {
        'org.opencontainers.image.source': image.source,
        'org.opencontainers.image.version': image.version,
        'org.opencontainers.image.revision': revision(`${image.repo}@${image.version}`),
        'org.opencontainers.image.created': image.created,
        'org.opencontainers.image.title': image.repo.split('/').pop() ?? image.repo,
        'org.opencontainers.image.vendor': 'Contoso',
      },
    });
    remember(image.repo, image.tags, pushed);
    stamp(image.repo, image.tags, [pushed.digest], image.created);
  }

  const created = '2026-06-30T12:00:00Z';
  const multiarch = await pushIndex(fake, 'samples/multiarch', {
    tags: ['1.0'],
    format: 'oci',
    created,
    layers: [26_000, 4_500],
    cmd: ['/app/server'],
    platforms: [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2582' },
    ],
    labels: {
      'org.opencontainers.image.source': `${AZURE_SAMPLES}/acr-multiarch`,
      'org.opencontainers.image.version': '1.0',
      'org.opencontainers.image.created': created,
      'org.opencontainers.image.vendor': 'Contoso',
    },
  });
  remember('samples/multiarch', ['1.0'], multiarch);
  stamp('samples/multiarch', ['1.0'], [multiarch.digest, ...multiarch.children.map((child) => child.digest)], created);

  if (acr) {
    const rollback = record.untagged.find((image) => image.repo === 'warrantydept/dotnet-build');
    if (rollback) acr.setManifestAttributes('warrantydept/dotnet-build', rollback.digest, LOCKED);
    const legacy = record.repositories['product-returns/legacy-integrator']?.['2025.12'];
    if (legacy) acr.setManifestAttributes('product-returns/legacy-integrator', legacy.digest, LOCKED);
    acr.setTagAttributes('product-returns/legacy-integrator', '2025.12', LOCKED);
  }
  return record;
}
