/**
 * The demo registry as the browser sees it: an Azure Container Registry without a subscription.
 * The v2 fake behind ACR's metadata API (`/acr/v1/…`, the same AcrMetadata and handlers the unit
 * tests use), seeded with the demo content, its push times and its locks. Shared by the demo's
 * service worker and the component tests that open the demo's pages.
 */
import type { HttpHandler } from 'msw';
import { AcrMetadata, acrHandlers } from './acr-fake';
import { FakeRegistry } from './fake-registry';
import { seedDemoRegistry, type DemoSeedRecord } from './demo-seed';
import { registryHandlers } from './registry-handlers';

export interface DemoRegistryOptions {
  /** Where the registry answers: the page's origin in the demo. */
  baseUrl: string;
  /** The `registry` field of ACR's answers: the login server the pages show (the page's host in the demo). */
  loginServer: string;
  /** Delay of each v2 answer, so progress and loading states can be seen. */
  latencyMs?: number;
}

export interface DemoRegistry {
  fake: FakeRegistry;
  acr: AcrMetadata;
  record: DemoSeedRecord;
  /** ACR's handlers first (they add the locks to v2 deletes), then the v2 API. */
  handlers: HttpHandler[];
}

export async function createDemoRegistry(options: DemoRegistryOptions): Promise<DemoRegistry> {
  const fake = new FakeRegistry();
  const acr = new AcrMetadata(fake, options.loginServer);
  const record = await seedDemoRegistry(fake, acr);
  const handlers = [...acrHandlers(acr, { baseUrl: options.baseUrl }), ...registryHandlers(fake, { baseUrl: options.baseUrl, latencyMs: options.latencyMs })];
  return { fake, acr, record, handlers };
}
