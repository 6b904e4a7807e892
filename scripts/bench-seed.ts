// What `npm run bench` seeds, and a fast path for the 10,000 small repositories.
//
// big/app and big/aliases go through the generic HTTP seeder (seed-registry.ts). The catalog figure
// only needs repositories that exist with valid tags, so every bulk repository shares ONE config
// and ONE layer pushed once to a template repository, and is written straight into the registry's
// storage as a cross-repository mount would leave it (see seedBulk).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { seedRegistry, type ImageSpec, type LayerSpec, type RepositoryRecord, type RepositorySpec } from './seed-registry.ts';

/** Bump when the layout below changes: the cached registry data is re-seeded when this hash changes. */
const LAYOUT_VERSION = 2;

export interface BenchSeedParams {
  /** Repositories in the catalog, big/app, big/aliases and the bulk template included. */
  totalRepositories: number;
  appTags: number;
  aliasTags: number;
  aliasDigests: number;
}

export const defaultBenchParams: BenchSeedParams = { totalRepositories: 10_000, appTags: 500, aliasTags: 2_000, aliasDigests: 20 };

export const BIG_APP = 'big/app';
export const BIG_ALIASES = 'big/aliases';
const TEMPLATE = 'bench/template';

export function benchSeedHash(params: BenchSeedParams): string {
  return createHash('sha256').update(JSON.stringify({ LAYOUT_VERSION, params })).digest('hex').slice(0, 16);
}

export interface BulkRepository {
  name: string;
  tags: string[];
}

/** 10,000 names in namespaces 2–4 levels deep (org/team[/squad[/unit]]/app), 1–3 tags each. */
export function bulkNames(count: number): BulkRepository[] {
  return Array.from({ length: count }, (_, i) => {
    const depth = 2 + (i % 3);
    const parts = [`org-${String(i % 7).padStart(2, '0')}`, `team-${String((i >> 3) % 23).padStart(2, '0')}`];
    if (depth >= 3) parts.push(`squad-${(i >> 5) % 5}`);
    if (depth >= 4) parts.push(`unit-${(i >> 7) % 3}`);
    parts.push(`app-${String(i + 1).padStart(5, '0')}`);
    const tagCount = 1 + ((i * 7) % 3);
    return { name: parts.join('/'), tags: Array.from({ length: tagCount }, (_, t) => `v${t + 1}.0.${i % 10}`) };
  });
}

const KB = 1024;
const baseLayer: LayerSpec = { key: 'bench:base:debian', size: 64 * KB, createdBy: '/bin/sh -c #(nop) ADD file:bench-rootfs.tar.xz in /' };

/**
 * big/app: `count` tags, each its own image of 3–8 layers: the shared base, then layers drawn from
 * a pool of 40 (so blobs are few) — the config (created date, labels) makes every manifest distinct.
 * Split into chunks seeded in parallel (the generic seeder pushes one repository's images in order).
 */
export function bigAppSpecs(count: number, chunks = 10): RepositorySpec[] {
  const start = Date.UTC(2024, 0, 1);
  const images = Array.from({ length: count }, (_, i): { tag: string; image: ImageSpec } => {
    const layerCount = 3 + (i % 6);
    const layers: LayerSpec[] = [baseLayer];
    for (let l = 1; l < layerCount; l++) {
      const pick = (i * 13 + l * 7) % 40;
      layers.push({ key: `bench:app:pool:${pick}`, size: 2 * KB + pick * 256, createdBy: `RUN step ${pick}` });
    }
    return {
      tag: `1.${Math.floor(i / 50)}.${i % 50}`,
      image: {
        kind: 'image',
        format: i % 4 === 0 ? 'docker' : 'oci',
        created: new Date(start + i * 7 * 3_600_000).toISOString(),
        layers,
        labels: { 'org.opencontainers.image.version': `app-${i}` },
        env: [`BUILD=${i}`],
      },
    };
  });
  const per = Math.ceil(count / chunks);
  return Array.from({ length: chunks }, (_, c) => ({
    name: BIG_APP,
    pushes: images.slice(c * per, (c + 1) * per).map(({ tag, image }) => ({ tags: [tag], artifact: image })),
  })).filter((spec) => spec.pushes.length > 0);
}

