// distribution's filesystem storage driver layout, read-only:
//   <root>/docker/registry/v2/repositories/<name>/_manifests/revisions/sha256/<hex>/link
//   <root>/docker/registry/v2/repositories/<name>/_manifests/tags/<tag>/{current,index/sha256/<hex>}/link
//   <root>/docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data
//
// Metadata calls are synchronous: a stat or a 71-byte link read costs microseconds, while the
// same call through the libuv thread pool and a promise costs far more on a busy machine (a scan
// is thousands of them; see scripts/bench-index.ts). The iterators yield to the event loop every
// YIELD_EVERY entries, so the HTTP API keeps answering during a scan. Paths are concatenated, not
// `join`ed: every component is a validated repository name or a folder name read from storage,
// and `join`'s normalizing showed in a cold backfill's profile.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { REPOSITORY_NAME } from './registry-access.ts';
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

/**
 * Sub-folder names of `dir`. One `readdirSync`, not an `opendirSync` walk: a `Dir` handle costs
 * two `promisify` calls to construct, more than the listing of a small folder, and a scan lists
 * several folders per repository. The caller holds the repository's links in memory anyway.
 */
function subfolders(dir: string): string[] {
  const entries = orNull(() => readdirSync(dir, { withFileTypes: true })) ?? [];
  const names: string[] = [];
  for (const entry of entries) if (entry.isDirectory()) names.push(entry.name);
  return names;
}

const BIGINT = { bigint: true, throwIfNoEntry: false } as const;
const mtimeNs = (path: string) => orNull(() => statSync(path, BIGINT))?.mtimeNs ?? -1n;
const NO_THROW = { throwIfNoEntry: false } as const;

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
      for (const entry of subfolders(name ? `${this.repositoriesDir}/${name}` : this.repositoriesDir)) {
        if (entry === '_manifests') isRepository = true;
        else if (!entry.startsWith('_')) children.push(name ? `${name}/${entry}` : entry);
      }
      if (isRepository && name) yield name;
      pending.push(...children.sort().reverse());
      if (++visited % YIELD_EVERY === 0) await nextTurn();
    }
  }

  /** null for a name distribution would refuse (a notification can name anything). */
  private manifestsDir(repository: string): string | null {
    return REPOSITORY_NAME.test(repository) ? `${this.repositoriesDir}/${repository}/_manifests` : null;
  }

  /**
   * distribution rewrites link files in place (a re-pushed tag changes `current/link`'s mtime
   * only) and creates a folder per new revision or history entry (its parent's mtime changes);
   * deleting a tag or revision removes a folder (its parent's mtime changes). So the stamp hashes
   * the mtimes of revisions/sha256, tags/, and per tag of current/link and index/sha256.
   */
  async repositoryStamp(repository: string): Promise<string | null> {
    const dir = this.manifestsDir(repository);
    if (dir === null || mtimeNs(dir) === -1n) return null;
    let text = `r${mtimeNs(`${dir}/revisions/sha256`)};t${mtimeNs(`${dir}/tags`)}`;
    const tags = subfolders(`${dir}/tags`).sort();
    for (const [i, tag] of tags.entries()) {
      const tagDir = `${dir}/tags/${tag}`;
      text += `;${tag}:${mtimeNs(`${tagDir}/current/link`)}:${mtimeNs(`${tagDir}/index/sha256`)}`;
      if ((i + 1) % YIELD_EVERY === 0) await nextTurn();
    }
    return createHash('sha256').update(text).digest('hex');
  }

  private readLink(folder: string): Link | null {
    const path = `${folder}/link`;
    const text = orNull(() => readFileSync(path, 'utf8'));
    const file = orNull(() => statSync(path, NO_THROW));
    const dir = orNull(() => statSync(folder, NO_THROW));
    if (text === null || !file || !dir) return null;
    const digest = text.trim();
    if (!DIGEST_PATTERN.test(digest)) return null;
    return { digest, writtenMs: Math.floor(file.mtimeMs), createdMs: Math.floor(dir.mtimeMs) };
  }

  private *linksUnder(dir: string): Generator<Link> {
    for (const hex of subfolders(`${dir}/sha256`)) {
      if (!HEX.test(hex)) continue;
      const link = this.readLink(`${dir}/sha256/${hex}`);
      if (link && link.digest === `sha256:${hex}`) yield link;
    }
  }

  async *revisions(repository: string): AsyncIterable<Link> {
    let count = 0;
    const dir = this.manifestsDir(repository);
    if (dir === null) return;
    for (const link of this.linksUnder(`${dir}/revisions`)) {
      yield link;
      if (++count % YIELD_EVERY === 0) await nextTurn();
    }
  }

  async *tags(repository: string): AsyncIterable<StoredTag> {
    const dir = this.manifestsDir(repository);
    if (dir === null) return;
    let count = 0;
    for (const name of subfolders(`${dir}/tags`)) {
      const current = this.readLink(`${dir}/tags/${name}/current`);
      const history = [...this.linksUnder(`${dir}/tags/${name}/index`)];
      yield { name, current, history };
      if (++count % YIELD_EVERY === 0) await nextTurn();
    }
  }

  async readBlob(digest: string, maxBytes: number): Promise<Buffer | null> {
    if (!DIGEST_PATTERN.test(digest)) return null;
    const hex = digest.slice('sha256:'.length);
    const fd = orNull(() => openSync(`${this.blobsDir}/${hex.slice(0, 2)}/${hex}/data`, 'r'));
    if (fd === null) return null;
    try {
      const { size } = fstatSync(fd);
      if (size > maxBytes) throw new Error(`blob ${digest} is ${size} bytes, more than the ${maxBytes} the index reads`);
      const buffer = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) {
        const n = readSync(fd, buffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
      return read === size ? buffer : buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  }
}
