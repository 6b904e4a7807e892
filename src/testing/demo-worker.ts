/**
 * Demo mode: the app loads this module with a dynamic `import()` only when asked for the demo, so
 * msw and the seeded content never ship in the normal bundle's entry chunk.
 */
import { setupWorker } from 'msw/browser';
import { createDemoRegistry } from './demo-registry';

/**
 * Seeds an in-memory registry and serves it on this origin's /v2/ and /acr/v1/ through the mock
 * service worker. Its login server is this page's host (what the pages show), not an azurecr.io
 * name: Regatta finds the metadata API by asking /acr/v1/_catalog, as for an ACR behind a proxy.
 */
export async function startDemoRegistry(): Promise<void> {
  const demo = await createDemoRegistry({ baseUrl: location.origin, loginServer: location.host, latencyMs: 80 });
  const worker = setupWorker(...demo.handlers);
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } });
}
