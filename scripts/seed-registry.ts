// Pushes synthetic images to a real registry over the Distribution HTTP API (no docker CLI).
//   npm run seed -- http://127.0.0.1:5000 [out.json]
// Content is deterministic: a layer is derived from its key and size, so seeding twice uploads
// nothing new (blobs that HEAD finds are skipped) and records the same digests.
import { createCipheriv, createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { INSPECTOR_SIGNED_REPOSITORY, INSPECTOR_SIGNED_TAG, seedInspectorFixtures, type InspectorRecord } from './seed-inspector.ts';

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

// ---------------------------------------------------------------------------------------------
// Spec: what to push

export interface LayerSpec {
  /** Same key + size → same bytes → same digest: share a layer between images by its key. */
  key: string;
  /** Uncompressed bytes (random, so the gzip blob is a little larger). */
  size: number;
  createdBy?: string;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
}

export interface ImageSpec {
  kind: 'image';
  format: 'oci' | 'docker';
  /** ISO date of the image config's `created`. */
  created: string;
  layers: LayerSpec[];
  platform?: Platform;
  /** Extra config.Labels and Env, to vary otherwise identical images. */
  labels?: Record<string, string>;
  env?: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
}

export interface IndexSpec {
  kind: 'index';
  manifests: ImageSpec[];
}

export interface PushSpec {
  /** Every tag gets the same manifest (same digest). */
  tags: string[];
  artifact: ImageSpec | IndexSpec;
}

export interface RepositorySpec {
  name: string;
  /** Pushed in order: a later push to the same tag moves it and leaves the old digest untagged. */
  pushes: PushSpec[];
  /** After pushing, DELETE every pushed manifest by digest: the repository stays, tags → null. */
  deleteAll?: boolean;
}

export interface SeedSpec {
  repositories: RepositorySpec[];
  /** Also push the manifest inspector's fixtures (Helm chart, signature, SBOM referrer): see seed-inspector.ts. */
  inspector?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Record: what was pushed (e2e/.rig/seed.json)

export interface PlatformRecord {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
  /** config.size + sum(layer sizes) of that platform's image. */
  size: number;
}

export interface TagRecord {
  digest: string;
  /** Image: config.size + sum(layer sizes). Index: sum of its platforms' sizes. */
  size: number;
  /** Image: config.created. Index: the newest child's. */
  created: string;
  mediaType: string;
  platforms?: PlatformRecord[];
  /** Images only: the layer descriptors, in order. */
  layers?: { digest: string; size: number }[];
  /** Artifacts whose config is not an image config (a Helm chart): that config's media type. */
  configMediaType?: string;
}

export interface OrphanRecord {
  digest: string;
  size: number;
  created: string;
  mediaType: string;
}

export interface RepositoryRecord {
  tags: Record<string, TagRecord>;
  /** Manifests pushed by tag whose tags all moved elsewhere; still readable by digest. */
  orphans: OrphanRecord[];
}

export interface SeedRecord {
  registryUrl: string;
  repositories: Record<string, RepositoryRecord>;
  /** Present when the spec asked for the inspector's fixtures. */
  inspector?: InspectorRecord;
}

export interface SeedOptions {
  /** Repositories seeded at once (each pushes its blobs in parallel). */
  concurrency?: number;
  fetch?: typeof fetch;
  onProgress?: (done: number, total: number) => void;
  /** Each repository's record as it completes, by its index in the spec (specs may repeat a name). */
  onRecord?: (index: number, record: RepositoryRecord) => void;
}

// ---------------------------------------------------------------------------------------------
// Building blobs and manifests

interface Blob {
  digest: string;
  bytes: Buffer<ArrayBuffer>;
}

const sha256 = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Deterministic pseudo-random bytes: AES-128-CTR over zeros, keyed by the layer key. */
function randomBytesFor(key: string, size: number): Buffer {
  const seed = createHash('sha256').update(key).digest();
  const cipher = createCipheriv('aes-128-ctr', seed.subarray(0, 16), seed.subarray(16, 32));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

interface BuiltLayer {
  blob: Blob;
  diffId: string;
  createdBy: string;
}

const layerCache = new Map<string, BuiltLayer>();
function buildLayer(spec: LayerSpec): BuiltLayer {
  const cacheKey = `${spec.key}\0${spec.size}`;
  let layer = layerCache.get(cacheKey);
  if (!layer) {
    const raw = randomBytesFor(cacheKey, spec.size);
    // gzip headers from node:zlib carry no mtime, so the same bytes always compress identically.
    const bytes = gzipSync(raw, { level: 1 });
    layer = {
      blob: { digest: sha256(bytes), bytes },
      diffId: sha256(raw),
      createdBy: spec.createdBy ?? `/bin/sh -c #(nop) ADD file:${sha256(spec.key).slice(7, 71)} in /`,
    };
    if (layerCache.size > 2_000) layerCache.clear();
    layerCache.set(cacheKey, layer);
  }
  return layer;
}

interface BuiltImage {
  manifest: Blob;
  mediaType: string;
  config: Blob;
  layers: Blob[];
  size: number;
  created: string;
  platform: Platform;
}

function buildImage(spec: ImageSpec): BuiltImage {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const oci = spec.format === 'oci';
  const layers = spec.layers.map(buildLayer);
  const created = new Date(spec.created);
  // Layers were "built" an hour apart, ending at `created`.
  const at = (i: number) => new Date(created.getTime() - (layers.length - i) * 3_600_000).toISOString();
  const cmd = spec.cmd ?? ['node', 'server.js'];
  const config = {
    created: created.toISOString(),
    architecture: platform.architecture,
    ...(platform.variant ? { variant: platform.variant } : {}),
    os: platform.os,
    ...(platform['os.version'] ? { 'os.version': platform['os.version'] } : {}),
    config: {
      Env: [
        platform.os === 'windows'
          ? 'PATH=C:\\Windows\\system32;C:\\Windows'
          : 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ...(spec.env ?? []),
      ],
      Entrypoint: spec.entrypoint ?? ['/usr/local/bin/docker-entrypoint.sh'],
      Cmd: cmd,
      WorkingDir: spec.workingDir ?? (platform.os === 'windows' ? 'C:\\app' : '/app'),
      Labels: {
        'org.opencontainers.image.source': 'https://github.com/example/regatta-samples',
        'org.opencontainers.image.created': created.toISOString(),
        ...spec.labels,
      },
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: [
      ...layers.map((l, i) => ({ created: at(i), created_by: l.createdBy })),
      { created: created.toISOString(), created_by: `/bin/sh -c #(nop)  CMD ${JSON.stringify(cmd)}`, empty_layer: true },
    ],
  };
  const configBlob = blobOf(JSON.stringify(config));
  const mediaType = oci ? MediaType.ociManifest : MediaType.dockerManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: oci ? MediaType.ociConfig : MediaType.dockerConfig, digest: configBlob.digest, size: configBlob.bytes.length },
    layers: layers.map((l) => ({ mediaType: oci ? MediaType.ociLayer : MediaType.dockerLayer, digest: l.blob.digest, size: l.blob.bytes.length })),
  };
  const layerBlobs = layers.map((l) => l.blob);
  return {
    manifest: blobOf(JSON.stringify(manifest, null, 2)),
    mediaType,
    config: configBlob,
    layers: layerBlobs,
    size: configBlob.bytes.length + layerBlobs.reduce((sum, b) => sum + b.bytes.length, 0),
    created: created.toISOString(),
    platform,
  };
}

function blobOf(text: string): Blob {
  const bytes = Buffer.from(text, 'utf8');
  return { digest: sha256(bytes), bytes };
}

// ---------------------------------------------------------------------------------------------
// Talking to the registry

class SeedError extends Error {}

async function expectStatus(response: Response, expected: number[], what: string): Promise<void> {
  if (expected.includes(response.status)) return;
  const body = await response.text().catch(() => '');
  throw new SeedError(`${what}: HTTP ${response.status} ${body.slice(0, 500)}`);
}

class Pusher {
  /** Which repository received each blob first, for cross-repository mounts. */
  private readonly blobHome = new Map<string, Promise<string>>();
  private readonly blobInRepo = new Map<string, Promise<void>>();

  constructor(
    private readonly base: string,
    private readonly fetchFn: typeof fetch,
  ) {}

  private url(path: string): string {
    return new URL(path, this.base).toString();
  }

  /**
   * Once per blob and repository: the filesystem driver rewrites a repository's blob link in place
   * (truncate, then write), so a second mount of the same blob into the same repository racing a
   * manifest PUT there makes the PUT read an empty link and answer MANIFEST_BLOB_UNKNOWN.
   */
  pushBlob(repo: string, blob: Blob): Promise<void> {
    const key = `${repo}\0${blob.digest}`;
    let pushed = this.blobInRepo.get(key);
    if (!pushed) {
      pushed = this.pushBlobOnce(repo, blob);
      this.blobInRepo.set(key, pushed);
      pushed.catch(() => this.blobInRepo.delete(key));
    }
    return pushed;
  }

  private async pushBlobOnce(repo: string, blob: Blob): Promise<void> {
    const home = this.blobHome.get(blob.digest);
    // A blob we pushed elsewhere goes straight to a mount (201 even if this repo has it already);
    // others are looked up first so that seeding twice uploads nothing.
    if (!home) {
      const head = await this.fetchFn(this.url(`/v2/${repo}/blobs/${blob.digest}`), { method: 'HEAD' });
      if (head.status === 200) {
        if (!this.blobHome.has(blob.digest)) this.blobHome.set(blob.digest, Promise.resolve(repo));
        return;
      }
    }
    let uploaded!: (from: string) => void;
    let failed!: (error: unknown) => void;
    if (!home) {
      const promise = new Promise<string>((ok, ko) => {
        uploaded = ok;
        failed = ko;
      });
      promise.catch(() => undefined);
      this.blobHome.set(blob.digest, promise);
    }
    try {
      const from = home ? await home.catch(() => undefined) : undefined;
      // Already pushed into this very repository (e.g. by a parallel chunk of it): nothing to do.
      // A mount with from == the target repository answers 201 without linking anything.
      if (from === repo) return;
      const start = this.url(
        `/v2/${repo}/blobs/uploads/` + (from ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(from)}` : ''),
      );
      const post = await this.fetchFn(start, { method: 'POST' });
      await post.arrayBuffer();
      // Mounted. Otherwise (202) distribution silently opened an upload session instead.
      if (post.status === 201) return;
      await expectStatus(post, [202], `POST ${start}`);
      const location = post.headers.get('location');
      if (!location) throw new SeedError(`POST ${start}: no Location header`);
      // Location may be relative and may already carry a query string (_state=…).
      const put = new URL(location, this.base);
      put.searchParams.set('digest', blob.digest);
      const response = await this.fetchFn(put, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: blob.bytes,
      });
      await expectStatus(response, [201], `PUT blob ${blob.digest} to ${repo}`);
      await response.arrayBuffer();
      if (!home) uploaded(repo);
    } catch (error) {
      if (!home) failed(error);
      throw error;
    }
  }

  async pushManifest(repo: string, reference: string, manifest: Blob, mediaType: string): Promise<void> {
    const response = await this.fetchFn(this.url(`/v2/${repo}/manifests/${reference}`), {
      method: 'PUT',
      headers: { 'Content-Type': mediaType },
      body: manifest.bytes,
    });
    await expectStatus(response, [201], `PUT manifest ${repo}:${reference}`);
    await response.arrayBuffer();
    const digest = response.headers.get('docker-content-digest');
    if (digest && digest !== manifest.digest) {
      throw new SeedError(`PUT manifest ${repo}:${reference}: registry says ${digest}, we sent ${manifest.digest}`);
    }
  }

  async deleteManifest(repo: string, digest: string): Promise<void> {
    const response = await this.fetchFn(this.url(`/v2/${repo}/manifests/${digest}`), { method: 'DELETE' });
    await expectStatus(response, [202], `DELETE ${repo}@${digest}`);
    await response.arrayBuffer();
  }

  async pushImage(repo: string, image: BuiltImage, reference: string): Promise<void> {
    await Promise.all([image.config, ...image.layers].map((blob) => this.pushBlob(repo, blob)));
    await this.pushManifest(repo, reference, image.manifest, image.mediaType);
  }
}

async function seedRepository(pusher: Pusher, spec: RepositorySpec): Promise<RepositoryRecord> {
  const tags: Record<string, TagRecord> = {};
  const pushed = new Map<string, OrphanRecord>();
  for (const push of spec.pushes) {
    if (push.tags.length === 0) throw new SeedError(`${spec.name}: a push needs at least one tag`);
    let record: TagRecord;
    let manifest: Blob;
    if (push.artifact.kind === 'image') {
      const image = buildImage(push.artifact);
      await pusher.pushImage(spec.name, image, push.tags[0]);
      manifest = image.manifest;
      record = {
        digest: image.manifest.digest,
        size: image.size,
        created: image.created,
        mediaType: image.mediaType,
        layers: image.layers.map((b) => ({ digest: b.digest, size: b.bytes.length })),
      };
    } else {
      const children = push.artifact.manifests.map((child) => {
        if (child.format !== 'oci') throw new SeedError(`${spec.name}: an OCI index takes OCI manifests`);
        return buildImage(child);
      });
      await Promise.all(children.map((child) => pusher.pushImage(spec.name, child, child.manifest.digest)));
      const index = {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: children.map((child) => ({
          mediaType: child.mediaType,
          digest: child.manifest.digest,
          size: child.manifest.bytes.length,
          platform: child.platform,
        })),
      };
      manifest = blobOf(JSON.stringify(index, null, 2));
      await pusher.pushManifest(spec.name, push.tags[0], manifest, MediaType.ociIndex);
      const platforms = children.map((child) => ({
        os: child.platform.os,
        architecture: child.platform.architecture,
        ...(child.platform.variant ? { variant: child.platform.variant } : {}),
        digest: child.manifest.digest,
        size: child.size,
      }));
      record = {
        digest: manifest.digest,
        size: platforms.reduce((sum, p) => sum + p.size, 0),
        created: children.map((c) => c.created).sort().at(-1) ?? '',
        mediaType: MediaType.ociIndex,
        platforms,
      };
    }
    for (const tag of push.tags.slice(1)) await pusher.pushManifest(spec.name, tag, manifest, record.mediaType);
    for (const tag of push.tags) tags[tag] = record;
    pushed.set(record.digest, { digest: record.digest, size: record.size, created: record.created, mediaType: record.mediaType });
  }

  if (spec.deleteAll) {
    for (const digest of pushed.keys()) await pusher.deleteManifest(spec.name, digest);
    return { tags: {}, orphans: [] };
  }
  const tagged = new Set(Object.values(tags).map((t) => t.digest));
  return { tags, orphans: [...pushed.values()].filter((p) => !tagged.has(p.digest)) };
}

/** Pushes every repository of `spec` to the registry at `registryUrl` and says what it pushed. */
export async function seedRegistry(registryUrl: string, spec: SeedSpec, options: SeedOptions = {}): Promise<SeedRecord> {
  const base = new URL(registryUrl).origin + '/';
  const pusher = new Pusher(base, options.fetch ?? fetch);
  const records: RepositoryRecord[] = new Array(spec.repositories.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < spec.repositories.length; i = next++) {
      records[i] = await seedRepository(pusher, spec.repositories[i]);
      options.onRecord?.(i, records[i]);
      options.onProgress?.(++done, spec.repositories.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const repositories: Record<string, RepositoryRecord> = {};
  spec.repositories.forEach((repo, i) => (repositories[repo.name] = records[i]));
  const record: SeedRecord = { registryUrl: new URL(registryUrl).origin, repositories };
  if (spec.inspector) record.inspector = await seedInspectorFixtures({ pusher, base, fetch: options.fetch ?? fetch, repositories });
  return record;
}

// ---------------------------------------------------------------------------------------------
// Specs

const KB = 1024;
const base = (distro: 'debian' | 'alpine' | 'nano' = 'debian', arch = 'amd64'): LayerSpec => ({
  key: `base:${distro}:${arch}`,
  size: { debian: 300 * KB, alpine: 120 * KB, nano: 250 * KB }[distro],
  createdBy: `/bin/sh -c #(nop) ADD file:${distro}-${arch}-rootfs.tar.xz in / `,
});
const layer = (key: string, size: number, createdBy?: string): LayerSpec => ({ key, size, createdBy });

function image(key: string, created: string, layers: LayerSpec[], extra: Partial<ImageSpec> = {}): ImageSpec {
  return { kind: 'image', format: 'oci', created, layers, labels: { 'org.opencontainers.image.version': key }, ...extra };
}

/** The repositories the e2e tests expect (see e2e/.rig/seed.json for what they became). */
export function defaultE2eSpec(): SeedSpec {
  const web = (v: string, created: string, size: number) =>
    image(`web:${v}`, created, [base(), layer('node-runtime', 200 * KB, '/bin/sh -c apt-get install -y nodejs'), layer(`web:${v}:app`, size, 'COPY dist/ /app/')], {
      env: [`APP_VERSION=${v}`],
    });
  const api = (v: string, created: string) =>
    image(`api:${v}`, created, [base(), layer(`api:${v}:deps`, 150 * KB, 'RUN npm ci'), layer(`api:${v}:app`, 40 * KB, 'COPY . /app')], {
      format: 'docker',
      env: [`API_VERSION=${v}`],
    });
  const hello = (v: string, created: string, size: number) =>
    image(`hello:${v}`, created, [base('alpine'), layer(`hello:${v}`, size, 'COPY index.html /usr/share/nginx/html/')], {
      cmd: ['nginx', '-g', 'daemon off;'],
      entrypoint: ['/docker-entrypoint.sh'],
    });
  const platformImage = (platform: Platform, created: string) =>
    image(`multiarch:${platform.os}/${platform.architecture}`, created, [
      base(platform.os === 'windows' ? 'nano' : 'alpine', `${platform.architecture}${platform.variant ?? ''}`),
      layer(`multiarch:${platform.os}:${platform.architecture}:app`, 60 * KB, 'COPY app /app'),
    ], { platform });

  const repositories: RepositorySpec[] = [
    {
      name: 'marketing/campaign10-18/web',
      pushes: [
        { tags: ['v1'], artifact: web('v1', '2025-01-15T09:30:00Z', 30 * KB) },
        { tags: ['v2'], artifact: web('v2', '2025-04-02T14:00:00Z', 45 * KB) },
        { tags: ['v10', 'latest'], artifact: web('v10', '2026-01-20T11:15:00Z', 60 * KB) },
      ],
    },
    {
      name: 'marketing/campaign10-18/api',
      pushes: [
        { tags: ['1.0'], artifact: api('1.0', '2025-02-10T08:00:00Z') },
        { tags: ['1.1'], artifact: api('1.1', '2025-09-05T16:45:00Z') },
      ],
    },
    {
      name: 'marketing/campaign10-18/email-sender',
      pushes: [{ tags: ['latest'], artifact: image('email:1', '2025-06-30T10:00:00Z', [base(), layer('email-sender', 25 * KB, 'COPY sender /app')]) }],
    },
    {
      name: 'product-returns/web-submission',
      pushes: [
        { tags: ['2025.11.03'], artifact: image('returns-web:1', '2025-11-03T07:20:00Z', [base('alpine'), layer('returns-web:1', 80 * KB)]) },
        { tags: ['latest', '2026.02.17'], artifact: image('returns-web:2', '2026-02-17T13:05:00Z', [base('alpine'), layer('returns-web:2', 95 * KB)]) },
      ],
    },
    {
      name: 'product-returns/legacy-integrator',
      pushes: [
        {
          tags: ['4.2'],
          artifact: image('legacy:4.2', '2025-03-12T12:00:00Z', [base(), layer('legacy:jre', 250 * KB, 'RUN apt-get install -y openjdk-17-jre'), layer('legacy:4.2', 120 * KB, 'COPY integrator.jar /app/')], {
            format: 'docker',
            cmd: ['java', '-jar', 'integrator.jar'],
          }),
        },
      ],
    },
    {
      name: 'acr-helloworld',
      pushes: [
        { tags: ['latest', 'v1'], artifact: hello('v1', '2025-05-01T10:00:00Z', 5 * KB) },
        // v2 pushed twice: the first v2 becomes an orphan (untagged, still readable by digest).
        { tags: ['v2'], artifact: hello('v2-first', '2025-08-12T09:00:00Z', 6 * KB) },
        { tags: ['v2'], artifact: hello('v2', '2025-08-14T17:30:00Z', 7 * KB) },
      ],
    },
    {
      name: 'samples/multiarch',
      pushes: [
        {
          tags: ['1.0'],
          artifact: {
            kind: 'index',
            manifests: [
              platformImage({ os: 'linux', architecture: 'amd64' }, '2025-10-01T12:00:00Z'),
              platformImage({ os: 'linux', architecture: 'arm64', variant: 'v8' }, '2025-10-01T12:10:00Z'),
              platformImage({ os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2340' }, '2025-10-01T12:20:00Z'),
            ],
          },
        },
      ],
    },
    {
      name: 'samples/myimage',
      pushes: [{ tags: ['latest'], artifact: image('myimage', '2025-07-07T07:07:00Z', [base('alpine'), layer('myimage', 1 * KB)]) }],
    },
    {
      // Its referrers (a signature tag, an SBOM behind the sha256-<hex> fallback tag) are pushed by seed-inspector.ts.
      name: INSPECTOR_SIGNED_REPOSITORY,
      pushes: [
        {
          tags: [INSPECTOR_SIGNED_TAG],
          artifact: image('signed:1.0', '2026-01-05T11:00:00Z', [base('alpine'), layer('signed:1.0:app', 20 * KB, 'COPY app /app')], {
            labels: { 'org.opencontainers.image.documentation': 'https://example.com/docs', 'com.example.note': 'javascript:alert(1)' },
          }),
        },
      ],
    },
    { name: 'a/b', pushes: [{ tags: ['1.0'], artifact: image('a/b', '2025-12-01T00:00:00Z', [base('alpine'), layer('a/b', 10 * KB)]) }] },
    { name: 'a/b/c', pushes: [{ tags: ['1.0'], artifact: image('a/b/c', '2025-12-02T00:00:00Z', [base('alpine'), layer('a/b/c', 12 * KB)]) }] },
    {
      name: 'emptied/repo',
      deleteAll: true,
      pushes: [{ tags: ['old'], artifact: image('emptied', '2025-01-02T00:00:00Z', [base('alpine'), layer('emptied', 3 * KB)]) }],
    },
    ...bulkRepositories({ count: 30, prefix: 'bulk/repo-' }),
  ];
  return { repositories, inspector: true };
}

/**
 * `count` small repositories `<prefix>001`… with `tagsPerRepository` tags each, sharing one base
 * layer; dates spread over 2025–2026. For catalog paging tests and the benchmark.
 */
export function bulkRepositories({ count, prefix = 'bulk/repo-', tagsPerRepository = 1 }: { count: number; prefix?: string; tagsPerRepository?: number }): RepositorySpec[] {
  const width = Math.max(3, String(count).length);
  const start = Date.UTC(2025, 0, 1);
  const span = Date.UTC(2026, 11, 31) - start;
  return Array.from({ length: count }, (_, i) => {
    const name = `${prefix}${String(i + 1).padStart(width, '0')}`;
    return {
      name,
      pushes: Array.from({ length: tagsPerRepository }, (_, t) => ({
        tags: [`v${t + 1}`],
        artifact: image(`${name}:v${t + 1}`, new Date(start + Math.floor((span * (i * tagsPerRepository + t)) / (count * tagsPerRepository))).toISOString(), [
          base('alpine'),
          layer(`${name}:v${t + 1}`, 1 * KB + ((i * 7919 + t * 104729) % (8 * KB))),
        ]),
      })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// CLI

async function main(argv: string[]): Promise<void> {
  const [registryUrl, out] = argv;
  if (!registryUrl || registryUrl.startsWith('-')) {
    console.error('usage: npm run seed -- <registry URL, e.g. http://127.0.0.1:5000> [out.json]');
    process.exit(2);
  }
  const started = performance.now();
  const record = await seedRegistry(registryUrl, defaultE2eSpec());
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const repos = Object.values(record.repositories);
  const tagCount = repos.reduce((n, r) => n + Object.keys(r.tags).length, 0);
  console.log(`seeded ${repos.length} repositories, ${tagCount} tags into ${record.registryUrl} in ${seconds} s`);
  if (out) {
    await writeFile(resolve(out), JSON.stringify(record, null, 2) + '\n');
    console.log(`wrote ${resolve(out)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // undici's "fetch failed" hides the reason (ECONNREFUSED …) in `cause`.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    console.error(error instanceof Error ? `${error.message}${cause}` : error);
    process.exit(1);
  });
}
