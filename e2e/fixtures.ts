// Specs import { test, expect } from here: `seed` is what the registry holds (e2e/.rig/seed.json),
// `rig` where things run (e2e/.rig/env.json).
import { test as base } from '@playwright/test';
import type { SeedRecord } from '../scripts/seed-registry.ts';
import { readRigEnv, readSeed, type RigEnv } from './rig-env.ts';

export { expect } from '@playwright/test';

export const test = base.extend<{ seed: SeedRecord }, { rig: RigEnv }>({
  // Fixture callbacks are named `provide` here: react-hooks would take `use` for React's hook.
  // eslint-disable-next-line no-empty-pattern
  rig: [async ({}, provide) => provide(readRigEnv()), { scope: 'worker' }],
  // eslint-disable-next-line no-empty-pattern
  seed: async ({}, provide) => provide(readSeed()),
  // Normally set by playwright.config.ts from E2E_BASE_URL; env.json covers tools that load the
  // config before global setup ran.
  baseURL: async ({ baseURL, rig }, provide) => provide(baseURL ?? rig.baseURL),
});
