/**
 * Reading config.json at startup, without its schemas: app-config.ts (zod) is loaded in parallel
 * with the request, so the first page's entry script carries neither.
 */
import type { AppConfig, RegistryConfig } from './app-config';

export const defaultAppConfig: AppConfig = { registries: [{ name: 'default', url: '' }] };

/** Header `npm start` sends with /config.json: where the configuration really came from. */
export const CONFIG_SOURCE_HEADER = 'X-Regatta-Config-Source';
/** What the configuration is called when nobody said otherwise: the file served next to index.html. */
export const DEFAULT_CONFIG_SOURCE = '/config.json';

export class ConfigError extends Error {
  /** Where to fix it: "/config.json", "the REGISTRY_URL environment variable (…)", "CONFIG_FILE …". */
  readonly source: string;
  constructor(message: string, source: string = DEFAULT_CONFIG_SOURCE) {
    super(message);
    this.source = source;
  }
}

/**
 * The /config.json request public/config-prefetch.js started before the app's scripts ran, taken
 * once: a later read asks again.
 */
export function takeStartedConfigRequest(): Promise<Response> | undefined {
  const page = globalThis as { __regattaConfigRequest?: Promise<Response> };
  const started = page.__regattaConfigRequest;
  delete page.__regattaConfigRequest;
  return started;
}

/**
 * Reads /config.json at startup (the answer to `started` when the page asked already). A 404 means
 * the default (one registry at this origin): the nginx deploy answers 404 when no config.json was
 * put next to index.html.
 */
export async function loadAppConfig(fetchImpl: typeof fetch = fetch, started: Promise<Response> | undefined = takeStartedConfigRequest()): Promise<AppConfig> {
  // The schemas load while /config.json is on its way (unused when it is 404: a few KB for no wait).
  const schemas = import('./app-config');
  schemas.catch(() => undefined);
  const response = await (started ?? fetchImpl('/config.json', { cache: 'no-store' }));
  if (response.status === 404) return defaultAppConfig;
  const source = response.headers.get(CONFIG_SOURCE_HEADER)?.trim() || DEFAULT_CONFIG_SOURCE;
  if (!response.ok) throw new ConfigError(`${source} could not be loaded: HTTP ${response.status}`, source);
  const text = await response.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text) ? ' (an HTML page came back: does the server answer a missing /config.json with index.html instead of 404?)' : '';
    throw new ConfigError(`${source} is not valid JSON${html}`, source);
  }
  const { parseAppConfig } = await schemas;
  return parseAppConfig(raw, source);
}

/** The host users pull from: config.loginServer, else the registry URL's host, else this page's host. */
export function loginServerOf(registry: RegistryConfig, pageHost: string): string {
  if (registry.loginServer) return registry.loginServer;
  if (registry.url && !registry.url.startsWith('/')) return new URL(registry.url).host;
  return pageHost;
}

/** The absolute base URL of a registry: '' → this origin, '/prefix' → this origin + prefix. */
export function registryBaseUrl(url: string, pageOrigin: string): string {
  if (url === '') return pageOrigin;
  if (url.startsWith('/')) return `${pageOrigin}${url}`;
  return url.replace(/\/+$/, '');
}
