// Types for scripts/start-config.mjs (plain JavaScript so `npm start` needs node alone).
export declare const REGISTRY_NAME_PATTERN: RegExp;
export declare function registryNameFor(registryUrl: string | URL): string;
export declare function generatedConfig(registryUrl: string | URL, loginServer?: string): { registries: { name: string; url: string; upstream: string; loginServer?: string }[] };
export declare const PROXIED_PREFIXES: readonly string[];
export declare function isProxiedPath(pathname: string): boolean;
export declare function configSource(options: { configFile?: string; registryUrl?: string }): string;
export declare function connectSrcFor(config: unknown): string;
export declare function portalCsp(connectSrc?: string): string;
export declare const PROXIED_CSP: string;
export declare function pickEncoding(acceptEncoding: string | undefined, available: string[]): string | undefined;
export declare function headerSafe(text: string): string;
