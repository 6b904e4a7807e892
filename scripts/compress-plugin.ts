// Precompressed copies of the build (file.js.gz, file.js.br) for `npm start` and nginx's
// gzip_static: compressed once at build time at the highest levels instead of on every request.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Text types worth compressing (not source maps: only devtools fetch them); images and fonts are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|webmanifest)$/i;
/** Below this a compressed copy saves less than the header and lookup cost. */
export const MIN_BYTES = 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes .gz and .br next to every compressible file of `dir` of at least MIN_BYTES, when smaller. */
export async function precompress(dir: string): Promise<number> {
  let written = 0;
  for await (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path) || (await stat(path)).size < MIN_BYTES) continue;
    const bytes = await readFile(path);
    const [gz, br] = await Promise.all([
      gzipAsync(bytes, { level: 9 }),
      brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
    ]);
    if (gz.length < bytes.length) {
      await writeFile(`${path}.gz`, gz);
      written++;
    }
    if (br.length < bytes.length) {
      await writeFile(`${path}.br`, br);
      written++;
    }
  }
  return written;
}

/** Vite plugin: precompress the output directory after the bundle is written (build only). */
export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  return {
    name: 'regatta-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      await precompress(outDir);
    },
  };
}
