import { z } from 'zod/mini';
import { SOURCE_CLIENT_PATTERN } from './source-client';
import { ConfigError, DEFAULT_CONFIG_SOURCE } from './load-config';

/**
 * Registry names appear in URLs (`/@<name>/r/…` for every registry but the first), so they are
 * URL-safe words: letters, digits, '.', '_' and '-', starting with a letter or digit.
 */
export const REGISTRY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function compilesAsRegex(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Team naming rules checked by the audit (besides the registry grammar): repositories must live
 * under one of the namespaces, and match the patterns (whole-name JavaScript regexes).
 */
export const namingRulesSchema = z.object({
  requiredNamespacePrefix: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9._/-]+$/, 'must be a namespace such as "marketing" or "team/app"')))),
  tagPattern: z.optional(z.string().check(z.refine(compilesAsRegex, 'must be a valid regular expression'))),
  repositoryPattern: z.optional(z.string().check(z.refine(compilesAsRegex, 'must be a valid regular expression'))),
});

/** The scope of an Entra ID access token for Azure Container Registry (its data plane). */
export const ACR_ENTRA_SCOPE = 'https://containerregistry.azure.net/.default';

/**
 * Microsoft Entra ID sign-in for an Azure Container Registry (README "Sign in with Entra ID"): the
 * SPA app registration's client id, the tenant, and optionally another authority (a sovereign cloud,
 * or any OpenID Connect provider standing in for Entra ID) and other scopes.
 */
export const entraConfigSchema = z.object({
  clientId: z.string().check(z.minLength(1, 'must be the application (client) id of the app registration, e.g. 11111111-2222-3333-4444-555555555555')),
  tenantId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be the directory (tenant) id or a domain such as contoso.onmicrosoft.com')),
  /** Defaults to https://login.microsoftonline.com/<tenantId>. Any other host is spoken to as a plain OpenID Connect provider. */
  authority: z.optional(
    z.string().check(z.refine((value) => isHttpUrl(value) && new URL(value).protocol === 'https:' && new URL(value).search === '' && new URL(value).hash === '', 'must be an https URL without query, e.g. https://login.microsoftonline.com/<tenantId>')),
  ),
  /** Defaults to ACR's data-plane scope, https://containerregistry.azure.net/.default. */
  scopes: z.optional(z.array(z.string().check(z.minLength(1, 'must not be empty'))).check(z.minLength(1, 'needs at least one scope (or leave "scopes" out)'))),
});

export type EntraConfig = z.infer<typeof entraConfigSchema>;

/** The authority an Entra config signs in at: its own, else the tenant's on the public cloud. */
export function entraAuthorityOf(entra: EntraConfig): string {
  return (entra.authority ?? `https://login.microsoftonline.com/${entra.tenantId}`).replace(/\/+$/, '');
}

export const registryConfigSchema = z.object({
  name: z.string().check(
    z.minLength(1, 'must not be empty'),
    z.regex(REGISTRY_NAME_PATTERN, 'must be URL-safe: letters, digits, ".", "_" and "-", starting with a letter or digit, at most 63 characters'),
  ),
  /**
   * Base URL of the registry without /v2: '' is the page's own origin (the proxied deploy), a path
   * such as '/registries/b' a registry proxied under that prefix on this origin, else an http(s) URL.
   */
  url: z.string().check(
    z.refine(
      (value) => value === '' || /^(?:\/[A-Za-z0-9._~-]+)+$/.test(value) || (/^https?:\/\//.test(value) && isHttpUrl(value)),
      'must be "" (same origin), a path on this origin such as "/registries/b", or an http(s) URL',
    ),
  ),
  loginServer: z.optional(z.string().check(z.minLength(1))),
  /**
   * What the same-origin proxy forwards `url` to (`npm start` sets it from REGISTRY_URL), e.g.
   * https://myregistry.azurecr.io. A Bearer realm on this origin (ACR's /oauth2/token) is then
   * requested through the proxy at the same path under `url`: no credentials leave this origin.
   * Only meaningful for a registry on this origin (url '' or a path).
   */
  upstream: z.optional(z.string().check(z.refine((value) => isHttpUrl(value) && new URL(value).pathname === '/' && new URL(value).search === '', 'must be an http(s) origin without a path, e.g. https://myregistry.azurecr.io'))),
  catalogPageSize: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
  readOnly: z.optional(z.boolean()),
  /**
   * Token services (Bearer realms) trusted besides the registry's own origin. Regatta sends
   * credentials to no other realm. An origin alone allows any path on it.
   */
  tokenRealms: z.optional(z.array(z.string().check(z.refine(isHttpUrl, 'must be an absolute http(s) URL, e.g. https://auth.example/token')))),
  /** Naming rules for this registry's audit (instead of the global `namingRules`). */
  namingRules: z.optional(namingRulesSchema),
  /**
   * regatta-index (index/README.md) for this registry: '' when it is proxied on this origin at
   * /index/v1/, or its http(s) URL. Listings, orphans, tag history and search then read from it,
   * and fall back to the v2 API whenever it does not answer.
   */
  index: z.optional(
    z.string().check(z.refine((value) => value === '' || (/^https?:\/\//.test(value) && isHttpUrl(value)), 'must be "" (proxied on this origin at /index/v1/) or an http(s) URL')),
  ),
  /** Longest wait for one registry request in milliseconds (default 30,000); past it the request fails with a Retry. */
  requestTimeoutMs: z.optional(z.int().check(z.minimum(100, 'must be at least 100 ms'), z.maximum(600_000, 'must be at most 600,000 ms (10 minutes)'))),
  /** Microsoft Entra ID sign-in (Azure Container Registry), besides username and password. */
  entra: z.optional(entraConfigSchema),
});

export const appConfigSchema = z.object({
  registries: z.array(registryConfigSchema).check(
    z.minLength(1, 'needs at least one registry'),
    z.superRefine((registries, ctx) => {
      registries.forEach((registry, index) => {
        if (registries.findIndex((other) => other.name === registry.name) !== index) {
          ctx.addIssue({ code: 'custom', message: `"${registry.name}" is used by another registry: names must be unique`, path: [index, 'name'], input: registry.name });
        }
      });
    }),
  ),
  sourceClient: z.optional(z.string().check(z.regex(SOURCE_CLIENT_PATTERN, 'must look like <cloud>/<service>[/<optionalservicename>] in lowercase, e.g. azure/aks'))),
  /** Serve the built-in in-browser demo registry instead of a real one. */
  demo: z.optional(z.boolean()),
  /** Naming rules for every registry's audit (a registry's own `namingRules` wins). */
  namingRules: z.optional(namingRulesSchema),
});

export type RegistryConfig = z.infer<typeof registryConfigSchema>;
export type AppConfig = z.infer<typeof appConfigSchema>;

// What the first page needs of the configuration, without the schemas above (zod): see load-config.ts.
export { CONFIG_SOURCE_HEADER, ConfigError, DEFAULT_CONFIG_SOURCE, defaultAppConfig, loadAppConfig, loginServerOf, registryBaseUrl } from './load-config';

/** Validates a parsed config.json; the message names each wrong field by its path, and the source. */
export function parseAppConfig(raw: unknown, source: string = DEFAULT_CONFIG_SOURCE): AppConfig {
  const result = appConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`${source}: the configuration is invalid — ${problems.join('; ')}`, source);
}
