import { describe, expect, it } from 'vitest';
import { createTagResolver } from './tag-resolution';

const digest = (n: number) => `sha256:${String(n).padStart(64, '0')}`;

describe('createTagResolver', () => {
  it('switches to GET by tag once the first tags were all distinct, unknown images', () => {
    const resolver = createTagResolver({ sample: 4 });
    for (let i = 0; i < 3; i++) resolver.headResolved(digest(i), false);
    expect([resolver.probing(), resolver.mode()]).toEqual([true, 'head']);
    resolver.headResolved(digest(3), false);
    expect([resolver.probing(), resolver.mode()]).toEqual([false, 'get']);
  });

  it('stays on HEAD for aliases: a digest repeats among the first tags', () => {
    const resolver = createTagResolver({ sample: 4 });
    for (let i = 0; i < 100; i++) resolver.headResolved(digest(i % 3), false);
    expect(resolver.mode()).toBe('head');
    expect(resolver.probing()).toBe(false);
  });

  it('stays on HEAD when the manifests are known already (memory, IndexedDB): a revisit', () => {
    const resolver = createTagResolver({ sample: 4 });
    for (let i = 0; i < 50; i++) resolver.headResolved(digest(i), true);
    expect(resolver.mode()).toBe('head');
  });

  it('skips the probe once told the images are known (a revisit from a remembered table)', () => {
    const resolver = createTagResolver({ sample: 4 });
    resolver.preferHeads();
    expect(resolver.probing()).toBe(false);
    for (let i = 0; i < 50; i++) resolver.headResolved(digest(i), false);
    expect(resolver.mode()).toBe('head');
  });

  it('goes back to HEAD for good when GETs by tag keep finding known digests', () => {
    const resolver = createTagResolver({ sample: 2, wasteRatio: 0.1 });
    for (let i = 0; i < 2; i++) resolver.headResolved(digest(i), false);
    expect(resolver.mode()).toBe('get');
    for (let i = 2; i < 12; i++) resolver.gotByTag(digest(i));
    resolver.gotByTag(digest(0));
    resolver.gotByTag(digest(1));
    expect(resolver.mode()).toBe('get'); // 2 wasted: under 3
    resolver.gotByTag(digest(5));
    expect(resolver.mode()).toBe('head');
    for (let i = 100; i < 200; i++) resolver.gotByTag(digest(i));
    expect(resolver.mode()).toBe('head');
  });

  it('stays on HEAD as soon as one digest repeats, without waiting for the rest of the sample', () => {
    const resolver = createTagResolver({ sample: 24 });
    resolver.headResolved(digest(1), false);
    resolver.headResolved(digest(1), false);
    expect([resolver.probing(), resolver.mode()]).toEqual([false, 'head']);
  });
});

describe('turns while probing', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('lets out only as many first reads as answers are missing; the rest go once the mode is decided', async () => {
    const resolver = createTagResolver({ sample: 4 });
    const granted: number[] = [];
    const releases = new Map<number, () => void>();
    for (let i = 0; i < 10; i++) {
      void resolver.turn().then((release) => {
        granted.push(i);
        releases.set(i, release);
      });
    }
    await settle();
    expect(granted).toEqual([0, 1, 2, 3]);

    // One answer in and three out make the four the decision needs: nothing more goes.
    resolver.headResolved(digest(0), false);
    releases.get(0)?.();
    await settle();
    expect(granted).toEqual([0, 1, 2, 3]);

    for (const i of [1, 2, 3]) {
      resolver.headResolved(digest(i), false);
      releases.get(i)?.();
    }
    await settle();
    expect(resolver.mode()).toBe('get');
    expect(granted).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives a turn back when a read had no answer (a tag deleted meanwhile, an error)', async () => {
    const resolver = createTagResolver({ sample: 2 });
    const first = await resolver.turn();
    await resolver.turn();
    let third = false;
    void resolver.turn().then(() => (third = true));
    await settle();
    expect(third).toBe(false);
    first();
    first(); // twice is once
    await settle();
    expect(third).toBe(true);
    let fourth = false;
    void resolver.turn().then(() => (fourth = true));
    await settle();
    expect(fourth).toBe(false);
  });

  it('drops a waiting read whose caller gave up', async () => {
    const resolver = createTagResolver({ sample: 1 });
    const release = await resolver.turn();
    const controller = new AbortController();
    const waiting = resolver.turn(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    let next = false;
    void resolver.turn().then(() => (next = true));
    release();
    await settle();
    expect(next).toBe(true);
  });

  it('does not hold anything once the mode is decided', async () => {
    const resolver = createTagResolver({ sample: 2 });
    resolver.headResolved(digest(0), true);
    expect(resolver.probing()).toBe(false);
    const turns = await Promise.all(Array.from({ length: 50 }, () => resolver.turn()));
    expect(turns).toHaveLength(50);
  });
});
