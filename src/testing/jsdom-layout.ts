import { afterAll, beforeAll } from 'vitest';

type LayoutSize = 'clientHeight' | 'clientWidth' | 'offsetHeight';

/**
 * jsdom has no layout: every element measures 0, so a virtualizer renders no rows. For the tests
 * of a file, give every element the given sizes (the scroll box's height, a row's height …) and
 * restore jsdom's own getters afterwards.
 */
export function stubLayout(sizes: Partial<Record<LayoutSize, number>>): void {
  const entries = Object.entries(sizes) as [LayoutSize, number][];
  const originals = entries.map(([key]) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)] as const);
  beforeAll(() => {
    for (const [key, value] of entries) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  });
  afterAll(() => {
    for (const [key, descriptor] of originals) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
  });
}
