// Routing without a browser, for component tests: a history of entries in memory that the app's
// routing (routing.tsx) reads through wouter's location hook, with navigate(-1) like the browser's.
import { useSyncExternalStore } from 'react';
import { Router } from 'wouter';
import { HistoryContext, useRoutes, type HistorySource, type RouteObject } from '../components/routing';

interface Entry {
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
}

export interface MemoryRouter {
  routes: RouteObject[];
  /** Like the browser's: an app path, or a step back/forward through the entries. */
  navigate(to: string | number, options?: { replace?: boolean; state?: unknown }): void;
  /** The current entry, and how it was reached (react-router's historyAction). */
  readonly state: { location: { pathname: string; search: string; hash: string }; historyAction: 'POP' | 'PUSH' | 'REPLACE' };
  hook: (() => [string, (to: string, options?: { replace?: boolean; state?: unknown }) => void]) & { searchHook: () => string };
  history: HistorySource;
}

function entryFor(path: string, state: unknown): Entry {
  const [, pathname = '/', search = '', hash = ''] = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(path) ?? [];
  return { pathname: pathname || '/', search: search === '?' ? '' : search, hash, state };
}

/** A router over `routes` whose history starts at the last of `initialEntries` (react-router's createMemoryRouter). */
export function createMemoryRouter(routes: RouteObject[], { initialEntries = ['/'] }: { initialEntries?: string[] } = {}): MemoryRouter {
  const entries = initialEntries.map((path) => entryFor(path, null));
  let index = entries.length - 1;
  let pushed = 0;
  let historyAction: MemoryRouter['state']['historyAction'] = 'POP';
  let listeners: (() => void)[] = [];
  const subscribe = (listener: () => void) => {
    listeners = [...listeners, listener];
    return () => {
      listeners = listeners.filter((l) => l !== listener);
    };
  };
  const current = () => entries[index] as Entry;
  const changed = () => listeners.forEach((listener) => listener());
  const push = (to: string, { replace = false, state = null }: { replace?: boolean; state?: unknown } = {}) => {
    historyAction = replace ? 'REPLACE' : 'PUSH';
    if (replace) entries[index] = entryFor(to, state);
    else {
      entries.splice(index + 1, entries.length, entryFor(to, state));
      index = entries.length - 1;
    }
    changed();
  };
  const go = (delta: number) => {
    index = Math.min(entries.length - 1, Math.max(0, index + delta));
    historyAction = 'POP';
    changed();
  };
  const useMemoryPath = () => [useSyncExternalStore(subscribe, () => current().pathname), push] as [string, typeof push];
  const useMemorySearch = () => useSyncExternalStore(subscribe, () => current().search);
  const useMemoryEntryState = () => useSyncExternalStore(subscribe, () => current().state);
  const hook = Object.assign(useMemoryPath, { searchHook: useMemorySearch });
  return {
    routes,
    hook,
    history: { useEntryState: useMemoryEntryState, go },
    // Each entry its own key, as the browser's (routing.tsx's navigate).
    navigate: (to, options = {}) => (typeof to === 'number' ? go(to) : push(to, { replace: options.replace, state: { usr: options.state ?? null, key: `entry-${++pushed}` } })),
    get state() {
      const { pathname, search, hash } = current();
      return { location: { pathname, search, hash }, historyAction };
    },
  };
}

function MemoryRoutes({ routes }: { routes: RouteObject[] }) {
  return useRoutes(routes);
}

export function RouterProvider({ router }: { router: MemoryRouter }) {
  return (
    <Router hook={router.hook} searchHook={router.hook.searchHook}>
      <HistoryContext value={router.history}>
        <MemoryRoutes routes={router.routes} />
      </HistoryContext>
    </Router>
  );
}
