// Writes distribution's filesystem layout directly, for the storage reader's tests and the
// backfill benchmark. Layout as distribution 2.8 writes it (see docs/registry-notes.md).
import { createHash } from 'node:crypto';
import { mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class StorageLayout {
  constructor(readonly root: string) {}

  private get v2(): string {
    return join(this.root, 'docker', 'registry', 'v2');
  }

  manifestsDir(repository: string): string {
    return join(this.v2, 'repositories', ...repository.split('/'), '_manifests');
  }

  /** Stores a blob; returns its digest. */
  async blob(bytes: Buffer | string): Promise<string> {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    const hex = createHash('sha256').update(data).digest('hex');
    const dir = join(this.v2, 'blobs', 'sha256', hex.slice(0, 2), hex);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'data'), data);
    return `sha256:${hex}`;
  }

  /** A link file in `folder`; `at` sets the file's and the folder's mtimes (folder: `createdAt ?? at`). */
  private async link(folder: string, digest: string, at?: Date, createdAt?: Date): Promise<void> {
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'link'), digest);
    if (at) {
      await utimes(join(folder, 'link'), at, at);
      await utimes(folder, createdAt ?? at, createdAt ?? at);
    }
  }

  async revision(repository: string, digest: string, at?: Date): Promise<void> {
    await this.link(join(this.manifestsDir(repository), 'revisions', 'sha256', digest.slice(7)), digest, at);
  }

  /** A history entry of a tag (index/sha256/<hex>/link). */
  async tagHistory(repository: string, tag: string, digest: string, at?: Date, createdAt?: Date): Promise<void> {
    await this.link(join(this.manifestsDir(repository), 'tags', tag, 'index', 'sha256', digest.slice(7)), digest, at, createdAt);
  }

  /** Points a tag at a digest as distribution does: current/link plus the history entry. */
  async tag(repository: string, tag: string, digest: string, at?: Date, createdAt?: Date): Promise<void> {
    await this.link(join(this.manifestsDir(repository), 'tags', tag, 'current'), digest, at);
    await this.tagHistory(repository, tag, digest, at, createdAt);
  }

  async removeCurrent(repository: string, tag: string): Promise<void> {
    await rm(join(this.manifestsDir(repository), 'tags', tag, 'current'), { recursive: true, force: true });
  }

  async removeTag(repository: string, tag: string): Promise<void> {
    await rm(join(this.manifestsDir(repository), 'tags', tag), { recursive: true, force: true });
  }

  async removeRevision(repository: string, digest: string): Promise<void> {
    await rm(join(this.manifestsDir(repository), 'revisions', 'sha256', digest.slice(7)), { recursive: true, force: true });
  }

  /** A blob link in `_layers` (what a push leaves besides the manifest). */
  async layerLink(repository: string, digest: string): Promise<void> {
    const folder = join(this.v2, 'repositories', ...repository.split('/'), '_layers', 'sha256', digest.slice(7));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'link'), digest);
  }

  /**
   * An OCI image: config blob (created, platform, labels), layer blobs, manifest blob. Returns the
   * manifest digest and the blobs' digests.
   */
  async image({ created, layers, labels = {}, os = 'linux', architecture = 'amd64', subject }: ImageOptions): Promise<PushedImage> {
    const configJson = JSON.stringify({ created, os, architecture, config: { Labels: labels }, rootfs: { type: 'layers', diff_ids: [] } });
    const config = await this.blob(configJson);
    const configSize = Buffer.byteLength(configJson);
    const layerDescriptors = [];
    for (const content of layers) {
      layerDescriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await this.blob(content), size: Buffer.byteLength(content) });
    }
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: configSize },
      layers: layerDescriptors,
      ...(subject ? { subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subject.digest, size: subject.size } } : {}),
    };
    const bytes = Buffer.from(JSON.stringify(manifest));
    return { digest: await this.blob(bytes), size: bytes.length, config: { digest: config, size: configSize }, layers: layerDescriptors.map(({ digest, size }) => ({ digest, size })) };
  }

  /** An OCI index over the given manifests (each with its platform). */
  async index(children: { digest: string; size: number; os: string; architecture: string }[]): Promise<{ digest: string; size: number }> {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: children.map((c) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: c.digest, size: c.size, platform: { os: c.os, architecture: c.architecture } })),
      }),
    );
    return { digest: await this.blob(bytes), size: bytes.length };
  }
}

export interface ImageOptions {
  created: string;
  /** Each layer's content (its size is its byte length). */
  layers: string[];
  labels?: Record<string, string>;
  os?: string;
  architecture?: string;
  subject?: { digest: string; size: number };
}

export interface PushedImage {
  digest: string;
  size: number;
  config: { digest: string; size: number };
  layers: { digest: string; size: number }[];
}
