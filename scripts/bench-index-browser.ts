// The browser rows of the regatta-index bench (scripts/bench-index-rows.ts): the built SPA served by
// nginx with deploy/nginx.conf (/v2/ → the registry, /index/v1/ → the index via
// deploy/nginx-index.conf), config.json naming the index, Debian Chromium with a fresh profile per
// run. Timed from navigation start until the page shows everything (read in the page).
// BENCH_TRACE=1 also logs the page's main-thread tasks over 15 ms until then, in order, with the
// functions (named by the source maps) that ran in each; tracing slows the page.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { readAllRows } from './bench-tag-rows.ts';
import { prepareWww, startNginx } from './rig.ts';
import { longTasks, profileSelfTime, sourceMapNamer, traceOrigin, TRACE_CATEGORIES, type CpuProfile, type FrameNamer, type TraceEvent } from './bench-trace.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 300_000;

/** counts: the catalog's status reads `status` ("1,001 repositories": every _catalog page is in) and the tree shows tag counts from the index. */
type Done = { kind: 'tags'; total: number } | { kind: 'counts'; status: string };

export interface BrowserFigures {
  /** ms from navigation start until complete. */
  timeMs: number;
  /** The longest main-thread task until complete (Long Tasks API, ms). */
  longestTaskMs: number;
  /** The longest task that started in the second after complete: what the page still does once it looks done. */
  longestTaskAfterMs: number;
  /** fetch() calls the page made before it was complete, by path ('GET /index/v1/…'), and EventSource streams opened. */
  requests: string[];
  /** The /-/tags request's start and end (ms since navigation start), when the page made one. */
  tagsRequest: { start: number; end: number } | null;
  /** Where the time went, in order: each step's start–end (ms since navigation start). */
  breakdown: BreakdownStep[];
  verified: string;
  /** BENCH_TRACE=1: the main thread's tasks over 15 ms, in order, each with what ran in it. */
  tasks: string[];
}

export interface BreakdownStep {
  /** 'html', a file or request ('config.json', 'repository-page.js', '/-/tags'), or a moment the page reached ('app shown'). */
  label: string;
  start: number;
  end: number;
}

/** Moments the instrumented page records besides 'done': the first time each selector matches. */
const MOMENTS: Record<string, string> = {
  'app shown': 'header',
  'repository page shown': 'main h1',
  'table shown': 'section[aria-label="Tags"]',
};

/** Installed before any page script: counts the app's fetch calls and EventSource streams, and marks the moment the page is complete. */
function instrument({ done, moments }: { done: Done; moments: Record<string, string> }): void {
  const state = { doneAt: null as number | null, requests: [] as string[], moments: {} as Record<string, number>, longtasks: [] as { start: number; duration: number }[] };
  (window as unknown as { __bench: typeof state }).__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longtasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const record = (method: string, url: string) => {
    if (state.doneAt === null) state.requests.push(`${method} ${new URL(url, location.href).pathname}`);
  };
  const originalFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    record((init?.method ?? request?.method ?? 'GET').toUpperCase(), request ? request.url : String(input));
    return originalFetch(input, init);
  };
  const OriginalEventSource = window.EventSource;
  window.EventSource = class extends OriginalEventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      record('EventSource', String(url));
      super(url, init);
    }
  };
  const check = () => {
    if (state.doneAt !== null) return;
    for (const [moment, selector] of Object.entries(moments)) if (state.moments[moment] === undefined && document.querySelector(selector)) state.moments[moment] = performance.now();
    let complete: boolean;
    if (done.kind === 'tags') {
      const status = document.querySelector(`[role="status"][data-total="${done.total}"]`);
      // The rows themselves too: the count may be rendered before them.
      complete = status?.getAttribute('data-resolved') === String(done.total) && document.querySelector('tbody tr[data-index]') !== null;
    } else {
      const line = [...document.querySelectorAll('p')].some((p) => p.textContent?.startsWith('Counts from the index, as of'));
      const listed = [...document.querySelectorAll('[role="status"]')].some((status) => status.textContent?.trim().startsWith(done.status));
      complete = line && listed && [...document.querySelectorAll('[role="treeitem"]')].some((item) => / tags?(,|$)/.test(item.getAttribute('aria-label') ?? ''));
    }
    if (complete) {
      state.doneAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-resolved', 'data-total', 'aria-label'] });
}

const TRACE = process.env.BENCH_TRACE === '1';
/** How long after complete the page's tasks are still watched (longestTaskAfterMs). */
const AFTER_MS = 1000;

/** Traces the page until the returned function is called; it lists the long tasks, frames named by `namer`. */
async function startTrace(page: Page, context: BrowserContext, namer: FrameNamer): Promise<() => Promise<string[]>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES.join(','), transferMode: 'ReportEvents' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (data: { value: object[] }) => {
      for (const event of data.value) events.push(event as TraceEvent);
    });
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    const origin = traceOrigin(events);
    return longTasks(events, { minMs: 15, limit: 100, namer })
      .sort((a, b) => a.startMs - b.startMs)
      .map((task) => {
        const fromUs = origin + task.startMs * 1000;
        const js = profileSelfTime(profile, namer, { fromUs, toUs: fromUs + task.durationMs * 1000 }, task.durationMs > 100 ? 30 : 5);
        const inside = task.inside.slice(0, 3).map((step) => `${step.what} ${step.ms.toFixed(0)}`);
        return `${task.startMs.toFixed(0)} ms +${task.durationMs.toFixed(0)}: ${inside.join('; ')}${js.length > 0 ? ` | JS: ${js.map((f) => `${f.fn} ${f.ms.toFixed(0)}`).join('; ')}` : ''}`;
      });
  };
}

