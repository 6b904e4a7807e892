// distribution's filesystem storage driver layout, read-only:
//   <root>/docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
//   <root>/docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/{current,index/sha256/<hex>}/link
//   <root>/docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data
import { open, opendir, readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DIGEST_PATTERN, type Link, type StorageReader, type StoredTag } from './storage-reader.ts';

const HEX = /^[a-f0-9]{64}$/;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function orNull<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Sub-folder names of `dir`, streamed (opendir) so a folder of 100,000 entries is not one array. */
async function* subfolders(dir: string): AsyncIterable<string> {
  const handle = await orNull(opendir(dir, { bufferSize: 256 }));
  if (!handle) return;
  for await (const entry of handle) if (entry.isDirectory()) yield entry.name;
}

export class FsStorageReader implements StorageReader {
  private readonly repositoriesDir: string;
  private readonly blobsDir: string;

  constructor(rootDirectory: string) {
    const v2 = join(rootDirectory, 'docker', 'registry', 'v2');
    this.repositoriesDir = join(v2, 'repositories');
    this.blobsDir = join(v2, 'blobs', 'sha256');
  }

  /**
   * Depth-first walk. Name components start with [a-z0-9], so a folder starting with `_` is
   * distribution's (`_manifests`, `_layers`, `_uploads`) and never a namespace: we do not descend
   * into those. A folder can be a repository and a namespace at once (`a` and `a/b`).
   */
  async *repositories(): AsyncIterable<string> {
    const pending: string[] = [''];
    while (pending.length > 0) {
      const name = pending.pop() ?? '';
      let isRepository = false;
      const children: string[] = [];
      for await (const entry of subfolders(join(this.repositoriesDir, name))) {
        if (entry === '_manifests') isRepository = true;
        else if (!entry.startsWith('_')) children.push(name ? `${name}/${entry}` : entry);
      }
      if (isRepository && name) yield name;
      pending.push(...children.sort().reverse());
    }
  }

  private manifestsDir(repository: string): string {
    return join(this.repositoriesDir, ...repository.split('/'), '_manifests');
  }

  /**
   * distribution rewrites link files in place (a re-pushed tag changes `current/link`'s mtime
   * only) and creates a folder per new revision or history entry (its parent's mtime changes);
   * deleting a tag or revision removes a folder (its parent's mtime changes). So the stamp hashes
   * the mtimes of revisions/sha256, tags/, and per tag of current/link and index/sha256.
   */
  async repositoryStamp(repository: string): Promise<string | null> {
    const dir = this.manifestsDir(repository);
    const root = await orNull(stat(dir, { bigint: true }));
    if (!root) return null;
    const hash = createHash('sha256');
    const mtime = async (path: string) => (await orNull(stat(path, { bigint: true })))?.mtimeNs ?? -1n;
    hash.update(`r${await mtime(join(dir, 'revisions', 'sha256'))};t${await mtime(join(dir, 'tags'))}`);
    const tags: string[] = [];
    for await (const tag of subfolders(join(dir, 'tags'))) tags.push(tag);
    for (const tag of tags.sort()) {
      const tagDir = join(dir, 'tags', tag);
      hash.update(`;${tag}:${await mtime(join(tagDir, 'current', 'link'))}:${await mtime(join(tagDir, 'index', 'sha256'))}`);
    }
    return hash.digest('hex');
  }

  private async readLink(folder: string): Promise<Link | null> {
    const path = join(folder, 'link');
    const [text, file, dir] = await Promise.all([orNull(readFile(path, 'utf8')), orNull(stat(path)), orNull(stat(folder))]);
    if (text === null || !file || !dir) return null;
    const digest = text.trim();
    if (!DIGEST_PATTERN.test(digest)) return null;
    return { digest, writtenMs: Math.floor(file.mtimeMs), createdMs: Math.floor(dir.mtimeMs) };
  }

  private async *linksUnder(dir: string): AsyncIterable<Link> {
    for await (const hex of subfolders(join(dir, 'sha256'))) {
      if (!HEX.test(hex)) continue;
      const link = await this.readLink(join(dir, 'sha256', hex));
      if (link && link.digest === `sha256:${hex}`) yield link;
    }
  }

  revisions(repository: string): AsyncIterable<Link> {
    return this.linksUnder(join(this.manifestsDir(repository), 'revisions'));
  }

  async *tags(repository: string): AsyncIterable<StoredTag> {
    const tagsDir = join(this.manifestsDir(repository), 'tags');
    for await (const name of subfolders(tagsDir)) {
      const current = await this.readLink(join(tagsDir, name, 'current'));
      const history: Link[] = [];
      for await (const link of this.linksUnder(join(tagsDir, name, 'index'))) history.push(link);
      yield { name, current, history };
    }
  }

  async readBlob(digest: string, maxBytes: number): Promise<Buffer | null> {
    if (!DIGEST_PATTERN.test(digest)) return null;
    const hex = digest.slice('sha256:'.length);
    const handle = await orNull(open(join(this.blobsDir, hex.slice(0, 2), hex, 'data'), 'r'));
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) throw new Error(`blob ${digest} is ${size} bytes, more than the ${maxBytes} the index reads`);
      const buffer = Buffer.alloc(size);
      await handle.read(buffer, 0, size, 0);
      return buffer;
    } finally {
      await handle.close();
    }
  }
}

