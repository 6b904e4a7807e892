// BENCH_TRACE=1: which long tasks the page's main thread ran, and what was inside each (a CDP trace
// with the devtools.timeline categories, plus the CPU profile's samples in the same window when
// BENCH_PROFILE=1). Pure functions over the trace events, so they are tested without a browser;
// sourceMapNamer reads the bundle's source maps to name the minified frames.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A Chrome trace event (the JSON trace format; CDP's Tracing.dataCollected hands these out). */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown>; [key: string]: unknown };
}

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink.user_timing', 'disabled-by-default-v8.gc'];

/** How a frame is named: mapped to the sources when the caller has the bundle's source maps. */
export type FrameNamer = (functionName: string, url: string, lineNumber: number, columnNumber: number) => string;

const plainNamer: FrameNamer = (functionName, url, lineNumber) => `${functionName || '(anonymous)'} ${url.replace(/^.*\//, '')}:${lineNumber + 1}`;

export interface LongTaskReport {
  /** ms since the first event of the renderer's main thread in the trace (≈ the navigation). */
  startMs: number;
  durationMs: number;
  /** What the task ran, by trace event (self time, ms), biggest first. */
  inside: { what: string; ms: number }[];
}

interface Slice {
  event: TraceEvent;
  end: number;
  children: number;
}

/** Renderer main threads (CrRendererMain), as "pid:tid". */
function rendererMainThreads(events: readonly TraceEvent[]): Set<string> {
  const threads = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') threads.add(`${e.pid}:${e.tid}`);
  return threads;
}

/** The complete events of each renderer main thread, parents before children (by start, the longer first). */
function mainThreadSlices(events: readonly TraceEvent[]): TraceEvent[][] {
  const main = rendererMainThreads(events);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || typeof e.dur !== 'number' || !main.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push(e);
    byThread.set(key, list);
  }
  const lists = [...byThread.values()];
  for (const list of lists) list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  return lists;
}

const isTask = (e: TraceEvent) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask';

/** A label for what an event did: script events name their function or script. */
export function labelOf(event: TraceEvent, namer: FrameNamer = plainNamer): string {
  const data = event.args?.data ?? {};
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const num = (key: string) => (typeof data[key] === 'number' ? (data[key] as number) : 0);
  switch (event.name) {
    case 'FunctionCall':
      return `FunctionCall ${namer(str('functionName'), str('url'), num('lineNumber'), num('columnNumber'))}`;
    case 'EvaluateScript':
    case 'v8.compile':
    case 'v8.compileModule':
    case 'v8.evaluateModule':
      return `${event.name} ${str('url').replace(/^.*\//, '') || (typeof event.args?.fileName === 'string' ? event.args.fileName.replace(/^.*\//, '') : '')}`.trim();
    case 'EventDispatch':
      return `EventDispatch ${str('type')}`;
    case 'TimerFire':
      return 'TimerFire';
    default:
      return event.name;
  }
}

/**
 * The renderer main thread's tasks of at least `minMs`, longest first (at most `limit`), each with
 * the self time of the events nested in it. Complete events ('X') only: the timeline's are.
 */
export function longTasks(events: readonly TraceEvent[], { minMs = 50, limit = 5, namer = plainNamer }: { minMs?: number; limit?: number; namer?: FrameNamer } = {}): LongTaskReport[] {
  const threads = mainThreadSlices(events);
  if (threads.length === 0) return [];
  const origin = Math.min(...threads.map((list) => list[0]!.ts));
  const reports: LongTaskReport[] = [];
  for (const list of threads) {
    let task: { slice: Slice; slices: Slice[] } | null = null;
    const stack: Slice[] = [];
    const close = () => {
      if (task && task.slice.event.dur! >= minMs * 1000) {
        const self = new Map<string, number>();
        for (const s of task.slices) {
          const label = labelOf(s.event, namer);
          self.set(label, (self.get(label) ?? 0) + Math.max(0, s.event.dur! - s.children) / 1000);
        }
        reports.push({
          startMs: (task.slice.event.ts - origin) / 1000,
          durationMs: task.slice.event.dur! / 1000,
          inside: [...self].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms).slice(0, 10),
        });
      }
      task = null;
    };
    for (const e of list) {
      const slice: Slice = { event: e, end: e.ts + e.dur!, children: 0 };
      while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) stack.pop();
      if (stack.length === 0) {
        close();
        if (isTask(e)) task = { slice, slices: [slice] };
      } else {
        stack[stack.length - 1]!.children += e.dur!;
        task?.slices.push(slice);
      }
      stack.push(slice);
    }
    close();
  }
  return reports.sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
}

