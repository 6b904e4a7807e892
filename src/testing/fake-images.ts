/**
 * Builders of synthetic but valid images: each layer is a real gzip (stored deflate blocks) of a real
 * tar holding one file of seeded pseudo-random bytes, so digests are stable across runs and
 * `rootfs.diff_ids` are the sha256 of the uncompressed tars, as in a real image.
 */
import type { Descriptor, HistoryEntry, ImageConfig, Platform } from '../registry/types';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST, sha256Digest } from './fake-registry';
import type { FakeRegistry } from './fake-registry';

export type ImageFormat = 'oci' | 'docker';

const MEDIA = {
  oci: { manifest: OCI_MANIFEST, index: OCI_INDEX, config: 'application/vnd.oci.image.config.v1+json', layer: 'application/vnd.oci.image.layer.v1.tar+gzip' },
  docker: {
    manifest: DOCKER_MANIFEST,
    index: DOCKER_MANIFEST_LIST,
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

// --- deterministic bytes ---------------------------------------------------------------------

function seedOf(text: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function pseudoRandomBytes(seed: string, length: number): Uint8Array {
  let state = seedOf(seed) || 1;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13; // xorshift32
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

// --- tar + gzip ------------------------------------------------------------------------------

function tarOfOneFile(path: string, content: Uint8Array): Uint8Array {
  const padded = Math.ceil(content.length / 512) * 512;
  const tar = new Uint8Array(512 + padded + 1024);
  const write = (text: string, offset: number) => tar.set(new TextEncoder().encode(text), offset);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  write(path.slice(0, 99), 0);
  write(octal(0o644, 8), 100);
  write(octal(0, 8), 108);
  write(octal(0, 8), 116);
  write(octal(content.length, 12), 124);
  write(octal(0, 12), 136); // mtime 0 keeps digests reproducible
  write('        ', 148); // checksum is computed with its own field as spaces
  write('0', 156);
  write('ustar\0' + '00', 257);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += tar[i] ?? 0;
  write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  tar.set(content, 512);
  return tar;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const STORED_BLOCK = 65535;
const gzipSize = (dataLength: number, extraLength: number) =>
  10 + (extraLength > 0 ? 2 + extraLength : 0) + Math.max(1, Math.ceil(dataLength / STORED_BLOCK)) * 5 + dataLength + 8;

/** gzip with uncompressed ("stored") deflate blocks; an FEXTRA field pads it to an exact size. */
function gzipStored(data: Uint8Array, extraLength: number): Uint8Array {
  const out = new Uint8Array(gzipSize(data.length, extraLength));
  const view = new DataView(out.buffer);
  out.set([0x1f, 0x8b, 8, extraLength > 0 ? 4 : 0, 0, 0, 0, 0, 0, 255]);
  let p = 10;
  if (extraLength > 0) {
    view.setUint16(p, extraLength, true);
    p += 2 + extraLength;
  }
  let offset = 0;
  do {
    const len = Math.min(STORED_BLOCK, data.length - offset);
    out[p] = offset + len >= data.length ? 1 : 0;
    view.setUint16(p + 1, len, true);
    view.setUint16(p + 3, ~len & 0xffff, true);
    out.set(data.subarray(offset, offset + len), p + 5);
    p += 5 + len;
    offset += len;
  } while (offset < data.length);
  view.setUint32(p, crc32(data), true);
  view.setUint32(p + 4, data.length >>> 0, true);
  return out;
}

/** Uncompressed tar of each layer built here, for its diff_id. */
const uncompressedOf = new WeakMap<Uint8Array, Uint8Array>();

/**
 * A valid tar+gzip layer of exactly `size` bytes (or the ~1.6 KB minimum a tar needs), the same for
 * the same seed. Pass the result in `sharedLayers` to give several images a common base layer.
 */
export function makeLayer(seed: string, size: number): Uint8Array {
  let contentLength = Math.max(0, Math.floor((size - 1536 - 24) / 512) * 512);
  const tarLength = (n: number) => 1536 + n;
  while (contentLength > 0 && gzipSize(tarLength(contentLength), 1) > size) contentLength -= 512;
  const tar = tarOfOneFile(`layer/${seed.replace(/[^\w.-]/g, '_')}.bin`, pseudoRandomBytes(seed, contentLength));
  const extra = size - gzipSize(tar.length, 0) - 2;
  const blob = gzipStored(tar, extra > 0 ? Math.min(extra, 65535) : 0);
  uncompressedOf.set(blob, tar);
  return blob;
}

// --- images --------------------------------------------------------------------------------

export interface PushImageOptions {
  /** Tags to point at the image; empty → pushed by digest only (untagged). */
  tags: string[];
  /** Sizes in bytes of the image's own layers, pushed after `sharedLayers`. Default [4096, 12288]. */
  layers?: number[];
  /** Ready-made layer blobs (see `makeLayer`), e.g. a common base layer; they come first. */
  sharedLayers?: Uint8Array[];
  created?: string;
  labels?: Record<string, string>;
  env?: string[];
  os?: string;
  architecture?: string;
  variant?: string;
  format?: ImageFormat;
  /** Seed of the layer bytes; default `repo:firstTag`. Change it to push different content under a tag. */
  seed?: string;
  cmd?: string[];
  entrypoint?: string[] | null;
  workingDir?: string;
  exposedPorts?: string[];
}

export interface PushedImage {
  digest: string;
  mediaType: string;
  /** Config size + sum of layer sizes (what a registry UI reports as the image size). */
  size: number;
  /** Size of the manifest bytes themselves. */
  manifestSize: number;
  configDigest: string;
  layers: Descriptor[];
}

const BUILD_STEPS = [
  'COPY package*.json ./ # buildkit',
  'RUN /bin/sh -c npm ci --omit=dev # buildkit',
  'COPY . . # buildkit',
  'RUN /bin/sh -c apk add --no-cache ca-certificates tzdata # buildkit',
  'RUN /bin/sh -c adduser -D app # buildkit',
];

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2));

/** Pushes layer blobs, a config and the manifest under every tag; the manifest bytes are pushed verbatim. */
export async function pushImage(fake: FakeRegistry, repo: string, options: PushImageOptions): Promise<PushedImage> {
  const format = options.format ?? 'oci';
  const media = MEDIA[format];
  const seed = options.seed ?? `${repo}:${options.tags[0] ?? 'untagged'}`;
  const created = options.created ?? '2026-01-15T10:00:00Z';
  const blobs = [...(options.sharedLayers ?? []), ...(options.layers ?? [4096, 12288]).map((size, i) => makeLayer(`${seed}:${i}:${size}`, size))];

  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (const blob of blobs) {
    const digest = await fake.putBlob(repo, blob);
    layers.push({ mediaType: media.layer, digest, size: blob.byteLength });
    diffIds.push(await sha256Digest(uncompressedOf.get(blob) ?? blob));
  }

  const cmd = options.cmd ?? ['node', 'server.js'];
  const history: HistoryEntry[] = diffIds.map((diffId, i) => ({
    created,
    created_by: i === 0 ? `/bin/sh -c #(nop) ADD file:${diffId.slice(7, 71)} in / ` : (BUILD_STEPS[(i - 1) % BUILD_STEPS.length] ?? ''),
  }));
  history.splice(1, 0, { created, created_by: `WORKDIR ${options.workingDir ?? '/app'}`, empty_layer: true });
  const config: ImageConfig = {
    created,
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    ...(options.variant ? { variant: options.variant } : {}),
    config: {
      Env: options.env ?? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: cmd,
      Entrypoint: options.entrypoint ?? null,
      WorkingDir: options.workingDir ?? '/app',
      Labels: options.labels ?? {},
      ExposedPorts: Object.fromEntries((options.exposedPorts ?? ['80/tcp']).map((port) => [port, {}])),
    },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history,
  };
  const configBytes = encodeJson(config);
  const configDigest = await fake.putBlob(repo, configBytes);

  const manifestBytes = encodeJson({
    schemaVersion: 2,
    mediaType: media.manifest,
    config: { mediaType: media.config, digest: configDigest, size: configBytes.byteLength },
    layers,
  });
  const digest = await putUnderTags(fake, repo, options.tags, manifestBytes, media.manifest);
  return {
    digest,
    mediaType: media.manifest,
    size: configBytes.byteLength + layers.reduce((sum, l) => sum + l.size, 0),
    manifestSize: manifestBytes.byteLength,
    configDigest,
    layers,
  };
}

async function putUnderTags(fake: FakeRegistry, repo: string, tags: string[], bytes: Uint8Array, mediaType: string): Promise<string> {
  if (tags.length === 0) return fake.putManifest(repo, await sha256Digest(bytes), bytes, mediaType);
  let digest = '';
  for (const tag of tags) digest = await fake.putManifest(repo, tag, bytes, mediaType);
  return digest;
}

export interface PushIndexOptions extends Omit<PushImageOptions, 'os' | 'architecture' | 'variant'> {
  platforms: Platform[];
}

export interface PushedIndex {
  digest: string;
  mediaType: string;
  manifestSize: number;
  /** Sum of the children's sizes (layers shared between children counted once per child). */
  size: number;
  children: (PushedImage & { platform: Platform })[];
}

/** Pushes one untagged child image per platform, then an OCI index / Docker manifest list over them. */
export async function pushIndex(fake: FakeRegistry, repo: string, options: PushIndexOptions): Promise<PushedIndex> {
  const format = options.format ?? 'oci';
  const { platforms, tags, ...imageOptions } = options;
  const seed = options.seed ?? `${repo}:${tags[0] ?? 'untagged'}`;
  const children: PushedIndex['children'] = [];
  for (const platform of platforms) {
    const key = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    const { os, architecture, variant } = platform;
    const child = await pushImage(fake, repo, { ...imageOptions, os, architecture, variant, tags: [], format, seed: `${seed}:${key}` });
    children.push({ ...child, platform });
  }
  const mediaType = MEDIA[format].index;
  const bytes = encodeJson({
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c) => ({ mediaType: c.mediaType, digest: c.digest, size: c.manifestSize, platform: c.platform })),
  });
  const digest = await putUnderTags(fake, repo, tags, bytes, mediaType);
  return { digest, mediaType, manifestSize: bytes.byteLength, size: children.reduce((sum, c) => sum + c.size, 0), children };
}

/** Points another tag at an existing manifest by re-pushing its exact bytes, as `docker tag` + push does. */
export async function tagExisting(fake: FakeRegistry, repo: string, tag: string, digest: string): Promise<void> {
  const stored = fake.getManifest(repo, digest);
  if (!stored) throw new Error(`tagExisting: ${repo}@${digest} is not in the fake registry`);
  await fake.putManifest(repo, tag, stored.bytes, stored.mediaType);
}
