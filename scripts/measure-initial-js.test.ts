// @vitest-environment node
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { describeInitialJs, initialScriptPaths, measureInitialJs } from './measure-initial-js.ts';

describe('the initial JS of a build', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'initial-js-'));
    await mkdir(join(dir, 'assets'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const html = '<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="modulepreload" crossorigin href="/assets/react-b.js"><link rel="stylesheet" href="/assets/index-c.css">';

  it('is the entry script and its modulepreloads, in document order', () => {
    expect(initialScriptPaths(html)).toEqual(['/assets/index-a.js', '/assets/react-b.js']);
  });

  it('counts the .gz the build wrote (what gzip_static sends), and zlib -9 where there is none', async () => {
    const entry = Buffer.from('const a = 1;\n'.repeat(400));
    const preload = Buffer.from('export const b = 2;\n'.repeat(300));
    await writeFile(join(dir, 'index.html'), html);
    await writeFile(join(dir, 'assets/index-a.js'), entry);
    await writeFile(join(dir, 'assets/index-a.js.gz'), Buffer.alloc(123));
    await writeFile(join(dir, 'assets/react-b.js'), preload);

    const js = await measureInitialJs(dir);

    expect(js.files.map((f) => [f.path, f.bytes, f.gzipBytes, f.gzipFromBuild])).toEqual([
      ['/assets/index-a.js', entry.length, 123, true],
      ['/assets/react-b.js', preload.length, gzipSync(preload, { level: 9 }).length, false],
    ]);
    expect(js.gzipBytes).toBe(123 + gzipSync(preload, { level: 9 }).length);
    expect(js.bytes).toBe(entry.length + preload.length);
    expect(describeInitialJs(js)).toMatch(/react-b\.js: [\d.]+ KB gzip \(zlib -9, no \.gz\)/);
    expect(describeInitialJs(js)).toMatch(/index-a\.js: 0\.1 KB gzip, /);
  });
});
