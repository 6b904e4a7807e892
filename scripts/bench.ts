// `npm run bench`: Regatta at registry scale (issue #6). Reported, never asserted.
//   1. a real docker-registry seeded once with 10,000 repositories, big/app (500 distinct images)
//      and big/aliases (2,000 tags on 20 images); the data dir is cached in bench/.rig/registry
//      and re-seeded only when the seed spec's hash changes;
//   2. `npm run build` into bench/.rig/dist, served by nginx with deploy/nginx.conf;
//   3. Debian Chromium via Playwright, a fresh profile per run, 1 warm-up + 5 measured runs;
//   4. bench/results.json + a markdown table on stdout.
// Options (env): BENCH_RUNS=5, BENCH_WARMUP=1, BENCH_REPOS=10000 (smaller for a quick try),
// BENCH_ONLY=app-cold,aliases-cold (a subset of scenarios; results.json is then not written).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { startNginx, startRegistry, type Service } from './rig.ts';
import { BIG_ALIASES, BIG_APP, benchSeedHash, defaultBenchParams, seedBench, type BenchSeedParams, type BenchSeedRecord } from './bench-seed.ts';
import type { RepositoryRecord } from './seed-registry.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(repoRoot, 'bench');
const rigDir = join(benchDir, '.rig');
const registryDir = join(rigDir, 'registry');
const seedFile = join(rigDir, 'seed.json');
const distDir = join(rigDir, 'dist');
const wwwDir = join(rigDir, 'www');
const resultsFile = join(benchDir, 'results.json');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const TIMEOUT_MS = 180_000;

const wallStart = performance.now();
const elapsed = (since: number) => (performance.now() - since) / 1000;
const log = (line: string) => console.error(`[bench ${elapsed(wallStart).toFixed(1)}s] ${line}`);

// ---------------------------------------------------------------------------------------------
// Rig

async function seededRegistry(params: BenchSeedParams): Promise<{ registry: Service; record: BenchSeedRecord; seedSeconds: number | null }> {
  const hash = benchSeedHash(params);
  let cached: BenchSeedRecord | undefined;
  try {
    cached = JSON.parse(await readFile(seedFile, 'utf8')) as BenchSeedRecord;
  } catch {
    cached = undefined;
  }
  if (cached?.hash === hash && existsSync(join(registryDir, 'data', 'docker'))) {
    log(`seed cache hit (${hash}): reusing ${registryDir}`);
    return { registry: await startRegistry({ dir: registryDir }), record: cached, seedSeconds: null };
  }
  log(`seed cache ${cached ? `stale (${cached.hash} ≠ ${hash})` : 'absent'}: seeding ${params.totalRepositories} repositories`);
  await rm(registryDir, { recursive: true, force: true });
  await rm(seedFile, { force: true });
  const registry = await startRegistry({ dir: registryDir });
  const started = performance.now();
  const record = await seedBench(registry.url, join(registryDir, 'data'), params, log);
  const seedSeconds = elapsed(started);
  // Written last: an interrupted seed leaves no record, so the next run starts over.
  await writeFile(seedFile, JSON.stringify(record) + '\n');
  log(`seeded in ${seedSeconds.toFixed(1)} s`);
  return { registry, record, seedSeconds };
}

function build(): number {
  const started = performance.now();
  // Its own outDir: dist/ may be rebuilt meanwhile by someone else (e2e, dev).
  const result = spawnSync('npm', ['run', 'build', '--', '--outDir', distDir, '--emptyOutDir'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`npm run build failed (${result.status})`);
  }
  return elapsed(started);
}

interface InitialJs {
  files: { path: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  /** gzip -9 of each file, summed: the figure the ≤ 120 KB target is about. */
  gzipBytes: number;
}

/** The entry script of index.html and every modulepreload: what runs before the first render. */
async function initialJs(dir: string): Promise<InitialJs> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g)].map((m) => m[1]!);
  const files = await Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(join(dir, path));
      return { path, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
  return { files, bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) };
}

// ---------------------------------------------------------------------------------------------
// One measured page load

