// The app's routing, on wouter (about 2 KB) instead of react-router (36 KB raw, 13 KB gzip of the
// catalog's first load; see README "Stack"). It keeps react-router's shapes so pages read the same:
// Link `to`, NavLink's `isActive`, useSearchParams' [params, setParams], useNavigate(), splat
// params (`useParams()['*']`), route objects rendered by useRoutes with Outlet, a basename, and
// location.key per history entry. Paths are matched and ranked as react-router does.
import { createContext, startTransition, use, useCallback, useLayoutEffect, useMemo, useState, type ComponentProps, type MouseEvent, type ReactNode } from 'react';
import { matchRoute, Router, useRouter } from 'wouter';

/** A route as react-router's RouteObject, without data-router fields (this app uses none). */
export interface RouteObject {
  path?: string;
  index?: boolean;
  element?: ReactNode;
  children?: RouteObject[];
}

export type Params = Readonly<Partial<Record<string, string>>>;

export interface Location {
  /** Without the basename, still percent-encoded (as react-router's). */
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
  /** Unique per history entry ('default' for the first one): what a page remembers its view by. */
  key: string;
}

export interface NavigateOptions {
  replace?: boolean;
  state?: unknown;
}

/** What history.state holds for an entry this app pushed (react-router's own shape). */
interface EntryState {
  usr: unknown;
  key: string;
}

/** The history the location hooks read: the browser's, or a memory one in tests (app/memory-router.tsx). */
export interface HistorySource {
  useEntryState(): unknown;
  go(delta: number): void;
}

/** The browser's current entry, as BrowserRouter last rendered it. */
interface BrowserEntry {
  path: string;
  search: string;
  state: unknown;
}

const readBrowserEntry = (): BrowserEntry => ({ path: window.location.pathname, search: window.location.search, state: window.history.state });
const BrowserEntryContext = createContext<BrowserEntry>({ path: '/', search: '', state: null });
const pushed = new Set<() => void>();

function browserNavigate(to: string, { replace = false, state = null }: NavigateOptions = {}) {
  window.history[replace ? 'replaceState' : 'pushState'](state, '', to);
  pushed.forEach((listener) => listener());
}

/**
 * Calls `listener` on each navigation of the browser's history (a link, navigate(), back or
 * forward), before the router renders it: a page's data can be asked for while its render waits.
 */
