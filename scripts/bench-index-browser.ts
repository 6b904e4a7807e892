// The browser rows of the regatta-index bench (scripts/bench-index-rows.ts): the built SPA served by
// nginx with deploy/nginx.conf (/v2/ → the registry, /index/v1/ → the index via
// deploy/nginx-index.conf), config.json naming the index, Debian Chromium with a fresh profile per
// run. Timed from navigation start until the page shows everything (read in the page).
// BENCH_TRACE=1 also logs the page's main-thread tasks over 15 ms until then, in order, with the
// functions (named by the source maps) that ran in each; tracing slows the page.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { readAllRows } from './bench-tag-rows.ts';
import { startDelayProxy } from './delay-proxy.ts';
import { prepareWww, startNginx } from './rig.ts';
import { longTasks, profileSelfTime, sourceMapNamer, traceOrigin, TRACE_CATEGORIES, type CpuProfile, type FrameNamer, type TraceEvent } from './bench-trace.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TIMEOUT_MS = 300_000;

/** counts: the catalog's status reads `status` ("1,001 repositories": every _catalog page is in) and the tree shows tag counts from the index. */
type Done = { kind: 'tags'; total: number } | { kind: 'counts'; status: string };

export interface BrowserFigures {
  /** ms from navigation start (an in-app visit: from the route change) until complete. */
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

/** Resolves once the page has received no response for `quietMs` (an EventSource stream stays open and is not one). */
async function settle(page: Page, quietMs = 1000): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  let count = -1;
  for (;;) {
    const now = await page.evaluate(() => performance.getEntriesByType('resource').length);
    if (now === count) return;
    if (Date.now() > deadline) throw new Error(`the page kept loading for ${TIMEOUT_MS / 1000} s`);
    count = now;
    await page.waitForTimeout(quietMs);
  }
}

/** An in-app visit: the page first opens `from` and waits for `ready`; the time then runs from the route change to `url` (history.pushState and popstate, as the app's links do). */
interface InAppVisit {
  from: string;
  ready: string;
}

