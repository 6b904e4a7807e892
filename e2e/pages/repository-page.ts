import type { Locator, Page } from '@playwright/test';
import { escapeRegExp } from './catalog-page.ts';

/** The tag table at /r/<name>. */
export class RepositoryPage {
  readonly table: Locator;
  /** "4 tags · 3 distinct images": the listing's size, shown once tags/list answered (it stays; the progress status empties when done). */
  readonly tagCount: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table');
    this.tagCount = page.getByText(/\d tags? · \d+ distinct images?/);
  }

  async goto(name: string) {
    await this.page.goto(`/r/${name}`);
  }

  /** The row whose tag link is exactly `tag`. */
  row(tag: string) {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('link', { name: tag, exact: true }) });
  }

  /** Every size the row shows, as exact byte counts from their titles. */
  async sizesIn(row: Locator): Promise<number[]> {
    const titles = await row.locator('[title$=" bytes"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title') ?? ''));
    return titles.map((title) => Number(title.replace(/ bytes$/, '')));
  }

  /** Tag names in the order the table shows them. */
  async tagOrder(): Promise<string[]> {
    return this.table.locator('tbody tr td a[href*="/-/manifest/"]:not([title^="sha256:"])').allTextContents();
  }
}

export { escapeRegExp };