/** big/aliases: `tags` tags spread over `digests` images (build-<n> names, round-robin). */
export function bigAliasesSpecs(tags: number, digests: number): RepositorySpec[] {
  return Array.from({ length: digests }, (_, d) => ({
    name: BIG_ALIASES,
    pushes: [
      {
        tags: Array.from({ length: Math.ceil(tags / digests) }, (_, k) => k * digests + d)
          .filter((n) => n < tags)
          .map((n) => `build-${String(n).padStart(4, '0')}`),
        artifact: {
          kind: 'image',
          format: 'oci',
          created: new Date(Date.UTC(2025, 5, 1) + d * 86_400_000).toISOString(),
          layers: [baseLayer, { key: `bench:aliases:${d}`, size: 4 * KB + d * 100 }],
          labels: { 'org.opencontainers.image.version': `aliases-${d}` },
        },
      },
    ],
  }));
}

// ---------------------------------------------------------------------------------------------
// Fast bulk path

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function ok(response: Response, expected: number[], what: string): Promise<Response> {
  if (!expected.includes(response.status)) throw new Error(`${what}: HTTP ${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`);
  await response.arrayBuffer();
  return response;
}

async function upload(base: string, repo: string, digest: string, bytes: Buffer): Promise<void> {
  const post = await ok(await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' }), [202], `POST upload ${repo}`);
  const put = new URL(post.headers.get('location') ?? '', base);
  put.searchParams.set('digest', digest);
  await ok(await fetch(put, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(bytes) }), [201], `PUT blob ${repo}`);
}

const hex = (digest: string) => digest.slice('sha256:'.length);

/**
 * Seeds the bulk repositories. The template's config and layer go through the API (so the blob
 * store holds real, verified blobs); then every bulk repository is written straight into the
 * filesystem driver's layout — exactly what a cross-repository mount (201) plus a manifest PUT
 * leave behind:
 *   blobs/sha256/<ab>/<hex>/data                                   the manifest bytes
 *   repositories/<name>/_layers/sha256/<hex>/link                  "sha256:<hex>" (config, layer)
 *   repositories/<name>/_manifests/revisions/sha256/<hex>/link     the manifest
 *   repositories/<name>/_manifests/tags/<tag>/current/link         → manifest digest
 *   repositories/<name>/_manifests/tags/<tag>/index/sha256/<hex>/link
 * Over HTTP the same takes 2 mounts + 1–3 PUTs per repository: 40,000 requests, minutes on two
 * busy cores; this takes seconds. The result is checked through the API afterwards.
 */
