import { useEffect, useState } from 'react';
import PanelLeft from 'lucide-react/icons/panel-left';
import X from 'lucide-react/icons/x';
import { ResizeSeparator } from '../components/ui/resize-separator';
import { CatalogSidebar } from '../features/catalog/catalog-sidebar';
import {
  readSidebarOpen,
  readSidebarWidth,
  SIDEBAR_MAX_WIDTH,
  SIDEBAR_MIN_WIDTH,
  writeSidebarOpen,
  writeSidebarWidth,
} from './sidebar-preferences';

const NARROW = '(max-width: 639px)';
const PANEL_ID = 'repository-tree-panel';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia?.(NARROW).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(NARROW);
    if (!media) return;
    const update = () => setNarrow(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return narrow;
}

/**
 * The namespace tree beside a repository's pages: sticky under the header so it stays in view,
 * collapsible and resizable (both remembered). Below 640 px it is hidden behind the same toggle and
 * opens over the page.
 */
export function RepositorySidebar({ currentPath }: { currentPath: string }) {
  const narrow = useNarrow();
  const [open, setOpen] = useState(() => readSidebarOpen(storage()));
  // Open over the page for one repository: choosing another in it closes it (the page is what the user wants now).
  const [openNarrowFor, setOpenNarrowFor] = useState<string | null>(null);
  const openNarrow = openNarrowFor === currentPath;
  const [width, setWidth] = useState(() => readSidebarWidth(storage()));
  const shown = narrow ? openNarrow : open;

  const toggle = () => {
    if (narrow) {
      setOpenNarrowFor(openNarrow ? null : currentPath);
      return;
    }
    writeSidebarOpen(storage(), !open);
    setOpen(!open);
  };
  const resize = (next: number) => {
    setWidth(next);
    writeSidebarWidth(storage(), next);
  };

  const toggleButton = (
    <button
      type="button"
      aria-expanded={shown}
      aria-controls={shown ? PANEL_ID : undefined}
      onClick={toggle}
      title={shown ? 'Hide the repository tree' : 'Show the repository tree'}
      className="flex items-center gap-1.5 rounded-control px-1.5 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-focus"
    >
      <PanelLeft aria-hidden="true" className="size-4" />
      <span className={shown ? '' : 'sr-only'}>Repository tree</span>
    </button>
  );

  if (!shown) {
    return <div className="sticky top-[calc(var(--header-h,3rem)+0.5rem)] mr-2 self-start">{toggleButton}</div>;
  }

  if (narrow) {
    return (
      <>
        <div className="sticky top-[calc(var(--header-h,3rem)+0.5rem)] mr-2 self-start">{toggleButton}</div>
        <aside id={PANEL_ID} aria-label="Repository tree" className="fixed inset-y-0 left-0 z-40 flex w-[85vw] max-w-sm flex-col gap-2 border-r border-slate-200 bg-surface py-2 shadow-xl">
          <div className="flex items-center justify-between px-2">
            <span className="text-sm font-medium">Repositories</span>
            <button type="button" onClick={() => setOpenNarrowFor(null)} aria-label="Close the repository tree" className="rounded-control p-1 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-focus">
              <X aria-hidden="true" className="size-4" />
            </button>
          </div>
          <CatalogSidebar currentPath={currentPath} />
        </aside>
      </>
    );
  }

  return (
    <div className="sticky top-[calc(var(--header-h,3rem)+0.5rem)] mr-3 flex h-[calc(100dvh-var(--header-h,3rem)-1.5rem)] shrink-0 self-start">
      <aside id={PANEL_ID} aria-label="Repository tree" style={{ width }} className="flex min-w-0 flex-col gap-2 rounded-panel border border-slate-200 bg-surface py-2">
        <div className="px-1">{toggleButton}</div>
        <CatalogSidebar currentPath={currentPath} />
      </aside>
      <ResizeSeparator value={width} min={SIDEBAR_MIN_WIDTH} max={SIDEBAR_MAX_WIDTH} onChange={resize} label="Resize the repository tree" />
    </div>
  );
}
