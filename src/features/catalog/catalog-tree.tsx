import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { useRowWindow } from '../../components/ui/use-row-window';
import type { VisibleNode } from '../../registry/namespace-tree';
import { CatalogTreeRow, ROW_HEIGHT } from './catalog-tree-row';
import { siblingPositions } from './tree-rows';

interface CatalogTreeProps {
  rows: VisibleNode[];
  onToggle: (path: string, open: boolean) => void;
  /** Changes when the list is replaced (new filter): scroll back to the top. */
  resetKey: string;
  /** Back to a remembered view: scrolled here once the rows reach that far. */
  initialScrollTop?: number;
  onScrolled?: (scrollTop: number) => void;
}

/**
 * The namespace tree as one virtualized list of rows (only those in view are in the DOM), with
 * the ARIA tree pattern: one tab stop, arrows move and fold, Enter opens a repository.
 */
export function CatalogTree({ rows, onToggle, resetKey, initialScrollTop, onScrolled }: CatalogTreeProps) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedPath, setFocusedPath] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);

  const { posInSet, setSize } = useMemo(() => siblingPositions(rows), [rows]);
  const focusedIndex = useMemo(() => {
    const index = focusedPath === null ? -1 : rows.findIndex((row) => row.node.path === focusedPath);
    return index >= 0 ? index : 0;
  }, [rows, focusedPath]);

  // Rows of one height: a small windowing hook, not the general virtualizer (kept off the first load).
  const virtualizer = useRowWindow({
    count: rows.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.node.path ?? index,
  });

  const virtualItems = virtualizer.getVirtualItems();

  // A fresh tree starts at the top; only a later change of list scrolls back there (compared by
  // value, so React's double effects in development don't undo a restored offset).
  const restoreTo = useRef(initialScrollTop ?? null);
  const lastResetKey = useRef(resetKey);
  useEffect(() => {
    if (lastResetKey.current === resetKey) return;
    lastResetKey.current = resetKey;
    restoreTo.current = null;
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  // The rows may still be arriving (catalog pages): restore once the list is tall enough.
  const totalSize = virtualizer.getTotalSize();
  useEffect(() => {
    const target = restoreTo.current;
    const element = scrollRef.current;
    if (target === null || !element) return;
    if (totalSize < target) return;
    restoreTo.current = null;
    element.scrollTop = target;
    virtualizer.scrollToOffset(target);
  }, [totalSize, virtualizer]);

  // Focus follows the keyboard once the target row has been rendered by the virtualizer.
  useEffect(() => {
    if (pendingFocus === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus}"]`);
    if (element) {
      element.focus({ preventScroll: true });
      setPendingFocus(null);
    }
  }, [pendingFocus, virtualItems]);

  function moveTo(index: number) {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[target];
    if (!row) return;
    setFocusedPath(row.node.path);
    virtualizer.scrollToIndex(target);
    setPendingFocus(target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>, index: number) {
    const row = rows[index];
    if (!row) return;
    const { node, hasChildren, expanded, depth } = row;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        moveTo(index - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (hasChildren && !expanded) onToggle(node.path, true);
        else if (hasChildren) moveTo(index + 1);
        break;
      case 'ArrowLeft':
        if (hasChildren && expanded) onToggle(node.path, false);
        else if (depth > 0) {
          let parent = index - 1;
          while (parent > 0 && (rows[parent]?.depth ?? 0) >= depth) parent--;
          moveTo(parent);
        }
        break;
      case 'Enter':
        // Enter on the (unfocusable) link inside is the link's own business.
        if (event.target !== event.currentTarget) handled = false;
        else if (node.isRepository) void navigate(`/r/${node.path}`);
        else if (hasChildren) onToggle(node.path, !expanded);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  }

  return (
    <div
      ref={scrollRef}
      role="tree"
      aria-label="Repositories"
      // As tall as its rows, up to the window's height: no empty box below a short list.
      style={{ height: `min(${totalSize + 10}px, max(16rem, 100dvh - 15rem))` }}
      className="min-h-16 overflow-auto rounded-panel border border-slate-200 bg-surface py-1"
      onScroll={(event) => onScrolled?.(event.currentTarget.scrollTop)}
    >
      <div role="none" className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualItems.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <CatalogTreeRow
              key={item.key}
              row={row}
              index={item.index}
              posInSet={posInSet[item.index] ?? 1}
              setSize={setSize[item.index] ?? 1}
              focusable={item.index === focusedIndex}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              onToggle={onToggle}
              onFocusRow={(index) => setFocusedPath(rows[index]?.node.path ?? null)}
              onKeyDown={onKeyDown}
            />
          );
        })}
      </div>
    </div>
  );
}