/** `namer`: BENCH_TRACE=1 (the trace names the frames with it); null: no trace. */
async function measure(url: string, done: Done, authorization: string, verify: (page: Page) => Promise<string>, namer: FrameNamer | null, inApp: InAppVisit | null = null): Promise<BrowserFigures> {
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
    let origin = 0;
    if (inApp) {
      await page.goto(inApp.from, { waitUntil: 'commit' });
      await page.waitForSelector(inApp.ready, { state: 'attached', timeout: TIMEOUT_MS });
      // What the first page still loads once it shows (the sidebar's catalog of every repository,
      // chunks) is not the visit's: the visit starts once no response has come in for a second.
      await settle(page);
      origin = await page.evaluate((path) => {
        const state = (window as unknown as { __bench: { requests: string[] } }).__bench;
        state.requests = [];
        const at = performance.now();
        // The app's router takes a link's navigation and a popstate the same way (a transition to the new entry).
        history.pushState(null, '', path);
        dispatchEvent(new PopStateEvent('popstate', { state: null }));
        return at;
      }, new URL(url).pathname);
    } else {
      await page.goto(url, { waitUntil: 'commit' });
    }
    await page.waitForFunction(() => (window as unknown as { __bench: { doneAt: number | null } }).__bench.doneAt !== null, undefined, { timeout: TIMEOUT_MS, polling: 50 }).catch(async (error: unknown) => {
      const shown = await page.evaluate(() => [document.body.innerText.slice(0, 600), ...[...document.querySelectorAll('[role="treeitem"]')].slice(0, 3).map((item) => item.getAttribute('aria-label'))].join(' | ')).catch(() => '');
      throw new Error(`${url} not complete (${String(error)}); the page shows: ${shown}`);
    });
    // Long tasks are reported after they end: the second after complete, and the one running at its end.
    await page.waitForTimeout(AFTER_MS + 300);
    const { timeMs, longestTaskMs, longestTaskAfterMs, requests, tagsRequest, breakdown } = await page.evaluate(({ afterMs, origin }) => {
      const state = (window as unknown as { __bench: { doneAt: number; requests: string[]; moments: Record<string, number>; longtasks: { start: number; duration: number }[] } }).__bench;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const tags = resources.find((entry) => entry.name.includes('/-/tags') && entry.startTime >= origin);
      const navigation = origin > 0 ? undefined : (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined);
      // Files by name without Vite's content hash; requests by path.
      const label = (url: string) => {
        const { pathname } = new URL(url);
        if (pathname.includes('/-/tags')) return '/-/tags';
        if (pathname.startsWith('/assets/')) return pathname.slice('/assets/'.length).replace(/-[\w-]{8}(\.\w+)$/, '$1');
        return pathname.replace(/^\//, '');
      };
      // An in-app visit: what happened since the route change, timed from it.
      const steps = [
        ...(navigation ? [{ label: 'html', start: 0, end: navigation.responseEnd }] : []),
        ...resources.filter((entry) => entry.startTime >= origin && entry.startTime < state.doneAt).map((entry) => ({ label: label(entry.name), start: entry.startTime, end: entry.responseEnd })),
        ...(navigation ? [{ label: 'DOMContentLoaded', start: navigation.domContentLoadedEventStart, end: navigation.domContentLoadedEventEnd }] : []),
        ...Object.entries(state.moments).map(([moment, at]) => ({ label: moment, start: at, end: at })),
        // main.tsx marks it once its imports have run.
        ...performance.getEntriesByName('regatta:entry').map((mark) => ({ label: 'entry ran', start: mark.startTime, end: mark.startTime })),
        { label: 'done', start: state.doneAt, end: state.doneAt },
      ]
        .filter((step) => step.start >= origin)
        .map((step) => ({ ...step, start: step.start - origin, end: step.end - origin }));
      steps.sort((a, b) => a.start - b.start || a.end - b.end);
      const since = state.longtasks.filter((task) => task.start >= origin);
      const longestTaskMs = Math.max(0, ...since.filter((task) => task.start < state.doneAt).map((task) => task.duration));
      const longestTaskAfterMs = Math.max(0, ...since.filter((task) => task.start >= state.doneAt && task.start < state.doneAt + afterMs).map((task) => task.duration));
      return { timeMs: state.doneAt - origin, longestTaskMs, longestTaskAfterMs, requests: state.requests, tagsRequest: tags ? { start: tags.startTime - origin, end: tags.responseEnd - origin } : null, breakdown: steps };
    }, { afterMs: AFTER_MS, origin });
    const tasks = stopTrace ? await stopTrace() : [];
    return { timeMs, longestTaskMs, longestTaskAfterMs, requests, tagsRequest, breakdown, tasks, verified: await verify(page) };
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** About the rows the app's virtual table renders at 1280×800 (those in view and its overscan). */
const BARE_TABLE_ROWS = 32;

/**
 * The browser floor of the table row: a bare page on the same origin, in the same Chromium, that
 * asks what the app asks (config.json, then the index's /-/tags with the same headers) and puts the
 * rows a screen shows into a plain table, marked complete the way the app's table is. No framework,
 * no styles: what any page pays on this machine for this answer, from navigation start.
 */
const BARE_TABLE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>Bare table</title><script src="/bench-floor/table.js" defer></script></head>
<body></body></html>
`;
const BARE_TABLE_JS = `(async () => {
  const repository = new URLSearchParams(location.search).get('repository');
  const config = await (await fetch('/config.json', { cache: 'no-store' })).json();
  const base = String(config.registries[0].index ?? '').replace(/\\/+$/, '');
  const path = repository.split('/').map(encodeURIComponent).join('/');
  const answer = await (await fetch(base + '/index/v1/repositories/' + path + '/-/tags', { headers: { Accept: 'application/json' }, credentials: 'omit' })).json();
  const table = document.createElement('table');
  const body = table.createTBody();
  answer.tags.slice(0, ${BARE_TABLE_ROWS}).forEach((tag, index) => {
    const row = body.insertRow();
    row.dataset.index = String(index);
    for (const text of [tag.name, tag.digest.slice(7, 19), String(tag.imageSize), new Date(tag.created).toLocaleString()]) row.insertCell().textContent = text;
  });
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  status.dataset.total = String(answer.tags.length);
  status.dataset.resolved = String(answer.tags.length);
  status.textContent = answer.tags.length + ' tags';
  document.body.append(status, table);
})();
`;

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
  /** Held per request between nginx and both the registry and the index (a registry far away; 0: none). */
  latencyMs?: number;
  /** Which of the two rows to measure (default both). */
  rows?: { tags: boolean; counts: boolean };
}

export interface IndexBrowserResult {
  tags: BrowserFigures[];
  /** The bare page's runs, each right after the app's run of the same index. */
  tagsFloor: BrowserFigures[];
  /** The same table opened from another repository's page of the running app (cold data, the app loaded). */
  tagsInApp: BrowserFigures[];
  counts: BrowserFigures[];
}

/** Serves the app in front of the registry and the index, and measures the 500-tag table and the catalog counts `runs` times each. */
export async function runIndexBrowserRows(options: IndexBrowserOptions): Promise<IndexBrowserResult> {
  const { distDir, rigDir, registryUrl, indexUrl, runs, bigRepository, expectedTags, repositories, freshCaller, warmCaller, log, latencyMs = 0, rows = { tags: true, counts: true } } = options;
  const www = join(rigDir, 'index-www');
  await rm(www, { recursive: true, force: true });
  const namer = TRACE ? await sourceMapNamer(join(distDir, 'assets')) : null;
  await prepareWww(distDir, www, { registries: [{ name: 'bench', url: '', index: '' }] });
  await mkdir(join(www, 'bench-floor'));
  await writeFile(join(www, 'bench-floor', 'table.html'), BARE_TABLE_HTML);
  await writeFile(join(www, 'bench-floor', 'table.js'), BARE_TABLE_JS);
  // Far away: the index beside its registry (its access checks are not delayed), both behind the latency.
  const far = latencyMs > 0 ? await Promise.all([startDelayProxy({ target: registryUrl, delayMs: latencyMs }), startDelayProxy({ target: indexUrl, delayMs: latencyMs })]) : [];
  const nginx = await startNginx({ dir: join(rigDir, 'nginx-index'), wwwRoot: www, registryUrl: far[0]?.url ?? registryUrl, indexUpstream: far[1]?.url ?? indexUrl });
  const result: IndexBrowserResult = { tags: [], tagsFloor: [], tagsInApp: [], counts: [] };
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
      const floor = await measure(`${nginx.url}/bench-floor/table.html?repository=${encodeURIComponent(bigRepository)}`, { kind: 'tags', total: expectedTags.length }, freshCaller(), async () => 'bare page', null);
      result.tagsFloor.push(floor);
      log(`browser floor (a bare page: config.json, /-/tags, ${BARE_TABLE_ROWS} rows in a plain table), run ${i + 1}/${runs}: ${Math.round(floor.timeMs)} ms; ${describeBreakdown(floor.breakdown)}`);
      // A repository of two tags (team-0/app-0), then the big one: cold data for a new caller, whose access to it the index has not checked yet.
      const from = { from: `${nginx.url}/r/team-0/app-0`, ready: '[role="status"][data-total="2"][data-resolved="2"]' };
      const inApp = await measure(`${nginx.url}/r/${bigRepository}`, { kind: 'tags', total: expectedTags.length }, freshCaller(), verifyTags, null, from);
      result.tagsInApp.push(inApp);
      log(`browser, in-app visit of ${bigRepository} from team-0/app-0, run ${i + 1}/${runs}: ${Math.round(inApp.timeMs)} ms from the route change, longest task ${Math.round(inApp.longestTaskMs)} ms; ${describeRequests(inApp.requests)}; ${describeBreakdown(inApp.breakdown)} — ${inApp.verified}`);
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
    await Promise.all(far.map((proxy) => proxy.stop()));
  }
  return result;
}