/** A V8 CPU profile as Profiler.stop returns it (timestamps in µs, the trace's clock). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), biggest first, of the samples taken within [fromUs, toUs) (all when omitted). */
export function profileSelfTime(profile: CpuProfile, namer: FrameNamer = plainNamer, window?: { fromUs: number; toUs: number }, limit = 25): { fn: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (window && (time < window.fromUs || time >= window.toUs)) return;
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const key = frame.url ? namer(frame.functionName, frame.url, frame.lineNumber, frame.columnNumber) : frame.functionName || '(anonymous)';
    self.set(key, (self.get(key) ?? 0) + delta / 1000);
  });
  return [...self].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms).slice(0, limit);
}

/** The trace's clock (µs) at a long task's start: to pick the profile samples inside it. */
export function traceOrigin(events: readonly TraceEvent[]): number {
  const main = rendererMainThreads(events);
  let origin = Number.POSITIVE_INFINITY;
  for (const e of events) if (e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.ts < origin) origin = e.ts;
  return origin;
}

/**
 * Names a frame of the built app by its source (function, file:line) from the bundle's source maps
 * in `assetsDir` (the bundle is minified); other frames by their script.
 */
export async function sourceMapNamer(assetsDir: string): Promise<FrameNamer> {
  const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
  const maps = new Map<string, InstanceType<typeof TraceMap>>();
  for (const file of await readdir(assetsDir)) {
    if (file.endsWith('.js.map')) maps.set(file.slice(0, -'.map'.length), new TraceMap(await readFile(join(assetsDir, file), 'utf8')));
  }
  return (functionName, url, lineNumber, columnNumber) => {
    const file = url.replace(/^.*\/assets\//, '');
    const map = maps.get(file);
    const original = map ? originalPositionFor(map, { line: lineNumber + 1, column: columnNumber }) : null;
    const where = original?.source ? `${original.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '')}:${original.line}` : file ? `${file}:${lineNumber + 1}` : '';
    return `${original?.name ?? (functionName || '(anonymous)')} ${where}`.trim();
  };
}

/**
 * What the renderer's main thread spent its time on over the whole trace: self time (ms) per trace
 * event name, biggest first, and how many tasks it ran. Tells native work (layout, paint, network
 * callbacks) from script, which a CPU profile lumps together as "(program)".
 */
export function mainThreadSelfTime(events: readonly TraceEvent[], limit = 20): { tasks: number; byEvent: { what: string; ms: number }[]; taskKinds: { what: string; count: number }[] } {
  const self = new Map<string, number>();
  let tasks = 0;
  /** Tasks by what they ran first (their first nested event), to see which callbacks make them. */
  const kinds = new Map<string, number>();
  let open: { named: boolean } | null = null;
  for (const list of mainThreadSlices(events)) {
    const stack: Slice[] = [];
    const add = (slice: Slice) => self.set(slice.event.name, (self.get(slice.event.name) ?? 0) + Math.max(0, slice.event.dur! - slice.children) / 1000);
    for (const e of list) {
      const slice: Slice = { event: e, end: e.ts + e.dur!, children: 0 };
      while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) add(stack.pop()!);
      if (stack.length === 0) {
        if (open && !open.named) kinds.set('(nothing traced)', (kinds.get('(nothing traced)') ?? 0) + 1);
        open = isTask(e) ? { named: false } : null;
        tasks += open ? 1 : 0;
      } else {
        stack[stack.length - 1]!.children += e.dur!;
        if (open && !open.named && !isTask(e)) {
          open.named = true;
          const what = labelOf(e);
          kinds.set(what, (kinds.get(what) ?? 0) + 1);
        }
      }
      stack.push(slice);
    }
    while (stack.length > 0) add(stack.pop()!);
  }
  if (open && !open.named) kinds.set('(nothing traced)', (kinds.get('(nothing traced)') ?? 0) + 1);
  return {
    tasks,
    byEvent: [...self].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms).slice(0, limit),
    taskKinds: [...kinds].map(([what, count]) => ({ what, count })).sort((a, b) => b.count - a.count).slice(0, limit),
  };
}