export async function seedBulk(registryUrl: string, storageRoot: string, repositories: BulkRepository[], log: (line: string) => void = () => undefined): Promise<void> {
  const base = new URL(registryUrl).origin;
  const layerRaw = Buffer.from('regatta bench layer\n'.repeat(64));
  const layer = gzipSync(layerRaw, { level: 1 });
  const config = Buffer.from(
    JSON.stringify({
      created: '2025-03-01T12:00:00.000Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/usr/bin:/bin'], Cmd: ['/app'] },
      rootfs: { type: 'layers', diff_ids: [sha256(layerRaw)] },
      history: [{ created: '2025-03-01T12:00:00.000Z', created_by: 'COPY app /app' }],
    }),
  );
  const layerDigest = sha256(layer);
  const configDigest = sha256(config);
  // Each tag its own manifest (an annotation differs), so its own digest; one config and layer for all.
  const manifestFor = (name: string, tag: string) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
        annotations: { 'org.opencontainers.image.ref.name': `${name}:${tag}` },
      }),
    );

  await upload(base, TEMPLATE, layerDigest, layer);
  await upload(base, TEMPLATE, configDigest, config);
  await ok(
    await fetch(`${base}/v2/${TEMPLATE}/manifests/latest`, { method: 'PUT', headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }, body: new Uint8Array(manifestFor(TEMPLATE, 'latest')) }),
    [201],
    'PUT template manifest',
  );

  const v2 = join(storageRoot, 'docker', 'registry', 'v2');
  const put = async (path: string, content: string | Buffer) => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  };
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < repositories.length; i = next++) {
      const { name, tags } = repositories[i]!;
      const repo = join(v2, 'repositories', name);
      await put(join(repo, '_layers', 'sha256', hex(layerDigest), 'link'), layerDigest);
      await put(join(repo, '_layers', 'sha256', hex(configDigest), 'link'), configDigest);
      for (const tag of tags) {
        const manifest = manifestFor(name, tag);
        const digest = sha256(manifest);
        await put(join(v2, 'blobs', 'sha256', hex(digest).slice(0, 2), hex(digest), 'data'), manifest);
        await put(join(repo, '_manifests', 'revisions', 'sha256', hex(digest), 'link'), digest);
        await put(join(repo, '_manifests', 'tags', tag, 'index', 'sha256', hex(digest), 'link'), digest);
        await put(join(repo, '_manifests', 'tags', tag, 'current', 'link'), digest);
      }
      if (++done % 2_500 === 0) log(`bulk ${done}/${repositories.length} repositories written`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  log(`bulk ${repositories.length} repositories written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // Through the API: a sample of repositories resolves (tags/list, manifest HEAD → the digest written).
  for (const sample of [repositories[0], repositories[Math.floor(repositories.length / 2)], repositories.at(-1)]) {
    if (!sample) continue;
    const { name, tags } = sample;
    const list = (await (await fetch(`${base}/v2/${name}/tags/list`)).json()) as { tags?: string[] };
    if (JSON.stringify([...(list.tags ?? [])].sort()) !== JSON.stringify([...tags].sort())) throw new Error(`bulk seed: ${name} tags/list answered ${JSON.stringify(list)}`);
    const head = await fetch(`${base}/v2/${name}/manifests/${tags[0]}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
    if (head.headers.get('docker-content-digest') !== sha256(manifestFor(name, tags[0]!))) throw new Error(`bulk seed: HEAD ${name}:${tags[0]} → ${head.status} ${head.headers.get('docker-content-digest')}`);
  }
}

/** Every repository name in the catalog, page by page (n=1000, following Link) — to check the seed. */
export async function catalogCount(registryUrl: string): Promise<number> {
  const base = new URL(registryUrl).origin;
  let url: string | null = `${base}/v2/_catalog?n=1000`;
  let count = 0;
  while (url) {
    const response: Response = await fetch(url);
    const body = (await response.json()) as { repositories?: string[] };
    count += body.repositories?.length ?? 0;
    const link = response.headers.get('link')?.match(/<([^>]+)>/)?.[1];
    url = link ? new URL(link, base).toString() : null;
  }
  return count;
}

export interface BenchSeedRecord {
  hash: string;
  params: BenchSeedParams;
  /** Every repository in the catalog, including the template. */
  repositoryCount: number;
  app: RepositoryRecord;
  aliases: RepositoryRecord;
}

function mergeRecords(records: RepositoryRecord[]): RepositoryRecord {
  return { tags: Object.assign({}, ...records.map((r) => r.tags)) as RepositoryRecord['tags'], orphans: records.flatMap((r) => r.orphans) };
}

/** Seeds the whole bench registry; returns what big/app and big/aliases hold (for verification). */
export async function seedBench(registryUrl: string, storageRoot: string, params: BenchSeedParams = defaultBenchParams, log: (line: string) => void = () => undefined): Promise<BenchSeedRecord> {
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  // Chunks of one repository are separate specs, seeded in parallel by one seeder (one blob
  // bookkeeping: concurrent uploads of the same blob into one repository race in distribution).
  const appSpecs = bigAppSpecs(params.appTags);
  const aliasSpecs = bigAliasesSpecs(params.aliasTags, params.aliasDigests);
  const chunks: RepositoryRecord[] = [];
  await seedRegistry(registryUrl, { repositories: [...appSpecs, ...aliasSpecs] }, { concurrency: 16, onRecord: (i, record) => (chunks[i] = record) });
  const appRecords = chunks.slice(0, appSpecs.length);
  const aliasRecords = chunks.slice(appSpecs.length);
  log(`${BIG_APP} + ${BIG_ALIASES} seeded in ${seconds()} s`);
  // The template repository and big/app + big/aliases count too: the catalog holds exactly totalRepositories.
  const bulk = bulkNames(params.totalRepositories - 3);
  await seedBulk(registryUrl, storageRoot, bulk, log);
  const count = await catalogCount(registryUrl);
  if (count !== params.totalRepositories) throw new Error(`bench seed: the catalog lists ${count} repositories, expected ${params.totalRepositories}`);
  log(`catalog lists ${count} repositories (${seconds()} s)`);
  return {
    hash: benchSeedHash(params),
    params,
    repositoryCount: params.totalRepositories,
    app: mergeRecords(appRecords),
    aliases: mergeRecords(aliasRecords),
  };
}
