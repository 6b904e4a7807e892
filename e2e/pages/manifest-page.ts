import type { Locator, Page } from '@playwright/test';

/** Exact byte counts as the inspector prints them under each human size: "307,456 B". */
export const exactBytes = (bytes: number) => `${new Intl.NumberFormat('en-US').format(bytes)} B`;
/** The tooltip of a size in a table ("48,000 bytes"). */
export const exactBytesTitle = (bytes: number) => `${new Intl.NumberFormat('en-US').format(bytes)} bytes`;

/** The manifest inspector at /r/<name>/-/manifest/<reference>. */
export class ManifestPage {
  readonly kind: Locator;
  readonly digest: Locator;
  readonly layers: Locator;
  readonly platforms: Locator;
  readonly referrers: Locator;
  readonly raw: Locator;

  constructor(readonly page: Page) {
    this.kind = page.getByTestId('manifest-kind');
    this.digest = page.getByTestId('manifest-digest');
    this.layers = page.getByRole('table', { name: 'Layers' });
    this.platforms = page.getByRole('table', { name: 'Platforms' });
    this.referrers = page.getByRole('table', { name: 'Referrers' });
    this.raw = page.getByRole('region', { name: 'Raw manifest' });
  }

  async goto(name: string, reference: string) {
    await this.page.goto(`/r/${name}/-/manifest/${reference}`);
  }

  section(name: string) {
    return this.page.getByRole('region', { name });
  }

  layerRow(position: number) {
    return this.layers.getByRole('row', { name: `Layer ${position}`, exact: true });
  }

  /** Layer digests in table order. */
  layerDigests() {
    return this.layers.getByTestId('layer-digest').allTextContents();
  }

  /** Layer sizes in table order, exact bytes. */
  async layerSizes(): Promise<number[]> {
    const values = await this.layers.getByTestId('layer-size').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-bytes') ?? ''));
    return values.map(Number);
  }

  referrerRow(digest: string) {
    return this.referrers.getByRole('row').filter({ has: this.page.getByRole('link', { name: digest, exact: true }) });
  }
}
