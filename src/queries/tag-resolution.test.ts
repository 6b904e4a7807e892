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
});
