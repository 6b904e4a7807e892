/**
 * Vitest wiring for the fake registry over msw/node. Either drive the server yourself:
 *
 *   const { fake, server, baseUrl } = createTestRegistry();
 *   beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 *   afterEach(() => server.resetHandlers());
 *   afterAll(() => server.close());
 *
 * or call `setupTestRegistry()` at the top of a test file, which registers exactly those hooks
 * (not named use…: the react-hooks lint rule would reject it at a test file's top level).
 * The fake keeps its content between tests of a file; call `fake.reset()` for a clean slate, or
 * pass `resetAfterEach: true`.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createAcrClient, type AcrClient } from '../registry/acr';
import { createRegistryClient, type RegistryClient, type RegistryClientOptions } from '../registry/client';
import { AcrMetadata, acrHandlers } from './acr-fake';
import { createDemoRegistry, type DemoRegistry } from './demo-registry';
import { FakeRegistry } from './fake-registry';
import { registryHandlers } from './registry-handlers';
import type { RegistryHandlersOptions } from './registry-handlers';

export const TEST_REGISTRY_URL = 'http://registry.test';

export interface TestRegistryOptions extends Omit<RegistryHandlersOptions, 'baseUrl'> {
  baseUrl?: string;
  /** Mirrors distribution's `storage.delete.enabled` (default true here). */
  deleteEnabled?: boolean;
}

export interface SetupTestRegistryOptions extends TestRegistryOptions {
  /** Empty the fake after every test, so each test starts from a clean registry. */
  resetAfterEach?: boolean;
}

export interface TestRegistry {
  fake: FakeRegistry;
  server: SetupServer;
  baseUrl: string;
}

/** A fresh FakeRegistry and an msw node server for it (not listening yet). */
export function createTestRegistry(options: TestRegistryOptions = {}): TestRegistry {
  const { deleteEnabled = true, baseUrl = TEST_REGISTRY_URL, ...handlerOptions } = options;
  const fake = new FakeRegistry();
  fake.deleteEnabled = deleteEnabled;
  const server = setupServer(...registryHandlers(fake, { ...handlerOptions, baseUrl }));
  return { fake, server, baseUrl };
}

/** A client for the msw server; `fetch` is looked up on each call, so msw's interception applies. */
export function createTestClient(baseUrl: string, options: Omit<RegistryClientOptions, 'baseUrl' | 'fetch'> = {}): RegistryClient {
  return createRegistryClient({ ...options, baseUrl, fetch: (input, init) => fetch(input, init) });
}

/** What a plain distribution answers under /acr/v1/: a plain-text 404 (no ACR metadata API). */
export function noAcrApi(baseUrl: string) {
  return http.get(`${baseUrl}/acr/v1/*`, () => new HttpResponse('404 page not found\n', { status: 404 }));
}

function listenDuringTests(server: SetupServer): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

/** createTestRegistry + beforeAll(listen, unhandled requests are errors) / afterEach(resetHandlers) / afterAll(close). */
export function setupTestRegistry(options: SetupTestRegistryOptions = {}): TestRegistry {
  const { resetAfterEach = false, ...registryOptions } = options;
  const registry = createTestRegistry(registryOptions);
  listenDuringTests(registry.server);
  if (resetAfterEach) afterEach(() => registry.fake.reset());
  return registry;
}

export interface AcrTestRegistry extends TestRegistry {
  acr: AcrMetadata;
  /** A v2 client for the server, and the ACR metadata client over it. */
  client: RegistryClient;
  api: AcrClient;
}

/**
 * setupTestRegistry for an ACR-shaped registry: the fake behind both the v2 API and the ACR
 * metadata API (`/acr/v1/…`), both emptied after every test.
 */
export function setupAcrTestRegistry(baseUrl: string): AcrTestRegistry {
  const fake = new FakeRegistry();
  const acr = new AcrMetadata(fake);
  const server = setupServer(...acrHandlers(acr, { baseUrl }), ...registryHandlers(fake, { baseUrl }));
  const client = createTestClient(baseUrl);
  listenDuringTests(server);
  afterEach(() => {
    fake.reset();
    acr.reset();
  });
  return { fake, acr, server, baseUrl, client, api: createAcrClient(client) };
}

export interface DemoTestRegistry {
  baseUrl: string;
  /** The host the demo's ACR answers name as `registry`, as the demo uses the page's host. */
  loginServer: string;
  server: SetupServer;
  /** This test's demo registry (seeded afresh before each test). */
  demo: () => DemoRegistry;
}

/** The demo registry (v2 + ACR metadata API, the demo's content, times and locks) over msw/node, seeded afresh before each test. */
export function setupDemoTestRegistry(baseUrl = 'http://demo.test'): DemoTestRegistry {
  const loginServer = new URL(baseUrl).host;
  const server = setupServer();
  let current: DemoRegistry | undefined;
  listenDuringTests(server);
  beforeEach(async () => {
    current = await createDemoRegistry({ baseUrl, loginServer });
    server.resetHandlers(...current.handlers);
  });
  return {
    baseUrl,
    loginServer,
    server,
    demo: () => {
      if (!current) throw new Error('the demo registry is seeded in beforeEach');
      return current;
    },
  };
}