type Done = { kind: 'catalog'; text: string } | { kind: 'tags'; total: number };

interface PageFigures {
  /** performance.now() when the app first showed everything (ms since navigation start). */
  timeMs: number;
  requests: number;
  manifestGets: number;
  manifestHeads: number;
  blobGets: number;
  otherOrigin: number;
  longTaskMs: number;
  longTasks: number;
  domNodes: number;
  heapBytes: number;
  transferBytes: number;
  verified: string;
}

/** Installed before any page script: long tasks (buffered) and the moment the page is complete. */
function instrument(done: Done): void {
  const state = { longtasks: [] as { start: number; duration: number }[], doneAt: null as number | null };
  (window as unknown as { __bench: typeof state }).__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longtasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    if (state.doneAt !== null) return;
    let complete = false;
    if (done.kind === 'catalog') {
      for (const status of document.querySelectorAll('[role="status"]')) if (status.textContent?.trim().startsWith(done.text)) complete = true;
      complete &&= document.querySelector('[role="treeitem"]') !== null;
    } else {
      const status = document.querySelector(`[role="status"][data-total="${done.total}"]`);
      complete = status?.getAttribute('data-resolved') === String(done.total);
    }
    if (complete) {
      state.doneAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-resolved', 'data-total'] });
}

/** Reads every row of the virtualized tag table by scrolling through it: tag → size and created. */
type RowReading = Record<string, { size: number | null; created: string | null; text: string }>;

async function readAllRows(page: Page, name: string): Promise<RowReading> {
  return page.evaluate(async (repository) => {
    const table = [...document.querySelectorAll('table')].find((t) => t.querySelector('caption')?.textContent === `Tags of ${repository}`);
    const box = table?.parentElement;
    if (!table || !box) throw new Error(`no tag table for ${repository}`);
    const rows: Record<string, { size: number | null; created: string | null; text: string }> = {};
    // A timer, not requestAnimationFrame: rAF may stall in a headless renderer under load.
    const frame = () => new Promise((r) => setTimeout(r, 60));
    for (let top = 0; ; top += Math.max(100, Math.floor(box.clientHeight * 0.8))) {
      box.scrollTop = top;
      await frame();
      for (const tr of table.querySelectorAll('tbody tr[data-index]')) {
        const tag = tr.querySelector('a[title]')?.getAttribute('title');
        if (!tag) continue;
        const bytes = tr.querySelector('span[title$=" bytes"]')?.getAttribute('title');
        rows[tag] = {
          size: bytes ? Number(bytes.replace(/ bytes$/, '')) : null,
          created: tr.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
          text: (tr.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 160),
        };
      }
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
    }
    return rows;
  }, name);
}

function verifyRows(rows: RowReading, expected: RepositoryRecord): string {
  const tags = Object.keys(expected.tags);
  const wrong: string[] = [];
  for (const tag of tags) {
    const row = rows[tag];
    const want = expected.tags[tag]!;
    if (!row) wrong.push(`${tag}: no row`);
    else if (row.size !== want.size) wrong.push(`${tag}: size ${row.size} ≠ ${want.size} (row: "${row.text}")`);
    else if (row.created === null || new Date(row.created).getTime() !== new Date(want.created).getTime()) wrong.push(`${tag}: created ${row.created} ≠ ${want.created}`);
  }
  if (wrong.length > 0) throw new Error(`rows do not match the seed (${wrong.length} of ${tags.length}): ${wrong.slice(0, 5).join('; ')}`);
  return `${tags.length}/${tags.length} rows read by scrolling, size + created match the seed`;
}

/** Rejects when `step` takes longer than `ms`: a hung page fails the run instead of the bench. */
function within<T>(ms: number, what: string, step: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms)));
  return Promise.race([step, timeout]).finally(() => clearTimeout(timer));
}

