import { lazy, Suspense, useEffect, useState } from 'react';
import Search from 'lucide-react/icons/search';
import { useRecordRecentPlaces } from '../features/goto/use-record-recent';
import { isTypingTarget, nextRow } from './keyboard';

// cmdk and the dialogs (Radix) load on first use: not part of the initial bundle.
const ShortcutsDialog = lazy(() => import('./shortcuts-dialog').then((module) => ({ default: module.ShortcutsDialog })));
const GotoDialog = lazy(() => import('../features/goto/goto-dialog').then((module) => ({ default: module.GotoDialog })));

function rowsOnPage(): HTMLElement[] {
  const main = document.querySelector('main');
  if (!main) return [];
  return [...main.querySelectorAll<HTMLElement>('[data-row-link], [role="treeitem"]')];
}

/** The header's "Go to" button, the Ctrl/⌘-K palette and the single-key shortcuts. */
export function CommandCenter() {
  const [goto, setGoto] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [help, setHelp] = useState(false);
  useRecordRecentPlaces();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setLoaded(true);
        setGoto((open) => !open);
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isTypingTarget(event.target)) return;
      // Another dialog is open: its keys are its own.
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      if (event.key === '/') {
        const filter = document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (filter) {
          event.preventDefault();
          filter.focus();
          filter.select();
        }
      } else if (event.key === 'j' || event.key === 'k') {
        const target = nextRow(rowsOnPage(), document.activeElement, event.key === 'j' ? 1 : -1);
        if (target) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: 'nearest' });
        }
      } else if (event.key === '?') {
        event.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setLoaded(true);
          setGoto(true);
        }}
        aria-keyshortcuts="Control+K Meta+K"
        className="flex h-7 items-center gap-2 rounded-control border border-slate-300 bg-surface px-2 text-xs text-slate-600 hover:bg-slate-100 focus-visible:outline-2"
      >
        <Search aria-hidden="true" className="size-3.5" />
        <span className="max-sm:sr-only">Go to…</span>
        <kbd className="rounded border border-slate-300 px-1 font-sans text-2xs text-slate-600 max-sm:hidden">Ctrl K</kbd>
      </button>
      {loaded && (
        <Suspense fallback={null}>
          <GotoDialog open={goto} onOpenChange={setGoto} />
        </Suspense>
      )}
      {help && (
        <Suspense fallback={null}>
          <ShortcutsDialog open={help} onOpenChange={setHelp} />
        </Suspense>
      )}
    </>
  );
}
