import { createKeyedThrottle } from './keyed-throttle';

describe('createKeyedThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first call at once, collapses a burst into one run at the end of the window', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(1000, (key) => runs.push(key));
    for (let i = 0; i < 50; i++) throttle.call('a');
    expect(runs).toEqual(['a']);
    vi.advanceTimersByTime(999);
    expect(runs).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual(['a', 'a']);
    // The trailing run opened a window of its own; with nothing more asked, nothing more runs.
    vi.advanceTimersByTime(5000);
    expect(runs).toEqual(['a', 'a']);
  });

  it('a call alone in its window runs once, with no trailing run', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(1000, (key) => runs.push(key));
    throttle.call('a');
    vi.advanceTimersByTime(3000);
    throttle.call('a');
    vi.advanceTimersByTime(3000);
    expect(runs).toEqual(['a', 'a']);
  });

  it('a steady stream runs once per window', () => {
    const runs: number[] = [];
    const throttle = createKeyedThrottle(1000, () => runs.push(Date.now()));
    const start = Date.now();
    for (let t = 0; t < 5000; t += 100) {
      throttle.call('a');
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(2000);
    expect(runs.map((at) => at - start)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it('keys have windows of their own', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(1000, (key) => runs.push(key));
    throttle.call('a');
    throttle.call('b');
    throttle.call('a');
    expect(runs).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual(['a', 'b', 'a']);
  });

  it('cancel drops pending runs', () => {
    const runs: string[] = [];
    const throttle = createKeyedThrottle(1000, (key) => runs.push(key));
    throttle.call('a');
    throttle.call('a');
    throttle.cancel();
    vi.advanceTimersByTime(5000);
    expect(runs).toEqual(['a']);
  });
});