async function measure(context: BrowserContext, url: string, done: Done, verify: (page: Page) => Promise<string>): Promise<PageFigures> {
  const page = context.pages()[0] ?? (await context.newPage());
  const origin = new URL(url).origin;
  const counts = { requests: 0, manifestGets: 0, manifestHeads: 0, blobGets: 0, otherOrigin: 0 };
  page.on('request', (request) => {
    counts.requests += 1;
    const u = new URL(request.url());
    if (u.origin !== origin && u.protocol !== 'data:') counts.otherOrigin += 1;
    if (u.pathname.includes('/manifests/')) {
      if (request.method() === 'GET') counts.manifestGets += 1;
      else if (request.method() === 'HEAD') counts.manifestHeads += 1;
    } else if (u.pathname.includes('/blobs/') && request.method() === 'GET') counts.blobGets += 1;
  });
  const cdp: CDPSession = await context.newCDPSession(page);
  let transferBytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (transferBytes += event.encodedDataLength));
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  // tsx (esbuild keepNames) wraps named functions in __name(…): give the page that helper.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.addInitScript(instrument, done);

  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __bench: { doneAt: number | null } }).__bench.doneAt !== null, undefined, { timeout: TIMEOUT_MS, polling: 50 });
  // Let long tasks that ended at the finish line be reported.
  await page.waitForTimeout(300);
  const inPage = await within(30_000, 'reading the figures', page.evaluate(() => {
    const state = (window as unknown as { __bench: { doneAt: number; longtasks: { start: number; duration: number }[] } }).__bench;
    const until = state.doneAt;
    const tasks = state.longtasks.filter((t) => t.start <= until);
    return { timeMs: until, longTaskMs: tasks.reduce((s, t) => s + t.duration, 0), longTasks: tasks.length, domNodes: document.getElementsByTagName('*').length };
  }));
  const requests = { ...counts };
  const transfer = transferBytes;
  await within(30_000, 'HeapProfiler.collectGarbage', cdp.send('HeapProfiler.collectGarbage'));
  const metrics = (await within(30_000, 'Performance.getMetrics', cdp.send('Performance.getMetrics'))) as { metrics: { name: string; value: number }[] };
  const heapBytes = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  const verified = await within(120_000, 'verification', verify(page));
  await cdp.detach();
  return { ...inPage, ...requests, heapBytes, transferBytes: transfer, verified };
}

async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
}

// ---------------------------------------------------------------------------------------------
// Scenarios

interface Scenario {
  id: string;
  label: string;
  /** One cold load, or a cold load (not measured) then a revisit in the same profile. */
  revisit: boolean;
  path: string;
  done: Done;
  verify: (page: Page) => Promise<string>;
}

function scenarios(record: BenchSeedRecord): Scenario[] {
  const repoCount = new Intl.NumberFormat('en-US').format(record.repositoryCount);
  const tagsScenario = (id: string, label: string, name: string, expected: RepositoryRecord, revisit: boolean): Scenario => ({
    id,
    label,
    revisit,
    path: `/r/${name}`,
    done: { kind: 'tags', total: Object.keys(expected.tags).length },
    verify: async (page) => verifyRows(await readAllRows(page, name), expected),
  });
  return [
    {
      id: 'catalog',
      label: `catalog: ${repoCount} repositories browsable`,
      revisit: false,
      path: '/',
      done: { kind: 'catalog', text: `${repoCount} repositories` },
      verify: async (page) => {
        const top = await page.getByRole('treeitem').count();
        if (top === 0) throw new Error('the catalog tree shows no rows');
        return `status "${repoCount} repositories", ${top} tree rows rendered`;
      },
    },
    tagsScenario('app-cold', `${BIG_APP}: all ${Object.keys(record.app.tags).length} sizes + dates, cold`, BIG_APP, record.app, false),
    tagsScenario('app-revisit', `${BIG_APP}: same, revisit (same profile, new session)`, BIG_APP, record.app, true),
    tagsScenario('aliases-cold', `${BIG_ALIASES}: all ${Object.keys(record.aliases.tags).length} sizes + dates, cold`, BIG_ALIASES, record.aliases, false),
    tagsScenario('aliases-revisit', `${BIG_ALIASES}: same, revisit`, BIG_ALIASES, record.aliases, true),
  ];
}

