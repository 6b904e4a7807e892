import type { Locator, Page } from '@playwright/test';

export interface CleanupRules {
  /** Repository filter (a regular expression). */
  repository: string;
  /** Tag filter (a regular expression); '' for every tag. */
  tag: string;
  /** Older than, in days; '' for any age. */
  olderThanDays: number | '';
  keepNewest: number;
}

/** Fills the cleanup form's rules (the page is open) and asks for a dry run. */
export async function startDryRun(page: Page, rules: CleanupRules): Promise<void> {
  await page.getByLabel(/Repository filter/).fill(rules.repository);
  await page.getByLabel(/Tag filter/).fill(rules.tag);
  await page.getByLabel(/Older than/).fill(String(rules.olderThanDays));
  await page.getByLabel(/Keep the newest/).fill(String(rules.keepNewest));
  await page.getByRole('button', { name: 'Dry run' }).click();
}

/** The digests a plan (its "Plan for <repository>" region) deletes, in the plan's order. */
export function plannedDeletes(plan: Locator): Promise<string[]> {
  return plan.locator('tr[data-action="delete"] [data-testid="plan-digest"]').allTextContents();
}
