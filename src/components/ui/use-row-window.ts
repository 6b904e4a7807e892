import { useLayoutEffect, useState, type RefObject } from 'react';
import { offsetToShow, rowRange } from './row-window';

export interface RowWindowItem {
  index: number;
  key: string | number;
  /** Offset of the row's top in the list, px. */
  start: number;
  size: number;
}

export interface RowWindowOptions {
  count: number;
  /** Every row has this height (px). */
  rowHeight: number;
  /** Rows rendered above and below the viewport. */
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  getItemKey: (index: number) => string | number;
}

/** Named as @tanstack/react-virtual's Virtualizer, whose place it takes where rows are equal. */
export interface RowWindow {
  getVirtualItems: () => RowWindowItem[];
  getTotalSize: () => number;
  scrollToOffset: (offset: number) => void;
  /** Scrolls as little as needed to show the row. */
  scrollToIndex: (index: number) => void;
}

interface Viewport {
  top: number;
  height: number;
}

/**
 * A windowed list of equal-height rows (only rows in view are rendered), for lists that must paint
 * on the first load: a few lines instead of a general virtualizer (variable heights, measuring,
 * lanes), which pages that need it load on their own. Renders again only when the rows in view change.
 */
export function useRowWindow({ count, rowHeight, overscan, scrollRef, getItemKey }: RowWindowOptions): RowWindow {
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });

  // What is in view, in whole rows: scrolling within a row does not render again.
  const read = (element: HTMLElement) => {
    const top = Math.floor(element.scrollTop / rowHeight) * rowHeight;
    const height = Math.ceil(element.clientHeight / rowHeight) * rowHeight;
    setViewport((previous) => (previous.top === top && previous.height === height ? previous : { top, height }));
  };

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = () => read(element);
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update);
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', update);
      observer?.disconnect();
    };
    // read only depends on rowHeight
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRef, rowHeight]);

  const { start, end } = rowRange(viewport.top, viewport.height + rowHeight, rowHeight, count, overscan);
  const items: RowWindowItem[] = [];
  for (let index = start; index < end; index++) items.push({ index, key: getItemKey(index), start: index * rowHeight, size: rowHeight });

  const scrollTo = (offset: number) => {
    const element = scrollRef.current;
    if (!element) return;
    element.scrollTop = offset;
    // Read now, not on the scroll event: it comes a frame later (and never in jsdom).
    read(element);
  };
  return {
    getVirtualItems: () => items,
    getTotalSize: () => count * rowHeight,
    scrollToOffset: scrollTo,
    scrollToIndex: (index) => {
      const element = scrollRef.current;
      if (element) scrollTo(offsetToShow(index, element.scrollTop, element.clientHeight, rowHeight));
    },
  };
}
