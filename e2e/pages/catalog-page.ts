import type { Locator, Page } from '@playwright/test';

/** The catalog at `/`: the namespace tree, its filter and its loading status. */
export class CatalogPage {
  readonly tree: Locator;
  readonly status: Locator;
  readonly filter: Locator;

  constructor(readonly page: Page) {
    this.tree = page.getByRole('tree', { name: 'Repositories' });
    this.status = page.getByRole('status').filter({ hasText: /repositor/ });
    this.filter = page.getByRole('searchbox', { name: 'Filter repositories' });
  }

  async goto(query = '') {
    await this.page.goto(query ? `/?q=${encodeURIComponent(query)}` : '/');
  }

  item(segment: string) {
    return this.tree.getByRole('treeitem', { name: new RegExp(`^${escapeRegExp(segment)}(,|$)`) });
  }

  expandButton(path: string) {
    return this.tree.getByRole('button', { name: `Expand ${path}` });
  }

  repositoryLink(name: string) {
    return this.tree.getByRole('link', { name, exact: true });
  }
}

export function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
