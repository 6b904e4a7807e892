/**
 * The demo registry is a service worker answering /v2/, and browsers register service workers only
 * in secure contexts (https, localhost, 127.0.0.1). Opened at http://regatta.corp:8080 it cannot
 * run: say so before trying, rather than failing later with "Failed to fetch" on every request.
 */
export class DemoUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DemoUnavailableError';
  }
}

interface DemoHost {
  isSecureContext: boolean;
  location: { host: string; protocol: string };
  navigator: { serviceWorker?: unknown };
}

/** Why the demo cannot start in this window, or undefined when it can. */
export function demoUnavailableReason(host: DemoHost): string | undefined {
  const serviceWorkers = host.navigator.serviceWorker !== undefined;
  if (host.isSecureContext && serviceWorkers) return undefined;
  const where = `${host.location.protocol}//${host.location.host}`;
  if (!host.isSecureContext) {
    return `The built-in demo registry needs https or localhost: it runs in a service worker, which browsers allow only in secure contexts, and ${where} is not one. Open the portal at http://localhost:<port> or over https, or start it with REGISTRY_URL pointing at a real registry.`;
  }
  return `The built-in demo registry runs in a service worker, and this browser does not offer service workers here (private mode or a policy may disable them). Start the portal with REGISTRY_URL pointing at a real registry instead.`;
}

/** Throws DemoUnavailableError when the demo cannot run in this window. */
export function assertDemoCanRun(host: DemoHost): void {
  const reason = demoUnavailableReason(host);
  if (reason) throw new DemoUnavailableError(reason);
}