export function subscribeToNavigations(listener: () => void): () => void {
  pushed.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    pushed.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

// wouter's location hook contract: [path, navigate] (and the query string), read from BrowserRouter's state.
const useBrowserPath = (): [string, typeof browserNavigate] => [use(BrowserEntryContext).path, browserNavigate];
const useBrowserSearch = () => use(BrowserEntryContext).search;
const useBrowserEntryState = () => use(BrowserEntryContext).state;

const browserHistory: HistorySource = { useEntryState: useBrowserEntryState, go: (delta) => window.history.go(delta) };
export const HistoryContext = createContext<HistorySource>(browserHistory);
const ParamsContext = createContext<Params>({});
const OutletContext = createContext<ReactNode>(null);

const newKey = () => Math.random().toString(36).slice(2, 10);

/** The pathname without the basename (react-router's stripBasename), or null outside it. */
function stripBase(pathname: string, base: string): string | null {
  if (!base || base === '/') return pathname;
  if (!pathname.toLowerCase().startsWith(base.toLowerCase())) return null;
  const next = pathname.charAt(base.length);
  if (next && next !== '/') return null;
  return pathname.slice(base.length) || '/';
}

/** Where `to` (absolute, within the app) lives in the browser: react-router's href for a basename. */
function hrefFor(to: string, base: string): string {
  if (!base || base === '/') return to;
  return /^\/(?:[?#]|$)/.test(to) ? base + to.slice(1) : base + to;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The location, and whether it is inside the basename at all (a router left for another registry's URL is not). */
function useLocationWithin(): [Location, boolean] {
  const router = useRouter();
  const rawPath = router.hook(router)[0];
  const rawSearch = router.searchHook(router).replace(/^\?/, '');
  const entry = use(HistoryContext).useEntryState() as Partial<EntryState> | null;
  const stripped = stripBase(rawPath, router.base);
  const pathname = stripped ?? rawPath;
  const location = useMemo(
    () => ({ pathname, search: rawSearch ? `?${rawSearch}` : '', hash: '', state: entry?.usr ?? null, key: entry?.key ?? 'default' }),
    [pathname, rawSearch, entry],
  );
  return [location, stripped !== null];
}

export function useLocation(): Location {
  return useLocationWithin()[0];
}

export type NavigateFunction = (to: string | number, options?: NavigateOptions) => void;

/** navigate('/r/app'), navigate(path, { replace, state }), navigate(-1). Paths are absolute within the app. */
export function useNavigate(): NavigateFunction {
  const router = useRouter();
  const navigate = router.hook(router)[1];
  const history = use(HistoryContext);
  return useCallback(
    (to, options = {}) => {
      if (typeof to === 'number') history.go(to);
      else navigate(hrefFor(to, router.base), { replace: options.replace, state: { usr: options.state ?? null, key: newKey() } satisfies EntryState });
    },
    [navigate, history, router.base],
  );
}

export type SetSearchParams = (
  next: URLSearchParams | Record<string, string> | string | ((previous: URLSearchParams) => URLSearchParams | Record<string, string> | string),
  options?: NavigateOptions,
) => void;

/** The query string as URLSearchParams, and a setter that navigates to the same path with a new one (as react-router's). */
export function useSearchParams(): [URLSearchParams, SetSearchParams] {
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = useCallback<SetSearchParams>(
    (next, options) => {
      const query = new URLSearchParams(typeof next === 'function' ? next(params) : next).toString();
      navigate(pathname + (query ? `?${query}` : ''), options);
    },
    [navigate, params, pathname],
  );
  return [params, setParams];
}

export function useParams(): Params {
  return use(ParamsContext);
}

/** Where a layout route renders its matched child. */
export function Outlet() {
  return use(OutletContext);
}

export type LinkProps = Omit<ComponentProps<'a'>, 'href'> & { to: string; replace?: boolean; state?: unknown };

/** An <a> that navigates in the app on a plain left click (react-router's rules: not with a modifier, another target or a prevented click). */
export function Link({ to, replace, state, onClick, target, ...props }: LinkProps) {
  const router = useRouter();
  const location = useLocation();
  const navigate = useNavigate();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
    if (target && target !== '_self') return;
    event.preventDefault();
    // A link to where one already is replaces the entry instead of stacking a copy.
    navigate(to, { replace: replace ?? location.pathname + location.search === to, state });
  };
  return <a {...props} target={target} href={hrefFor(to, router.base)} onClick={handleClick} />;
}

export type NavLinkProps = Omit<LinkProps, 'className'> & { className?: (state: { isActive: boolean }) => string; end?: boolean };

/** A Link that knows whether the location is at or under its `to` (react-router's isActive, aria-current="page"). */
export function NavLink({ to, className, end = false, ...props }: NavLinkProps) {
  const pathname = useLocation().pathname.toLowerCase();
  const target = to.toLowerCase();
  const slashAt = target !== '/' && target.endsWith('/') ? target.length - 1 : target.length;
  const isActive = pathname === target || (!end && pathname.startsWith(target) && pathname.charAt(slashAt) === '/');
  return <Link {...props} to={to} aria-current={isActive ? 'page' : undefined} className={className?.({ isActive })} />;
}

interface Branch {
  /** The routes from the outermost layout to the leaf. */
  routes: RouteObject[];
  path: string;
  score: number;
  order: number;
}

/** react-router's computeScore: static segments 10, dynamic 3, empty 1, index +2, splat −2. */
function scoreOf(path: string, index: boolean): number {
  const segments = path.split('/');
  let score = segments.length + (segments.includes('*') ? -2 : 0) + (index ? 2 : 0);
  for (const segment of segments) if (segment !== '*') score += /^:[\w-]+$/.test(segment) ? 3 : segment === '' ? 1 : 10;
  return score;
}

function flatten(routes: RouteObject[], parents: RouteObject[] = [], parentPath = '', branches: Branch[] = []): Branch[] {
  for (const route of routes) {
    const path = [parentPath, route.path ?? ''].join('/').replace(/\/\/+/g, '/');
    const chain = [...parents, route];
    if (route.children?.length) flatten(route.children, chain, path, branches);
    if (route.path !== undefined || route.index) branches.push({ routes: chain, path, score: scoreOf(path, !!route.index), order: branches.length });
  }
  return branches;
}

/** The route path in wouter's pattern syntax: a splat also matches nothing ('/r' as well as '/r/x'). */
const patternOf = (path: string) => (path.startsWith('/') ? path : `/${path}`).replace(/\*$/, '*?');

/** The matched branch's elements, outermost first, each rendering the next through Outlet; null when nothing matches. */
export function useRoutes(routes: RouteObject[]): ReactNode {
  const router = useRouter();
  const [{ pathname }, inside] = useLocationWithin();
  const branches = useMemo(() => flatten(routes).sort((a, b) => b.score - a.score || a.order - b.order), [routes]);
  if (!inside) return null;
  // Matched as react-router does: against the decoded path, a decoded '/' inside a segment kept as %2F.
  const decoded = pathname
    .split('/')
    .map((segment) => safeDecode(segment).replace(/\//g, '%2F'))
    .join('/');
  for (const branch of branches) {
    const [matched, found] = matchRoute(router.parser, patternOf(branch.path), decoded);
    if (!matched) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(found)) if (!/^\d+$/.test(name)) params[name] = (value ?? '').replace(/%2F/g, '/');
    const element = branch.routes.reduceRight<ReactNode>((outlet, route) => <OutletContext value={outlet}>{route.element ?? <Outlet />}</OutletContext>, null);
    return <ParamsContext value={params}>{element}</ParamsContext>;
  }
  return null;
}

/**
 * The browser's history, under `basename` ('' for none). A navigation renders as a transition, as
 * react-router's BrowserRouter does: the page shown stays until a lazy one has loaded, and URL-driven
 * filters re-render at a lower priority than typing.
 */
export function BrowserRouter({ basename = '', children }: { basename?: string; children: ReactNode }) {
  const [entry, setEntry] = useState(readBrowserEntry);
  useLayoutEffect(() => subscribeToNavigations(() => startTransition(() => setEntry(readBrowserEntry()))), []);
  return (
    <BrowserEntryContext value={entry}>
      <Router base={basename} hook={useBrowserPath} searchHook={useBrowserSearch}>
        {children}
      </Router>
    </BrowserEntryContext>
  );
}
