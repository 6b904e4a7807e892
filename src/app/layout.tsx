import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet } from '../components/routing';
import { IndexSearchBox } from './index-search-box';
import { useRegistry } from '../queries/registry-context';
import { useIndexChanges } from '../queries/use-index-changes';
import ClipboardCheck from 'lucide-react/icons/clipboard-check';
import Eraser from 'lucide-react/icons/eraser';
import Ghost from 'lucide-react/icons/ghost';
import Plug from 'lucide-react/icons/plug';
import Server from 'lucide-react/icons/server';
import { Badge } from '../components/ui/badge';
import { CommandCenter } from './command-center';
import { DemoNotice } from './demo-notice';
import { RegistrySwitcher } from './registry-switcher';
import { SessionControls } from './session-controls';
import { SignInPanel } from './sign-in-panel';
import { ThemeToggle } from './theme-toggle';
import { useUntagRecovery } from './use-untag-recovery';

const NAV = [
  { to: '/orphans', label: 'Orphans', Icon: Ghost },
  { to: '/cleanup', label: 'Cleanup', Icon: Eraser },
  { to: '/audit', label: 'Audit', Icon: ClipboardCheck },
  { to: '/connect', label: 'Connect', Icon: Plug },
];

export function Layout() {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  // Every tag HEAD the app makes feeds the digest ledger (orphan detection on plain v2). Loaded
  // after the first paint; the recorder catches up on answers that came before it.
  useEffect(() => {
    let stop: (() => void) | undefined;
    let left = false;
    const since = Date.now();
    void import('../queries/ledger-recorder').then(({ startLedgerRecorder }) => {
      if (!left) stop = startLedgerRecorder(queryClient, { since });
    });
    return () => {
      left = true;
      stop?.();
    };
  }, [queryClient]);
  // A safe untag interrupted by a closed tab is finished here, whatever page opens next.
  useUntagRecovery();
  // With a registry index, pushes and deletes show up without a reload.
  useIndexChanges();
  // The header wraps on narrow windows: sticky panels below it (the repository tree) read its height.
  // Taken from the observer's entry, after layout: reading offsetHeight while React commits forced
  // a layout of the whole first page inside that task (the longest task of a cold tag table). The
  // sticky panels use 3rem until then; the property is set only when the height changed, as
  // setting it restyles the whole document.
  const headerRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const header = headerRef.current;
    if (!header || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    let height: number | undefined;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.round(entry?.borderBoxSize?.[0]?.blockSize ?? header.offsetHeight);
      if (next === height) return;
      height = next;
      root.style.setProperty('--header-h', `${next}px`);
    });
    observer.observe(header);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="flex min-h-dvh flex-col">
      <header ref={headerRef} className="sticky top-0 z-30 border-b border-slate-200 bg-surface">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-1.5">
          <Link to="/" className="flex items-center gap-2 text-base font-bold tracking-tight text-slate-900 hover:text-sky-700">
            <img src="/logo.svg" alt="" width={22} height={22} className="shrink-0" />
            Regatta
          </Link>
          <nav aria-label="Main" className="flex gap-1 text-sm">
            {NAV.map(({ to, label, Icon }) => (
              <NavLink
                key={to}
                to={to}
                className={({ isActive }) =>
                  `flex items-center gap-1.5 rounded-control px-2 py-1 focus-visible:outline-2 ${isActive ? 'bg-slate-100 font-medium text-slate-900' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`
                }
              >
                <Icon aria-hidden="true" className="size-4" />
                {label}
              </NavLink>
            ))}
          </nav>
          <div className="flex min-w-0 items-center gap-2 text-sm">
            <Server aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
            <RegistrySwitcher />
            <span className="truncate font-mono text-xs text-slate-500 max-sm:hidden" title="Login server">
              {registry.loginServer}
            </span>
          </div>
          {registry.demo && (
            <Badge tone="warning" title="In this tab's memory: changes last until you reload">
              Demo registry
            </Badge>
          )}
          {registry.readOnly && <Badge>Read-only</Badge>}
          {registry.index && <IndexSearchBox />}
          <div className="ml-auto flex items-center gap-2">
            <CommandCenter />
            <SessionControls />
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-screen-2xl flex-1 flex-col gap-4 px-4 py-4">
        {registry.demo && <DemoNotice />}
        <SignInPanel />
        <Outlet />
      </main>
    </div>
  );
}
