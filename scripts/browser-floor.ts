// The browser floor of a bench row: the same minimum requests as the Node floor (floorRequests,
// the same source), made by a bare page in the same Chromium, with the same number in flight,
// through the same front and latency: fetch(), the body read as text, nothing else. It is what any
// page pays for these requests in this browser, so Regatta's time against it is the app's own
// cost, and the Node floor against it is the browser's (its network stack, and the DevTools
// instrumentation Playwright needs, which a user's browser does not run).
import type { BrowserContext } from '@playwright/test';
import { MANIFEST_ACCEPT } from '../src/registry/manifests.ts';
import { floorRequests, type FloorResult, type FloorTask } from './bench-floor.ts';

export interface BrowserFloorResult extends FloorResult {
  /** The page's main-thread task time per response (Performance.getMetrics TaskDuration). */
  mainThreadMsPerResponse: number;
}

/**
 * The page-side call: fetch with the Accept header, the body read as text (HEAD: none). A network
 * error is tried once more, as the Node floor does on GOAWAY: nginx ends an HTTP/2 connection after
 * 1,000 requests (keepalive_requests), and a request caught in that can fail in Chromium.
 */
const browserCall = `async (method, path, accept) => {
  const once = async () => {
    const response = await fetch(path, { method, headers: { Accept: accept }, credentials: 'omit' });
    return { status: response.status, link: response.headers.get('Link'), text: method === 'GET' ? await response.text() : '' };
  };
  try {
    return await once();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return once();
  }
}`;

/** The expression the page evaluates: the floor's own algorithm, counting and timing its requests. */
export function browserFloorScript(task: FloorTask, concurrency: number): string {
  return `(async () => {
  // tsx (esbuild keepNames) wraps named functions in __name(…): give the page that helper.
  globalThis.__name ??= (fn) => fn;
  const floorRequests = ${floorRequests.toString()};
  const fetchOne = ${browserCall};
  let requests = 0;
  const call = (method, path, accept) => {
    requests += 1;
    return fetchOne(method, path, accept);
  };
  const started = performance.now();
  await floorRequests(${JSON.stringify(task)}, call, ${concurrency}, ${JSON.stringify(MANIFEST_ACCEPT)});
  return { ms: performance.now() - started, requests };
})()`;
}

/**
 * Runs the floor in a new page of `context` (give it a fresh context: an empty HTTP cache) at
 * `base`, on a static file of the app's origin, so the page's policy allows fetch to /v2/.
 */
export async function runBrowserFloor(context: BrowserContext, base: string, concurrency: number, task: FloorTask): Promise<BrowserFloorResult> {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/favicon.svg`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
    const before = await taskSeconds();
    const result = (await page.evaluate(browserFloorScript(task, concurrency))) as FloorResult;
    const after = await taskSeconds();
    return { ...result, mainThreadMsPerResponse: ((after - before) * 1000) / Math.max(1, result.requests) };
  } finally {
    await page.close();
  }
}
