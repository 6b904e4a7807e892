// axe-core over every page against the rig's real registry, in light and dark: no serious or
// critical violation. The theme follows prefers-color-scheme (no stored choice), emulated here.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const NAME = 'marketing/campaign10-18/web';

interface PageCase {
  title: string;
  path: (seed: { digest: string; layer: string }) => string;
  /** What is on screen once the page has settled. */
  ready: (page: Page) => Promise<void>;
}

const h1 = (page: Page) => expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();

const PAGES: PageCase[] = [
  { title: 'catalog', path: () => '/', ready: (page) => expect(page.getByRole('tree', { name: 'Repositories' })).toBeVisible() },
  {
    title: 'repository',
    path: () => `/r/${NAME}`,
    ready: async (page) => {
      await expect(page.getByRole('table', { name: `Tags of ${NAME}` })).toBeVisible();
      await expect(page.locator('tr[aria-busy="true"]')).toHaveCount(0);
    },
  },
  { title: 'manifest', path: () => `/r/${NAME}/-/manifest/v1`, ready: (page) => expect(page.getByRole('table', { name: 'Layers' })).toBeVisible() },
  { title: 'diff', path: () => `/r/${NAME}/-/diff/v1..v2`, ready: h1 },
  { title: 'repository orphans', path: () => `/r/${NAME}/-/orphans`, ready: h1 },
  { title: 'orphans', path: () => '/orphans', ready: h1 },
  { title: 'cleanup', path: () => '/cleanup', ready: h1 },
  { title: 'audit', path: () => '/audit', ready: h1 },
  { title: 'connect', path: () => '/connect', ready: h1 },
  { title: 'layer', path: ({ layer }) => `/layers/${layer}`, ready: h1 },
  { title: 'not found', path: () => '/no/such/page', ready: h1 },
];

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${colorScheme}`, () => {
    for (const { title, path, ready } of PAGES) {
      test(`${title} has no serious or critical violations`, async ({ page, seed }) => {
        const record = seed.repositories[NAME]!.tags.v1!;
        await page.emulateMedia({ colorScheme });
        await page.goto(path({ digest: record.digest, layer: record.layers![0]!.digest }));
        await ready(page);
        await expect(page.locator('html')).toHaveClass(colorScheme === 'dark' ? /\bdark\b/ : /^(?!.*\bdark\b)/);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }

    test(`the tag menu and the go-to dialog have no serious or critical violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`/r/${NAME}`);
      await page.getByRole('button', { name: 'More actions for v1', exact: true }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await expect(page.getByRole('dialog', { name: 'Go to anything' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
