/** Places the user opened, newest first, so "go to anything" offers them before anything else. */
export interface Place {
  kind: 'repository' | 'manifest';
  name: string;
  /** A tag or digest (manifest pages). */
  reference?: string;
  /** The router path, without the registry's basename. */
  path: string;
}

export const RECENT_LIMIT = 8;
const SEPARATOR = '/-/';

/** The place a path shows: `/r/<name>` or `/r/<name>/-/manifest/<ref>`; other pages are no place. */
export function placeFromPath(pathname: string): Place | null {
  if (!pathname.startsWith('/r/')) return null;
  const rest = decodeURIComponent(pathname.slice(3)).replace(/\/+$/, '');
  const cut = rest.indexOf(SEPARATOR);
  if (cut < 0) return rest === '' ? null : { kind: 'repository', name: rest, path: `/r/${rest}` };
  const name = rest.slice(0, cut);
  const sub = rest.slice(cut + SEPARATOR.length);
  if (!sub.startsWith('manifest/')) return { kind: 'repository', name, path: `/r/${name}` };
  const reference = sub.slice('manifest/'.length);
  if (reference === '') return null;
  return { kind: 'manifest', name, reference, path: pathname };
}

/** `place` first, no duplicates, at most `limit`. */
export function addRecent(places: readonly Place[], place: Place, limit = RECENT_LIMIT): Place[] {
  return [place, ...places.filter((entry) => entry.path !== place.path)].slice(0, limit);
}

function storageKey(registry: string): string {
  return `regatta-recent:${registry}`;
}

function isPlace(value: unknown): value is Place {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (entry.kind === 'repository' || entry.kind === 'manifest') && typeof entry.name === 'string' && typeof entry.path === 'string';
}

export function loadRecent(storage: Pick<Storage, 'getItem'> | undefined, registry: string): Place[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(storageKey(registry)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isPlace).slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

export function saveRecent(storage: Pick<Storage, 'setItem'> | undefined, registry: string, places: readonly Place[]): void {
  try {
    storage?.setItem(storageKey(registry), JSON.stringify(places));
  } catch {
    // Storage full or blocked: recent places are a convenience.
  }
}

export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
