/**
 * The registry in the URL. The first (default) registry keeps the plain paths (`/`, `/r/<repo>`),
 * so links from before multi-registry keep working; every other registry lives under the router
 * basename `/@<name>` (`/@<name>/r/<repo>`). Registry names are URL-safe (config validates them)
 * and repository paths never start with '@', so the two cannot be confused.
 */
export const REGISTRY_PATH_MARKER = '@';

export type RegistryLocation =
  | { kind: 'registry'; index: number; /** '' for the default registry's plain paths. */ basename: string }
  | { kind: 'unknown'; name: string };

/** The router basename of the registry at `index`: '' for the first one, `/@<name>` for the others. */
export function registryBasename(names: readonly string[], index: number): string {
  const name = names[index];
  if (index === 0 || name === undefined) return '';
  return `/${REGISTRY_PATH_MARKER}${name}`;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Which registry a pathname belongs to; `/@<name>` naming no configured registry is 'unknown'. */
export function locateRegistry(pathname: string, names: readonly string[]): RegistryLocation {
  const match = /^\/@([^/]*)(?:\/|$)/.exec(pathname);
  if (!match) return { kind: 'registry', index: 0, basename: '' };
  const segment = match[1] ?? '';
  const name = decodeSegment(segment);
  const index = names.indexOf(name);
  if (index < 0) return { kind: 'unknown', name };
  // `/@<default>/…` works too (someone typed it): the router then keeps that basename.
  return { kind: 'registry', index, basename: `/${REGISTRY_PATH_MARKER}${segment}` };
}

/**
 * Where switching registries lands: the same registry-level page (catalog, /connect, /orphans,
 * /cleanup) of the other registry; a repository page becomes the other registry's catalog, since
 * that repository may not exist there. Query strings (filters) belong to the old registry's page.
 */
export function pathForSwitch(pathname: string, fromBasename: string, toBasename: string): string {
  let inner = fromBasename !== '' && pathname.startsWith(fromBasename) ? pathname.slice(fromBasename.length) : pathname;
  if (!inner.startsWith('/')) inner = `/${inner}`;
  if (inner.startsWith('/r/') || inner === '/r') inner = '/';
  return `${toBasename}${inner}`;
}