/** `namer`: BENCH_TRACE=1 (the trace names the frames with it); null: no trace. */
async function measure(url: string, done: Done, authorization: string, verify: (page: Page) => Promise<string>, namer: FrameNamer | null): Promise<BrowserFigures> {
  const profile = await mkdtemp(join(tmpdir(), 'regatta-bench-index-browser-'));
  let context: BrowserContext | null = null;
  try {
    // The header makes each run a new caller for the index (its access decisions are cached per
    // Authorization): cold on the index's side too. The registry (no auth) ignores it.
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 }, extraHTTPHeaders: { Authorization: authorization } });
    const page = context.pages()[0] ?? (await context.newPage());
    // tsx (esbuild keepNames) wraps named functions in __name(…): give the page that helper.
    await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    await page.addInitScript(instrument, { done, moments: MOMENTS });
    const stopTrace = namer ? await startTrace(page, context, namer) : null;
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __bench: { doneAt: number | null } }).__bench.doneAt !== null, undefined, { timeout: TIMEOUT_MS, polling: 50 }).catch(async (error: unknown) => {
      const shown = await page.evaluate(() => [document.body.innerText.slice(0, 600), ...[...document.querySelectorAll('[role="treeitem"]')].slice(0, 3).map((item) => item.getAttribute('aria-label'))].join(' | ')).catch(() => '');
      throw new Error(`${url} not complete (${String(error)}); the page shows: ${shown}`);
    });
    // Long tasks are reported after they end: the second after complete, and the one running at its end.
    await page.waitForTimeout(AFTER_MS + 300);
    const { timeMs, longestTaskMs, longestTaskAfterMs, requests, tagsRequest, breakdown } = await page.evaluate((afterMs) => {
      const state = (window as unknown as { __bench: { doneAt: number; requests: string[]; moments: Record<string, number>; longtasks: { start: number; duration: number }[] } }).__bench;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const tags = resources.find((entry) => entry.name.includes('/-/tags'));
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      // Files by name without Vite's content hash; requests by path.
      const label = (url: string) => {
        const { pathname } = new URL(url);
        if (pathname.includes('/-/tags')) return '/-/tags';
        if (pathname.startsWith('/assets/')) return pathname.slice('/assets/'.length).replace(/-[\w-]{8}(\.\w+)$/, '$1');
        return pathname.replace(/^\//, '');
      };
      const steps = [
        ...(navigation ? [{ label: 'html', start: 0, end: navigation.responseEnd }] : []),
        ...resources.filter((entry) => entry.startTime < state.doneAt).map((entry) => ({ label: label(entry.name), start: entry.startTime, end: entry.responseEnd })),
        ...(navigation ? [{ label: 'DOMContentLoaded', start: navigation.domContentLoadedEventStart, end: navigation.domContentLoadedEventEnd }] : []),
        ...Object.entries(state.moments).map(([moment, at]) => ({ label: moment, start: at, end: at })),
        // main.tsx marks it once its imports have run.
        ...performance.getEntriesByName('regatta:entry').map((mark) => ({ label: 'entry ran', start: mark.startTime, end: mark.startTime })),
        { label: 'done', start: state.doneAt, end: state.doneAt },
      ];
      steps.sort((a, b) => a.start - b.start || a.end - b.end);
      const longestTaskMs = Math.max(0, ...state.longtasks.filter((task) => task.start < state.doneAt).map((task) => task.duration));
      const longestTaskAfterMs = Math.max(0, ...state.longtasks.filter((task) => task.start >= state.doneAt && task.start < state.doneAt + afterMs).map((task) => task.duration));
      return { timeMs: state.doneAt, longestTaskMs, longestTaskAfterMs, requests: state.requests, tagsRequest: tags ? { start: tags.startTime, end: tags.responseEnd } : null, breakdown: steps };
    }, AFTER_MS);
    const tasks = stopTrace ? await stopTrace() : [];
    return { timeMs, longestTaskMs, longestTaskAfterMs, requests, tagsRequest, breakdown, tasks, verified: await verify(page) };
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** "html 0–12, index.js 9–80, config.json 85–97, …, done 301" (ms since navigation start). */
export function describeBreakdown(steps: BreakdownStep[]): string {
  return steps.map(({ label, start, end }) => (Math.round(start) === Math.round(end) ? `${label} ${Math.round(start)}` : `${label} ${Math.round(start)}–${Math.round(end)}`)).join(', ');
}

/** "3 GET /index/v1/repositories, 1 GET /v2/" style summary of a run's requests (query strings dropped, /v2/ paths by kind). */
export function describeRequests(requests: string[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const [method, path = ''] = request.split(' ');
    const kind = path.startsWith('/index/v1/repositories/') ? path.replace(/^\/index\/v1\/repositories\/.+?\/-\//, '/index/v1/repositories/<name>/-/') : path.startsWith('/v2/') ? path.replace(/^\/v2\/.+\/(tags|manifests|blobs)\/.*$/, '/v2/<name>/$1/…') : path;
    const key = `${method} ${kind}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${n}× ${key}`).join(', ');
}

export interface IndexBrowserOptions {
  /** A built app (`npm run build` output) to copy and serve. */
  distDir: string;
  rigDir: string;
  registryUrl: string;
  indexUrl: string;
  runs: number;
  bigRepository: string;
  /** The big repository's tags as the index lists them: what every row must show. */
  expectedTags: { name: string; imageSize: number; created: string | null }[];
  /** Repositories in the registry besides the big one: `team-<i % 10>/app-<i>`, 2 tags each. */
  repositories: number;
  /** A new Authorization header per call (a new caller for the index). */
  freshCaller: () => string;
  /** Run before each catalog page load with its caller: fills the index's access decisions for it (not timed). */
  warmCaller: (authorization: string) => Promise<void>;
  log: (line: string) => void;
  /** Which of the two rows to measure (default both). */
  rows?: { tags: boolean; counts: boolean };
}

export interface IndexBrowserResult {
  tags: BrowserFigures[];
  counts: BrowserFigures[];
}

/** Serves the app in front of the registry and the index, and measures the 500-tag table and the catalog counts `runs` times each. */
export async function runIndexBrowserRows(options: IndexBrowserOptions): Promise<IndexBrowserResult> {
  const { distDir, rigDir, registryUrl, indexUrl, runs, bigRepository, expectedTags, repositories, freshCaller, warmCaller, log, rows = { tags: true, counts: true } } = options;
  const www = join(rigDir, 'index-www');
  await rm(www, { recursive: true, force: true });
  const namer = TRACE ? await sourceMapNamer(join(distDir, 'assets')) : null;
  await prepareWww(distDir, www, { registries: [{ name: 'bench', url: '', index: '' }] });
  const nginx = await startNginx({ dir: join(rigDir, 'nginx-index'), wwwRoot: www, registryUrl, indexUpstream: indexUrl });
  const result: IndexBrowserResult = { tags: [], counts: [] };
  try {
    const verifyTags = async (page: Page) => {
      const rows = await readAllRows(page, bigRepository);
      const wrong = expectedTags.filter((tag) => {
        const row = rows[tag.name];
        return !row || row.size !== tag.imageSize || row.created === null || tag.created === null || new Date(row.created).getTime() !== new Date(tag.created).getTime();
      });
      if (wrong.length > 0) throw new Error(`${wrong.length} of ${expectedTags.length} rows do not show the index's size and created date, e.g. ${wrong[0]!.name}: "${rows[wrong[0]!.name]?.text ?? 'no row'}"`);
      return `${expectedTags.length}/${expectedTags.length} rows read by scrolling, size + created as the index lists them`;
    };
    for (let i = 0; i < (rows.tags ? runs : 0); i++) {
      const figures = await measure(`${nginx.url}/r/${bigRepository}`, { kind: 'tags', total: expectedTags.length }, freshCaller(), verifyTags, namer);
      result.tags.push(figures);
      const request = figures.tagsRequest ? ` (its /-/tags request ${Math.round(figures.tagsRequest.start)}–${Math.round(figures.tagsRequest.end)} ms)` : '';
      log(`browser, ${bigRepository} via the index, run ${i + 1}/${runs}: ${Math.round(figures.timeMs)} ms${request}, longest task ${Math.round(figures.longestTaskMs)} ms (${Math.round(figures.longestTaskAfterMs)} ms in the second after), load average ${loadavg()[0]?.toFixed(1)}; ${describeRequests(figures.requests)} — ${figures.verified}`);
      log(`  where the time went (ms since navigation start): ${describeBreakdown(figures.breakdown)}`);
      if (figures.tasks.length > 0) log(`  main-thread tasks over 15 ms (trace clock, ms):\n    ${figures.tasks.join('\n    ')}`);
    }

    const verifyCounts = async (page: Page) => {
      const labels = await page.getByRole('tree', { name: 'Repositories' }).getByRole('treeitem').evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? ''));
      let repositoryCount = 0;
      let tagCount = 0;
      for (const label of labels) {
        const match = /^team-\d, ([\d,]+) repositor(?:y|ies), ([\d,]+) tags?,/.exec(label);
        if (!match) continue;
        repositoryCount += Number(match[1]!.replaceAll(',', ''));
        tagCount += Number(match[2]!.replaceAll(',', ''));
      }
      if (repositoryCount !== repositories || tagCount !== repositories * 2) throw new Error(`the team-* namespaces show ${repositoryCount} repositories and ${tagCount} tags, expected ${repositories} and ${repositories * 2}: ${labels.slice(0, 3).join(' | ')}`);
      return `team-0…9 show ${repositoryCount} repositories and ${tagCount} tags in all`;
    };
    for (let i = 0; i < (rows.counts ? runs : 0); i++) {
      // A new caller's first catalog costs one registry access check per repository (8 at once);
      // on this loaded machine a page of 1,000 then outlasts the app's 15 s index timeout and the
      // tree falls back. Measured here: the page with the caller's access decisions cached.
      const caller = freshCaller();
      await warmCaller(caller);
      const figures = await measure(`${nginx.url}/`, { kind: 'counts', status: `${new Intl.NumberFormat('en-US').format(repositories + 1)} repositories` }, caller, verifyCounts, namer);
      result.counts.push(figures);
      log(`browser, catalog counts via the index, run ${i + 1}/${runs}: ${Math.round(figures.timeMs)} ms, longest task ${Math.round(figures.longestTaskMs)} ms (${Math.round(figures.longestTaskAfterMs)} ms in the second after); ${describeRequests(figures.requests)} — ${figures.verified}`);
    }
  } finally {
    await nginx.stop();
  }
  return result;
}
