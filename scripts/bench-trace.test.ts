import { describe, expect, it } from 'vitest';
import { longTasks, mainThreadSelfTime, profileSelfTime, type CpuProfile, type TraceEvent } from './bench-trace.ts';

const meta = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', cat: '__metadata', ph: 'M', ts: 0, pid, tid, args: { name } });
const x = (name: string, ts: number, dur: number, data?: Record<string, unknown>, tid = 1): TraceEvent => ({ name, cat: 'devtools.timeline', ph: 'X', ts, dur, pid: 7, tid, args: data ? { data } : {} });

describe('longTasks', () => {
  const events: TraceEvent[] = [
    meta(7, 1, 'CrRendererMain'),
    meta(7, 2, 'Compositor'),
    x('RunTask', 1_000, 10_000),
    x('RunTask', 20_000, 120_000),
    x('TimerFire', 20_100, 100_000),
    x('FunctionCall', 20_200, 90_000, { functionName: 'flush', url: 'http://x/assets/index.js', lineNumber: 9 }),
    x('UpdateLayoutTree', 20_300, 30_000),
    x('Layout', 120_500, 15_000),
    // On another thread: not the page's main thread.
    x('RunTask', 0, 500_000, undefined, 2),
    x('RunTask', 200_000, 60_000),
    x('MinorGC', 200_000, 59_000),
  ];

  it('finds the main thread tasks over the threshold, longest first, with the self time of what ran inside', () => {
    const tasks = longTasks(events);
    expect(tasks.map((t) => [t.startMs, t.durationMs])).toEqual([
      [19, 120],
      [199, 60],
    ]);
    expect(tasks[0]!.inside).toEqual([
      { what: 'FunctionCall flush index.js:10', ms: 60 },
      { what: 'UpdateLayoutTree', ms: 30 },
      { what: 'Layout', ms: 15 },
      { what: 'TimerFire', ms: 10 },
      { what: 'RunTask', ms: 5 },
    ]);
    expect(tasks[1]!.inside[0]).toEqual({ what: 'MinorGC', ms: 59 });
  });

  it('honours the threshold and the limit', () => {
    expect(longTasks(events, { minMs: 100 })).toHaveLength(1);
    expect(longTasks(events, { limit: 1 })).toHaveLength(1);
  });
});

describe('mainThreadSelfTime', () => {
  it('sums the self time of every main-thread event over the whole trace, and counts tasks by what they ran first', () => {
    const events: TraceEvent[] = [
      meta(7, 1, 'CrRendererMain'),
      meta(7, 2, 'Compositor'),
      x('RunTask', 0, 4_000),
      x('BlinkScheduler_PerformMicrotaskCheckpoint', 1_000, 2_000),
      x('RunTask', 10_000, 6_000),
      x('TimerFire', 10_500, 5_000),
      x('FunctionCall', 11_000, 3_000, { functionName: 'tick', url: 'http://x/a.js', lineNumber: 0 }),
      x('RunTask', 20_000, 1_000),
      x('RunTask', 0, 90_000, undefined, 2),
    ];
    const { tasks, byEvent, taskKinds } = mainThreadSelfTime(events);
    expect(tasks).toBe(3);
    expect(byEvent).toEqual([
      { what: 'RunTask', ms: 4 },
      { what: 'FunctionCall', ms: 3 },
      { what: 'BlinkScheduler_PerformMicrotaskCheckpoint', ms: 2 },
      { what: 'TimerFire', ms: 2 },
    ]);
    expect(taskKinds).toEqual([
      { what: 'BlinkScheduler_PerformMicrotaskCheckpoint', count: 1 },
      { what: 'TimerFire', count: 1 },
      { what: '(nothing traced)', count: 1 },
    ]);
  });
});

describe('profileSelfTime', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(program)', url: '', lineNumber: -1, columnNumber: -1 } },
      { id: 2, callFrame: { functionName: 'reconcile', url: 'http://x/assets/index.js', lineNumber: 0, columnNumber: 5 } },
    ],
    startTime: 1_000,
    samples: [1, 2, 2, 1],
    timeDeltas: [100, 1_000, 1_000, 2_000],
  };

  it('sums self time per function, within a window when given', () => {
    expect(profileSelfTime(profile)).toEqual([
      { fn: '(program)', ms: 2.1 },
      { fn: 'reconcile index.js:1', ms: 2 },
    ]);
    expect(profileSelfTime(profile, undefined, { fromUs: 1_500, toUs: 3_500 })).toEqual([{ fn: 'reconcile index.js:1', ms: 2 }]);
  });
});
