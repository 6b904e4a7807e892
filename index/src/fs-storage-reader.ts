// distribution's filesystem storage driver layout, read-only:
//   <root>/docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
//   <root>/docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/{current,index/sha256/<hex>}/link
//   <root>/docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data
//
// Metadata calls are synchronous: a stat or a 71-byte link read costs microseconds, while the
// same call through the libuv thread pool and a promise costs far more on a busy machine (a scan
// is thousands of them; see scripts/bench-index.ts). The iterators yield to the event loop every
// YIELD_EVERY entries, so the HTTP API keeps answering during a scan.
import { closeSync, fstatSync, openSync, opendirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DIGEST_PATTERN, type Link, type StorageReader, type StoredTag } from './storage-reader.ts';

const HEX = /^[a-f0-9]{64}$/;
const YIELD_EVERY = 64;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function orNull<T>(work: () => T): T | null {
  try {
    return work();
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** Sub-folder names of `dir`, read entry by entry (a folder of 100,000 entries is never one array). */
function* subfolders(dir: string): Generator<string> {
  const handle = orNull(() => opendirSync(dir, { bufferSize: 256 }));
  if (!handle) return;
  try {
    for (let entry = handle.readSync(); entry !== null; entry = handle.readSync()) if (entry.isDirectory()) yield entry.name;
  } finally {
    handle.closeSync();
  }
}

const mtimeNs = (path: string) => orNull(() => statSync(path, { bigint: true }))?.mtimeNs ?? -1n;

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
    let visited = 0;
    while (pending.length > 0) {
      const name = pending.pop() ?? '';
      let isRepository = false;
      const children: string[] = [];
      for (const entry of subfolders(join(this.repositoriesDir, name))) {
        if (entry === '_manifests') isRepository = true;
        else if (!entry.startsWith('_')) children.push(name ? `${name}/${entry}` : entry);
      }
      if (isRepository && name) yield name;
      pending.push(...children.sort().reverse());
      if (++visited % YIELD_EVERY === 0) await nextTurn();
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
    if (mtimeNs(dir) === -1n) return null;
    const hash = createHash('sha256');
    hash.update(`r${mtimeNs(join(dir, 'revisions', 'sha256'))};t${mtimeNs(join(dir, 'tags'))}`);
    const tags = [...subfolders(join(dir, 'tags'))].sort();
    for (const [i, tag] of tags.entries()) {
      const tagDir = join(dir, 'tags', tag);
      hash.update(`;${tag}:${mtimeNs(join(tagDir, 'current', 'link'))}:${mtimeNs(join(tagDir, 'index', 'sha256'))}`);
      if ((i + 1) % YIELD_EVERY === 0) await nextTurn();
    }
    return hash.digest('hex');
  }

  private readLink(folder: string): Link | null {
    const path = join(folder, 'link');
    const text = orNull(() => readFileSync(path, 'utf8'));
    const file = orNull(() => statSync(path));
    const dir = orNull(() => statSync(folder));
    if (text === null || !file || !dir) return null;
    const digest = text.trim();
    if (!DIGEST_PATTERN.test(digest)) return null;
    return { digest, writtenMs: Math.floor(file.mtimeMs), createdMs: Math.floor(dir.mtimeMs) };
  }

  private *linksUnder(dir: string): Generator<Link> {
    for (const hex of subfolders(join(dir, 'sha256'))) {
      if (!HEX.test(hex)) continue;
      const link = this.readLink(join(dir, 'sha256', hex));
      if (link && link.digest === `sha256:${hex}`) yield link;
    }
  }

  async *revisions(repository: string): AsyncIterable<Link> {
    let count = 0;
    for (const link of this.linksUnder(join(this.manifestsDir(repository), 'revisions'))) {
      yield link;
      if (++count % YIELD_EVERY === 0) await nextTurn();
    }
  }

  async *tags(repository: string): AsyncIterable<StoredTag> {
    const tagsDir = join(this.manifestsDir(repository), 'tags');
    let count = 0;
    for (const name of subfolders(tagsDir)) {
      const current = this.readLink(join(tagsDir, name, 'current'));
      const history = [...this.linksUnder(join(tagsDir, name, 'index'))];
      yield { name, current, history };
      if (++count % YIELD_EVERY === 0) await nextTurn();
    }
  }

  async readBlob(digest: string, maxBytes: number): Promise<Buffer | null> {
    if (!DIGEST_PATTERN.test(digest)) return null;
    const hex = digest.slice('sha256:'.length);
    const fd = orNull(() => openSync(join(this.blobsDir, hex.slice(0, 2), hex, 'data'), 'r'));
    if (fd === null) return null;
    try {
      const { size } = fstatSync(fd);
      if (size > maxBytes) throw new Error(`blob ${digest} is ${size} bytes, more than the ${maxBytes} the index reads`);
      const buffer = Buffer.alloc(size);
      for (let read = 0; read < size; ) {
        const n = readSync(fd, buffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return buffer;
    } finally {
      closeSync(fd);
    }
  }
}
