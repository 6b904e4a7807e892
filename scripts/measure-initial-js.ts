// The JavaScript a first visit runs before the first render: the entry script of index.html and
// every chunk it modulepreloads, with raw, gzip and brotli sizes. Shared by `npm run bench`, and
// runnable on its own after a build:
//   npx tsx scripts/measure-initial-js.ts [dist] [--sources]
// --sources: the 25 biggest source files of those chunks (by raw bytes, from the source maps).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface InitialJsFile {
  path: string;
  bytes: number;
  /** What nginx's gzip_static sends: the build's .gz (zopfli, scripts/compress-plugin.ts), or zlib -9 without one. */
  gzipBytes: number;
  /** Whether gzipBytes is the size of the .gz the build wrote. */
  gzipFromBuild: boolean;
  /** brotli quality 11, as the build's precompressed .br. */
  brotliBytes: number;
}

export interface InitialJs {
  files: InitialJsFile[];
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

/** The paths of index.html's module script and modulepreload links, in document order. */
export function initialScriptPaths(html: string): string[] {
  const tags = html.match(/<(?:script|link)\b[^>]*>/g) ?? [];
  const paths: string[] = [];
  for (const tag of tags) {
    const isEntry = /^<script\b/.test(tag) && /\btype="module"/.test(tag);
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag);
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && url && !paths.includes(url)) paths.push(url);
  }
  return paths;
}

export async function measureInitialJs(dir: string): Promise<InitialJs> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const files = await Promise.all(
    initialScriptPaths(html).map(async (path): Promise<InitialJsFile> => {
      const bytes = await readFile(join(dir, path));
      const built = join(dir, `${path}.gz`);
      const gzipFromBuild = existsSync(built);
      return {
        path,
        bytes: bytes.length,
        gzipBytes: gzipFromBuild ? (await stat(built)).size : gzipSync(bytes, { level: 9 }).length,
        gzipFromBuild,
        brotliBytes: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
      };
    }),
  );
  const sum = (key: 'bytes' | 'gzipBytes' | 'brotliBytes') => files.reduce((s, f) => s + f[key], 0);
  return { files, bytes: sum('bytes'), gzipBytes: sum('gzipBytes'), brotliBytes: sum('brotliBytes') };
}

/** Raw bytes of each source file inside the initial chunks, from their source maps (biggest first). */
export async function initialJsSources(dir: string, js: InitialJs): Promise<{ source: string; bytes: number }[]> {
  const { TraceMap, eachMapping } = await import('@jridgewell/trace-mapping');
  const bySource = new Map<string, number>();
  for (const file of js.files) {
    const mapPath = join(dir, `${file.path}.map`);
    if (!existsSync(mapPath)) continue;
    const code = await readFile(join(dir, file.path), 'utf8');
    const lines = code.split('\n');
    const map = new TraceMap(await readFile(mapPath, 'utf8'));
    // Each mapping owns the generated text up to the next mapping on its line.
    let previous: { line: number; column: number; source: string | null } | undefined;
    const close = (line: number, column: number) => {
      if (!previous || previous.source === null) return;
      const length = line === previous.line ? column - previous.column : (lines[previous.line - 1]?.length ?? 0) - previous.column;
      bySource.set(previous.source, (bySource.get(previous.source) ?? 0) + Math.max(0, length));
    };
    eachMapping(map, (m) => {
      close(m.generatedLine, m.generatedColumn);
      previous = { line: m.generatedLine, column: m.generatedColumn, source: m.source };
    });
    close(Number.POSITIVE_INFINITY, 0);
  }
  return [...bySource].map(([source, bytes]) => ({ source: source.replace(/^(\.\.\/)+/, ''), bytes })).sort((a, b) => b.bytes - a.bytes);
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function describeInitialJs(js: InitialJs): string {
  return [
    `Initial JS: ${kb(js.gzipBytes)} gzip, ${kb(js.brotliBytes)} brotli (${kb(js.bytes)} raw)`,
    ...js.files.map((f) => `  ${f.path}: ${kb(f.gzipBytes)} gzip${f.gzipFromBuild ? '' : ' (zlib -9, no .gz)'}, ${kb(f.brotliBytes)} br, ${kb(f.bytes)} raw`),
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = resolve(args.find((a) => !a.startsWith('--')) ?? 'dist');
  const js = await measureInitialJs(dir);
  console.log(describeInitialJs(js));
  if (args.includes('--sources')) {
    console.log('\nBiggest sources (raw bytes in the initial chunks):');
    for (const { source, bytes } of (await initialJsSources(dir, js)).slice(0, 25)) console.log(`  ${kb(bytes).padStart(9)}  ${source}`);
  }
}
