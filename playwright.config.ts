import { defineConfig, devices } from '@playwright/test';

// Browsers cannot be downloaded here: drive Debian's chromium (scripts/ensure-system-deps.mjs).
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  // e2e/global-setup.ts starts registry + nginx on free ports and sets E2E_BASE_URL before the
  // workers start; workers load this file again and inherit that environment.
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Every expect waits for its condition; on two cores shared with other work, a condition met in
  // 1 s on an idle machine can take several: room to wait, not a race (assertions still poll).
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
      },
    },
  ],
});
