/** Paths and commands derived from a repository name (which keeps its slashes: a/b/c). */

/** Separates the repository name from a sub-page in a URL, as in /r/<name>/-/manifest/<ref>. */
const SUBPAGE_SEPARATOR = '/-/';

/** The repository name from the `/r/*` splat: trailing slashes and any `/-/…` sub-page removed. */
export function repositoryNameFromSplat(splat: string | undefined): string {
  let name = splat ?? '';
  const cut = name.indexOf(SUBPAGE_SEPARATOR);
  if (cut >= 0) name = name.slice(0, cut);
  return name.replace(/\/+$/, '');
}

export type RepositoryView =
  | { view: 'tags'; name: string }
  | { view: 'manifest'; name: string; reference: string }
  | { view: 'diff'; name: string; left: string; right: string }
  | { view: 'orphans'; name: string }
  | { view: 'history'; name: string; tag: string }
  | { view: 'unknown'; name: string; subpage: string };

/** Splits the `/r/*` splat into the repository name and the sub-page after `/-/`. */
export function parseRepositorySplat(splat: string | undefined): RepositoryView {
  const raw = splat ?? '';
  const name = repositoryNameFromSplat(raw);
  const cut = raw.indexOf(SUBPAGE_SEPARATOR);
  if (cut < 0) return { view: 'tags', name };
  const subpage = raw.slice(cut + SUBPAGE_SEPARATOR.length).replace(/\/+$/, '');
  const [kind, ...rest] = subpage.split('/');
  const argument = rest.join('/');
  if (kind === 'manifest' && argument) return { view: 'manifest', name, reference: argument };
  if (kind === 'diff' && argument.includes('..')) {
    const [left = '', right = ''] = argument.split('..');
    if (left && right) return { view: 'diff', name, left, right };
  }
  if (kind === 'orphans' && !argument) return { view: 'orphans', name };
  if (kind === 'history' && argument && !argument.includes('/')) return { view: 'history', name, tag: argument };
  return { view: 'unknown', name, subpage };
}

export function repositoryPath(name: string): string {
  return `/r/${name}`;
}

/** The manifest page of a tag or a digest. */
export function manifestPath(name: string, reference: string): string {
  return `/r/${name}${SUBPAGE_SEPARATOR}manifest/${reference}`;
}

/** Compare two images of one repository (tags or digests). */
export function diffPath(name: string, left: string, right: string): string {
  return `/r/${name}${SUBPAGE_SEPARATOR}diff/${left}..${right}`;
}

export function orphansPath(name: string): string {
  return `/r/${name}${SUBPAGE_SEPARATOR}orphans`;
}

/** Every digest a tag has pointed at (from the registry index). */
export function tagHistoryPath(name: string, tag: string): string {
  return `/r/${name}${SUBPAGE_SEPARATOR}history/${tag}`;
}

/** Registry-wide search (from the registry index). */
export function searchPath(query: string): string {
  return `/search?${new URLSearchParams({ q: query }).toString()}`;
}

/** The catalog filtered to a namespace prefix. */
export function catalogSearchPath(query: string): string {
  return `/?${new URLSearchParams({ q: query }).toString()}`;
}

export interface NamespaceCrumb {
  label: string;
  /** Everything up to and including this component, e.g. marketing/campaign10-18. */
  prefix: string;
}

/** marketing/campaign10-18/web → the namespaces marketing, marketing/campaign10-18 (the last component is the page itself). */
export function namespaceCrumbs(name: string): NamespaceCrumb[] {
  const parts = name.split('/');
  return parts.slice(0, -1).map((label, index) => ({ label, prefix: parts.slice(0, index + 1).join('/') }));
}

export function pullByTag(loginServer: string, name: string, tag: string): string {
  return `docker pull ${loginServer}/${name}:${tag}`;
}

/** `digest` already carries its algorithm: sha256:…. */
export function pullByDigest(loginServer: string, name: string, digest: string): string {
  return `docker pull ${loginServer}/${name}@${digest}`;
}

/** The namespace audit: /audit, or /audit/<namespace> (slashes kept). */
export function auditPath(namespace = ''): string {
  return namespace ? `/audit/${namespace}` : '/audit';
}

/** Which repositories and tags use a blob (layer or config). */
export function layerPath(digest: string): string {
  return `/layers/${digest}`;
}
