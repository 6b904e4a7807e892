import { createKeyedLock, mapLimit } from './concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('mapLimit', () => {
  it('never runs more than the limit, keeps order, reports failures without stopping', async () => {
    let running = 0;
    let max = 0;
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      max = Math.max(max, running);
      await tick();
      running--;
      if (n === 4) throw new Error('four');
      return n * 10;
    });
    expect(max).toBe(3);
    expect(results.map((r) => (r.ok ? r.value : (r.error as Error).message))).toEqual([10, 20, 30, 'four', 50, 60, 70]);
  });
  it('rejects a silly limit', async () => {
    await expect(mapLimit([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});

describe('createKeyedLock', () => {
  it('runs tasks of one key one after another, other keys in parallel, and survives failures', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const all = Promise.allSettled([lock('a', task('a1', true)), lock('a', task('a2')), lock('b', task('b1'))]);
    const results = await all;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });
});
