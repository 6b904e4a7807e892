// @vitest-environment node
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompress } from './compress-plugin.ts';

describe('precompressing the build', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'precompress-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a .gz any gunzip reads (zopfli, no bigger than zlib -9) and a .br, for text files of 1 KB or more', async () => {
    const script = Buffer.from(Array.from({ length: 200 }, (_, i) => `export const value${i} = ${i * 7};\n`).join(''));
    await writeFile(join(dir, 'app.js'), script);
    await writeFile(join(dir, 'tiny.js'), 'export {};\n');
    await writeFile(join(dir, 'logo.png'), script);

    expect(await precompress(dir)).toBe(2);

    const gz = await readFile(join(dir, 'app.js.gz'));
    expect(gunzipSync(gz)).toEqual(script);
    expect(gz.length).toBeLessThanOrEqual(gzipSync(script, { level: 9 }).length);
    expect(brotliDecompressSync(await readFile(join(dir, 'app.js.br')))).toEqual(script);
    expect(existsSync(join(dir, 'tiny.js.gz'))).toBe(false);
    expect(existsSync(join(dir, 'logo.png.gz'))).toBe(false);
  });
});
