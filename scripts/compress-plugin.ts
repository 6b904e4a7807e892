// Precompressed copies of the build (file.js.gz, file.js.br) for `npm start` and nginx's
// gzip_static: compressed once at build time at the highest levels instead of on every request.
// The .gz is zopfli's: a plain gzip stream every client inflates, 2–4% smaller than zlib -9
// (the catalog's entry chunk: 113,625 → 109,932 bytes), at the cost of build time.
import { gzipAsync as zopfliGzip } from '@gfx/zopfli';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import type { Plugin } from 'vite';

const brotliAsync = promisify(brotliCompress);

/** Text types worth compressing (not source maps: only devtools fetch them); images and fonts are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|webmanifest)$/i;
/** Below this a compressed copy saves less than the header and lookup cost. */
export const MIN_BYTES = 1024;
/**
 * zopfli's iterations: 15 (its default) below 100 KB; 5 for the few big chunks (entry, MSAL, the
 * demo worker), where 15 costs twice the CPU (3.4 s vs 1.8 s for the 350 KB entry) for 23 bytes less.
 */
export const zopfliIterations = (bytes: number) => (bytes < 100_000 ? 15 : 5);

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
      zopfliGzip(bytes, { numiterations: zopfliIterations(bytes.length) }),
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
      const started = performance.now();
      const written = await precompress(outDir);
      console.log(`precompressed: ${written} files (.gz by zopfli, .br at quality 11) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}