async function runOnce(base: string, scenario: Scenario): Promise<PageFigures> {
  const profile = await mkdtemp(join(tmpdir(), 'regatta-bench-'));
  try {
    if (scenario.revisit) {
      // The first visit fills the profile (HTTP cache, IndexedDB); the browser is closed and
      // started again on the same profile: only what the app persisted survives.
      const first = await launch(profile);
      await measure(first, base + scenario.path, scenario.done, async () => '');
      await first.close();
    }
    const context = await launch(profile);
    try {
      return await measure(context, base + scenario.path, scenario.done, scenario.verify);
    } finally {
      await context.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
}

type ScenarioResult = { id: string; label: string; verified: string } & { [K in Exclude<keyof PageFigures, 'verified'>]: Stat };

// ---------------------------------------------------------------------------------------------
// Report

const ms = (s: Stat) => `${Math.round(s.median)} ms (${Math.round(s.min)}–${Math.round(s.max)})`;
const n = (s: Stat) => (s.min === s.max ? `${Math.round(s.median)}` : `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (s: Stat) => `${(s.median / 1048576).toFixed(1)} MB`;

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function targets(results: Record<string, ScenarioResult>, js: InitialJs, fonts: number, record: BenchSeedRecord): Target[] {
  const r = (id: string) => results[id]!;
  const list: Target[] = [
    { target: `${BIG_APP} all sizes+dates ≤ 2,500 ms cold`, measured: ms(r('app-cold').timeMs), met: r('app-cold').timeMs.median <= 2500 },
    { target: `${BIG_APP} all sizes+dates ≤ 1,000 ms on revisit`, measured: ms(r('app-revisit').timeMs), met: r('app-revisit').timeMs.median <= 1000 },
    {
      target: `${BIG_ALIASES}: ≤ 25 manifest GETs + ≤ 25 config GETs for ${Object.keys(record.aliases.tags).length} tags`,
      measured: `${n(r('aliases-cold').manifestGets)} manifest GETs, ${n(r('aliases-cold').blobGets)} blob GETs (cold)`,
      met: r('aliases-cold').manifestGets.max <= 25 && r('aliases-cold').blobGets.max <= 25,
    },
    ...Object.values(results).map((s) => ({ target: `long tasks ≤ 200 ms total: ${s.id}`, measured: ms(s.longTaskMs), met: s.longTaskMs.median <= 200 })),
    ...Object.values(results).map((s) => ({ target: `DOM ≤ 3,000 nodes: ${s.id}`, measured: n(s.domNodes), met: s.domNodes.max <= 3000 })),
    { target: `catalog of ${record.repositoryCount} browsable ≤ 1,500 ms`, measured: ms(r('catalog').timeMs), met: r('catalog').timeMs.median <= 1500 },
    { target: 'initial JS ≤ 120 KB gzip', measured: kb(js.gzipBytes), met: js.gzipBytes <= 120 * 1024 },
    { target: 'no web font over 50 KB', measured: fonts === 0 ? 'no web fonts' : `${fonts} font file(s) over 50 KB`, met: fonts === 0 },
    {
      target: 'no request to any other origin',
      measured: `${Object.values(results).reduce((sum, s) => sum + s.otherOrigin.max, 0)} requests`,
      met: Object.values(results).every((s) => s.otherOrigin.max === 0),
    },
  ];
  return list;
}

function markdown(results: Record<string, ScenarioResult>, js: InitialJs, targetList: Target[], meta: { runs: number; chromium: string }): string {
  const lines = [
    `Median (min–max) of ${meta.runs} runs after ${WARMUP} warm-up; fresh profile per run; ${meta.chromium}; ${cpus().length} cores.`,
    '',
    '| scenario | time to complete | requests | manifest GET / HEAD | blob GETs | long tasks | DOM nodes | JS heap | transferred |',
    '|---|---|---|---|---|---|---|---|---|',
    ...Object.values(results).map(
      (s) =>
        `| ${s.label} | ${ms(s.timeMs)} | ${n(s.requests)} | ${n(s.manifestGets)} / ${n(s.manifestHeads)} | ${n(s.blobGets)} | ${ms(s.longTaskMs)} | ${n(s.domNodes)} | ${mb(s.heapBytes)} | ${kb(s.transferBytes.median)} |`,
    ),
    '',
    `Initial JS: ${kb(js.gzipBytes)} gzip (${kb(js.bytes)} raw) — ${js.files.map((f) => `${f.path} ${kb(f.gzipBytes)}`).join(', ')}`,
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targetList.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const params: BenchSeedParams = { ...defaultBenchParams, totalRepositories: Number(process.env.BENCH_REPOS ?? defaultBenchParams.totalRepositories) };
  await mkdir(rigDir, { recursive: true });
  const services: Service[] = [];
  try {
    const { registry, record, seedSeconds } = await seededRegistry(params);
    services.push(registry);

    log('building the app (npm run build)');
    const buildSeconds = build();
    await rm(wwwDir, { recursive: true, force: true });
    await cp(distDir, wwwDir, { recursive: true });
    await writeFile(join(wwwDir, 'config.json'), JSON.stringify({ registries: [{ name: 'bench', url: '' }] }) + '\n');
    const js = await initialJs(wwwDir);
    const bigFonts = spawnSync('find', [wwwDir, '-regex', '.*\\.\\(woff2?\\|ttf\\|otf\\)', '-size', '+50k'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length;

    const nginx = await startNginx({ dir: join(rigDir, 'nginx'), wwwRoot: wwwDir, registryUrl: registry.url });
    services.push(nginx);
    log(`registry ${registry.url}, app ${nginx.url}`);

    const results: Record<string, ScenarioResult> = {};
    const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
    for (const scenario of scenarios(record).filter((s) => !only || only.includes(s.id))) {
      const runs: PageFigures[] = [];
      for (let i = 0; i < WARMUP + RUNS; i++) {
        const figures = await runOnce(nginx.url, scenario);
        log(`${scenario.id} ${i < WARMUP ? 'warm-up' : `run ${i - WARMUP + 1}/${RUNS}`}: ${Math.round(figures.timeMs)} ms, ${figures.requests} requests, long tasks ${Math.round(figures.longTaskMs)} ms — ${figures.verified}`);
        if (i >= WARMUP) runs.push(figures);
      }
      const keys = Object.keys(runs[0]!).filter((k) => k !== 'verified') as Exclude<keyof PageFigures, 'verified'>[];
      results[scenario.id] = {
        id: scenario.id,
        label: scenario.label,
        verified: runs[0]!.verified,
        ...(Object.fromEntries(keys.map((k) => [k, stat(runs.map((r) => r[k]))])) as { [K in Exclude<keyof PageFigures, 'verified'>]: Stat }),
      };
    }

    if (only) {
      console.log(JSON.stringify(Object.values(results).map((r) => ({ id: r.id, timeMs: r.timeMs, requests: r.requests.median, manifestGets: r.manifestGets.median, blobGets: r.blobGets.median })), null, 2));
      return;
    }
    const chromiumVersion = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const targetList = targets(results, js, bigFonts, record);
    const table = markdown(results, js, targetList, { runs: RUNS, chromium: chromiumVersion });
    const output = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, chromium: chromiumVersion },
      runs: RUNS,
      warmup: WARMUP,
      seed: { hash: record.hash, params: record.params, cached: seedSeconds === null, seedSeconds },
      buildSeconds,
      initialJs: js,
      scenarios: results,
      targets: targetList,
      wallSeconds: elapsed(wallStart),
    };
    await writeFile(resultsFile, JSON.stringify(output, null, 2) + '\n');
    console.log(table);
    console.log(`\nwall time ${output.wallSeconds.toFixed(1)} s (seed ${seedSeconds === null ? 'cached' : `${seedSeconds.toFixed(1)} s`}, build ${buildSeconds.toFixed(1)} s); wrote ${resultsFile}`);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
