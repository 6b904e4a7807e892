// Screenshot comparisons of the main pages, light and dark, at 1440 and 390 px. They run against
// the built-in demo registry (`npm start` without REGISTRY_URL: an in-memory registry in the
// page, seeded the same way every time), not the shared rig, whose content other specs change.
// Relative times ("5 months ago") move with the clock, and the demo's login server is the page's
// host (a free port each run): both are masked. Baselines were made with
// Debian's chromium; refresh them with `npx playwright test e2e/visual.spec.ts --update-snapshots`.
import type { Page } from '@playwright/test';
import { startDemoServer, stopDemoServers, type DemoServer } from './demo-server.ts';
import { expect, test } from './fixtures.ts';

const PAGES: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  { name: 'catalog', path: '/', ready: (page) => expect(page.getByRole('status').filter({ hasText: /^\d+ repositories$/ })).toBeVisible() },
  {
    name: 'repository',
    path: '/r/acr-helloworld',
    ready: async (page) => {
      await expect(page.getByText(/\d tags? · \d+ distinct images?$/)).toBeVisible();
      await expect(page.locator('tr[aria-busy="true"]')).toHaveCount(0);
    },
  },
  {
    name: 'manifest',
    path: '/r/samples/myimage/-/manifest/latest',
    ready: async (page) => {
      await expect(page.getByRole('table', { name: 'Layers' })).toBeVisible();
      await expect(page.getByText(/Reading the image configuration/)).toHaveCount(0);
    },
  },
  { name: 'orphans', path: '/orphans', ready: (page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'cleanup', path: '/cleanup', ready: (page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
  { name: 'audit', path: '/audit', ready: (page) => expect(page.getByRole('heading', { level: 1 })).toBeVisible() },
];

const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

let server: DemoServer | undefined;

test.describe('visual regression (demo registry)', () => {
  test.use({ timezoneId: 'UTC', locale: 'en-US' });

  test.beforeAll(async () => {
    test.setTimeout(240_000); // a stale dist/ makes npm start build first
    server = await startDemoServer();
  });

  test.afterAll(() => stopDemoServers());

  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of WIDTHS) {
      for (const { name, path, ready } of PAGES) {
        test(`${name} ${colorScheme} ${viewport.width}`, async ({ page }) => {
          await page.setViewportSize(viewport);
          await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
          await page.goto(`${server!.url}${path}`);
          await ready(page);
          await page.waitForLoadState('networkidle');
          await expect(page).toHaveScreenshot(`${name}-${colorScheme}-${viewport.width}.png`, {
            mask: [page.locator('[data-relative-time]'), page.getByText(/127\.0\.0\.1:\d+/)],
            animations: 'disabled',
            caret: 'hide',
            maxDiffPixelRatio: 0.002,
          });
        });
      }
    }
  }
});
