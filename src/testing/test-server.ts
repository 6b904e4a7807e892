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
 * The fake keeps its content between tests of a file; call `fake.reset()` for a clean slate.
 */
import { setupServer } from 'msw/node';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FakeRegistry } from './fake-registry';
import { registryHandlers } from './registry-handlers';
import type { RegistryHandlersOptions } from './registry-handlers';

export const TEST_REGISTRY_URL = 'http://registry.test';

export interface TestRegistryOptions extends Omit<RegistryHandlersOptions, 'baseUrl'> {
  baseUrl?: string;
  /** Mirrors distribution's `storage.delete.enabled` (default true here). */
  deleteEnabled?: boolean;
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

/** createTestRegistry + beforeAll(listen, unhandled requests are errors) / afterEach(resetHandlers) / afterAll(close). */
export function setupTestRegistry(options: TestRegistryOptions = {}): TestRegistry {
  const registry = createTestRegistry(options);
  beforeAll(() => registry.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => registry.server.resetHandlers());
  afterAll(() => registry.server.close());
  return registry;
}
