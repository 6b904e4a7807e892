/** The repository sidebar's width and open state, remembered in localStorage across visits. */
export const SIDEBAR_OPEN_KEY = 'regatta-sidebar-open';
export const SIDEBAR_WIDTH_KEY = 'regatta-sidebar-width';
export const SIDEBAR_MIN_WIDTH = 192;
export const SIDEBAR_MAX_WIDTH = 560;
export const SIDEBAR_DEFAULT_WIDTH = 288;

type Reader = Pick<Storage, 'getItem'> | undefined;
type Writer = Pick<Storage, 'setItem'> | undefined;

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

export function readSidebarOpen(storage: Reader): boolean {
  return safely(() => storage?.getItem(SIDEBAR_OPEN_KEY) !== 'false', true);
}

/** A stored width outside the limits (a smaller screen, an edited value) is brought back inside. */
export function readSidebarWidth(storage: Reader): number {
  const stored = Number(safely(() => storage?.getItem(SIDEBAR_WIDTH_KEY), null) ?? Number.NaN);
  if (!Number.isFinite(stored)) return SIDEBAR_DEFAULT_WIDTH;
  return Math.round(Math.min(SIDEBAR_MAX_WIDTH, Math.max(SIDEBAR_MIN_WIDTH, stored)));
}

export function writeSidebarOpen(storage: Writer, open: boolean): void {
  safely(() => storage?.setItem(SIDEBAR_OPEN_KEY, String(open)), undefined);
}

export function writeSidebarWidth(storage: Writer, width: number): void {
  safely(() => storage?.setItem(SIDEBAR_WIDTH_KEY, String(width)), undefined);
}
