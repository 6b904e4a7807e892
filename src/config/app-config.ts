import { z } from 'zod';

const sourceClientPattern = /^[a-z0-9-]+\/[a-z0-9-]+(\/[a-z0-9-]+)?$/i;

export const registryConfigSchema = z.object({
  name: z.string().min(1, 'must not be empty'),
  /** Base URL of the registry without /v2; '' means the page's own origin (the proxied deploy). */
  url: z.string().refine((value) => value === '' || /^https?:\/\//.test(value), 'must be "" (same origin) or an http(s) URL'),
  loginServer: z.string().min(1).optional(),
  catalogPageSize: z.number().int().min(1).max(1000).optional(),
  readOnly: z.boolean().optional(),
});

export const appConfigSchema = z.object({
  registries: z.array(registryConfigSchema).min(1, 'needs at least one registry'),
  sourceClient: z
    .string()
    .regex(sourceClientPattern, 'must look like <cloud>/<service>[/<optionalservicename>], e.g. azure/aks')
    .optional(),
  /** Serve the built-in in-browser demo registry instead of a real one. */
  demo: z.boolean().optional(),
});

export type RegistryConfig = z.infer<typeof registryConfigSchema>;
export type AppConfig = z.infer<typeof appConfigSchema>;

export const defaultAppConfig: AppConfig = { registries: [{ name: 'default', url: '' }] };

export class ConfigError extends Error {}

/** Validates a parsed config.json; the message names each wrong field by its path. */
export function parseAppConfig(raw: unknown): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`config.json is invalid — ${problems.join('; ')}`);
}

/** Reads /config.json at startup; a missing file means the default (one registry at this origin). */
export async function loadAppConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchImpl('/config.json', { cache: 'no-store' });
  if (response.status === 404) return defaultAppConfig;
  if (!response.ok) throw new ConfigError(`config.json could not be loaded: HTTP ${response.status}`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError('config.json is not valid JSON');
  }
  return parseAppConfig(raw);
}

/** The host users pull from: config.loginServer, else the registry URL's host, else this page's host. */
export function loginServerOf(registry: RegistryConfig, pageHost: string): string {
  if (registry.loginServer) return registry.loginServer;
  if (registry.url) return new URL(registry.url).host;
  return pageHost;
}
