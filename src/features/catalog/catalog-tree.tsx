import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useNavigate } from '../../components/routing';
import { useRowWindow } from '../../components/ui/use-row-window';
import type { NodeFigures, VisibleNode } from '../../registry/namespace-tree';
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
  /** Each node's figures by path (aggregateFigures). */
  figures?: ReadonlyMap<string, NodeFigures>;
  /** The sidebar: fills its panel, one figure per row. The page: as tall as its rows, down to the window's bottom. */
  variant?: 'page' | 'panel';
  /** The repository the page shows: highlighted, and scrolled into view when it changes. */
  currentPath?: string;
}

/** Room left below the element's top down to the window's bottom (less the page's bottom padding). */
function useRoomBelow(ref: RefObject<HTMLElement | null>, enabled: boolean): number | undefined {
  const [room, setRoom] = useState<number>();
  useLayoutEffect(() => {
    const element = ref.current;
    if (!enabled || !element) return;
    const measure = () => setRoom(Math.max(256, Math.floor(window.innerHeight - (element.getBoundingClientRect().top + window.scrollY) - 16)));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [ref, enabled]);
  return room;
}

/**
 * The namespace tree as one virtualized list of rows (only those in view are in the DOM), with
 * the ARIA tree pattern: one tab stop, arrows move and fold, Enter opens a repository.
 */
export function CatalogTree({ rows, onToggle, resetKey, initialScrollTop, onScrolled, figures, variant = 'page', currentPath }: CatalogTreeProps) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedPath, setFocusedPath] = useState<string | null>(null);
  const [pendingFocus, setPendingFocus] = useState<number | null>(null);

  const { posInSet, setSize } = useMemo(() => siblingPositions(rows), [rows]);
  const focusedIndex = useMemo(() => {
    const wanted = focusedPath ?? currentPath;
    const index = wanted === undefined ? -1 : rows.findIndex((row) => row.node.path === wanted);
    return index >= 0 ? index : 0;
  }, [rows, focusedPath, currentPath]);

  // Rows of one height: a small windowing hook, not the general virtualizer (kept off the first load).
  const virtualizer = useRowWindow({
    count: rows.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.node.path ?? index,
  });

  const virtualItems = virtualizer.getVirtualItems();
  const roomBelow = useRoomBelow(scrollRef, variant === 'page');

  // A new current repository (or the rows reaching it while the catalog loads): bring it into view once.
  const currentIndex = useMemo(() => (currentPath === undefined ? -1 : rows.findIndex((row) => row.node.path === currentPath)), [rows, currentPath]);
  const shownCurrent = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (currentIndex < 0 || shownCurrent.current === currentPath) return;
    shownCurrent.current = currentPath;
    virtualizer.scrollToIndex(currentIndex);
  }, [currentIndex, currentPath, virtualizer]);

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
      // The page: as tall as its rows, down to the window's bottom (no empty box below a short list).
      style={variant === 'page' ? { height: roomBelow === undefined ? `min(${totalSize + 10}px, max(16rem, 100dvh - 15rem))` : Math.min(totalSize + 10, roomBelow) } : undefined}
      className={`min-h-16 overflow-auto bg-surface py-1 ${variant === 'page' ? 'rounded-panel border border-slate-200' : 'min-h-0 flex-1'}`}
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
              figures={figures?.get(row.node.path)}
              compact={variant === 'panel'}
              current={currentPath !== undefined && row.node.path === currentPath}
            />
          );
        })}
      </div>
    </div>
  );
}
