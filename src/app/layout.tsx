import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet } from 'react-router';
import { IndexSearchBox } from './index-search-box';
import { useRegistry } from '../queries/registry-context';
import { DemoNotice } from './demo-notice';
import { RegistrySwitcher } from './registry-switcher';
import { SessionControls } from './session-controls';
import { SignInPanel } from './sign-in-panel';
import { useUntagRecovery } from './use-untag-recovery';

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
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
          <Link to="/" className="text-lg font-bold tracking-tight text-sky-900 hover:text-sky-700">
            Regatta
          </Link>
          <nav aria-label="Main" className="flex gap-3 text-sm">
            <NavLink to="/orphans" className={({ isActive }) => (isActive ? 'font-semibold text-sky-900' : 'text-sky-700 hover:underline')}>
              Orphans
            </NavLink>
            <NavLink to="/cleanup" className={({ isActive }) => (isActive ? 'font-semibold text-sky-900' : 'text-sky-700 hover:underline')}>
              Cleanup
            </NavLink>
            <NavLink to="/audit" className={({ isActive }) => (isActive ? 'font-semibold text-sky-900' : 'text-sky-700 hover:underline')}>
              Audit
            </NavLink>
            <NavLink to="/connect" className={({ isActive }) => (isActive ? 'font-semibold text-sky-900' : 'text-sky-700 hover:underline')}>
              Connect
            </NavLink>
          </nav>
          <div className="flex min-w-0 items-baseline gap-2 text-sm">
            <RegistrySwitcher />
            <span className="truncate font-mono text-xs text-slate-500" title="Login server">
              {registry.loginServer}
            </span>
          </div>
          {registry.demo && (
            <span
              className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300"
              title="In this tab's memory: changes last until you reload"
            >
              Demo registry
            </span>
          )}
          {registry.readOnly && (
            <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300">Read-only</span>
          )}
          {registry.index && <IndexSearchBox />}
          <div className="ml-auto">
            <SessionControls />
          </div>
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-4 px-4 py-4">
        {registry.demo && <DemoNotice />}
        <SignInPanel />
        <Outlet />
      </main>
    </div>
  );
}
