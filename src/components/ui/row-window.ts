/**
 * Which rows of a list of equal-height rows are in view: the arithmetic behind useRowWindow.
 * `end` is exclusive; both are clamped to the list.
 */
export function rowRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): { start: number; end: number } {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * The scroll offset that brings row `index` into view with as little movement as possible (the
 * offset unchanged when it is in view already).
 */
export function offsetToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
