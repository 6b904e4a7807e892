/**
 * Demo mode: the app loads this module with a dynamic `import()` only when asked for the demo, so
 * msw and the seeded content never ship in the normal bundle's entry chunk.
 */
import { setupWorker } from 'msw/browser';
import { FakeRegistry } from './fake-registry';
import { seedDemoRegistry } from './demo-seed';
import { registryHandlers } from './registry-handlers';

/** Seeds an in-memory registry and serves it on this origin's /v2/ through the mock service worker. */
export async function startDemoRegistry(): Promise<void> {
  const fake = new FakeRegistry();
  await seedDemoRegistry(fake);
  const worker = setupWorker(...registryHandlers(fake, { latencyMs: 80 }));
  await worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url: '/mockServiceWorker.js' } });
}
