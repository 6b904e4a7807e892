// What `npm start` derives from its environment: the generated /config.json, where a configuration
// came from (sent as X-Regatta-Config-Source so the boot error names it), and the CSP's connect-src.
// Plain JavaScript so scripts/start.mjs runs with node alone; tested in start-config.test.ts.
import { URL } from 'node:url';

/** Mirrors REGISTRY_NAME_PATTERN in src/config/app-config.ts (the test checks they agree). */
export const REGISTRY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * A registry name (used in URLs as /@<name>/) for a registry URL: its host with the port joined
 * by '-' ("127.0.0.1-5000", "registry.example.com"), other characters (IPv6 brackets and colons)
 * replaced, at most 63 characters; "registry" if nothing usable is left.
 */
export function registryNameFor(registryUrl) {
  const url = new URL(registryUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const raw = url.port ? `${host}-${url.port}` : host;
  const name = raw
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return REGISTRY_NAME_PATTERN.test(name) ? name : 'registry';
}

/**
 * The config `npm start` serves for REGISTRY_URL: one registry on this origin (proxied), naming
 * the proxy's upstream so the app may fetch a token realm on the upstream's own origin (an Azure
 * Container Registry's https://<name>.azurecr.io/oauth2/token) through the same-origin proxy.
 * With INDEX_URL, its regatta-index, proxied at /index/v1/.
 */
export function generatedConfig(registryUrl, loginServer, indexUrl) {
  const registry = { name: registryNameFor(registryUrl), url: '', upstream: new URL(registryUrl).origin };
  if (loginServer) registry.loginServer = loginServer;
  if (indexUrl) registry.index = '';
  return { registries: [registry] };
}

/** Names the place a user fixes the configuration in, for the X-Regatta-Config-Source header. */
export function configSource({ configFile, registryUrl }) {
  if (configFile) return `the CONFIG_FILE ${configFile}`;
  if (registryUrl) return `the REGISTRY_URL environment variable (${registryUrl})`;
  return 'the demo configuration of npm start';
}

/** A header value from any text: characters outside printable ASCII are percent-encoded (a path may hold them). */
export function headerSafe(text) {
  return String(text).replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

function originOf(value) {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * CSP connect-src for a config: 'self' plus the origin of every registry with an absolute URL and
 * of every trusted token realm, and the Entra ID authority of an `entra` block (MSAL reads its
 * discovery document and redeems the code there). Anything not an http(s) URL adds nothing.
 */
export function connectSrcFor(config) {
  const origins = new Set();
  const registries = Array.isArray(config?.registries) ? config.registries : [];
  for (const registry of registries) {
    const origin = originOf(registry?.url);
    if (origin) origins.add(origin);
    const indexOrigin = originOf(registry?.index);
    if (indexOrigin) origins.add(indexOrigin);
    for (const realm of Array.isArray(registry?.tokenRealms) ? registry.tokenRealms : []) {
      const realmOrigin = originOf(realm);
      if (realmOrigin) origins.add(realmOrigin);
    }
    if (registry?.entra && typeof registry.entra === 'object') {
      const authority = typeof registry.entra.authority === 'string' ? registry.entra.authority : 'https://login.microsoftonline.com/';
      const authorityOrigin = originOf(authority);
      if (authorityOrigin) origins.add(authorityOrigin);
    }
  }
  return ["'self'", ...origins].join(' ');
}

/** The portal's Content-Security-Policy, as deploy/nginx.conf writes it, with `connectSrc`. */
export function portalCsp(connectSrc = "'self'") {
  return `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connectSrc}; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'`;
}

/**
 * Paths `npm start` (like deploy/nginx.conf) forwards to the registry: the v2 API, and an Azure
 * Container Registry's metadata API and token service (exchange, token).
 */
export const PROXIED_PREFIXES = ['/v2/', '/acr/v1/', '/oauth2/'];

/** Whether a request path goes to the registry (`/v2` without its slash too, as distribution answers it). */
export function isProxiedPath(pathname) {
  return pathname === '/v2' || PROXIED_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/** For registry answers served on the portal's origin: an HTML error page there runs nothing. */
export const PROXIED_CSP = "default-src 'none'; sandbox";

/**
 * The encoding to serve from `available` (e.g. ['br', 'gzip']) for an Accept-Encoding header, in
 * the order given; q=0 refuses one, `*` accepts any not named.
 */
export function pickEncoding(acceptEncoding, available) {
  if (!acceptEncoding) return undefined;
  const q = new Map();
  for (const part of String(acceptEncoding).split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(token.trim(), Number.isNaN(value) ? 0 : value);
  }
  return available.find((encoding) => (q.has(encoding) ? q.get(encoding) > 0 : (q.get('*') ?? 0) > 0));
}
