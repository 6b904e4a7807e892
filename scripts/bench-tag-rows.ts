// Reading the SPA's virtualized tag table in a benchmark page (scripts/bench.ts, the index's browser rows).
import type { Page } from '@playwright/test';

/** tag → its row's size (bytes), created date and text. */
export type RowReading = Record<string, { size: number | null; created: string | null; text: string }>;

/** Reads every row of the virtualized tag table by scrolling through it: tag → size and created. */
export async function readAllRows(page: Page, name: string): Promise<RowReading> {
  return page.evaluate(async (repository) => {
    const table = [...document.querySelectorAll('table')].find((t) => t.querySelector('caption')?.textContent === `Tags of ${repository}`);
    const box = table?.parentElement;
    if (!table || !box) throw new Error(`no tag table for ${repository}`);
    const rows: Record<string, { size: number | null; created: string | null; text: string }> = {};
    // A timer, not requestAnimationFrame: rAF may stall in a headless renderer under load.
    const frame = () => new Promise((r) => setTimeout(r, 60));
    const firstIndex = () => table.querySelector('tbody tr[data-index]')?.getAttribute('data-index') ?? null;
    let shown = firstIndex();
    for (let top = 0; ; top += Math.max(100, Math.floor(box.clientHeight * 0.8))) {
      box.scrollTop = top;
      await frame();
      // Under load the virtualizer may render the new window later than one timer: wait (up to 3 s) until it moved.
      for (let waited = 0; top > 0 && firstIndex() === shown && box.scrollTop + box.clientHeight < box.scrollHeight - 1 && waited < 3000; waited += 60) await frame();
      shown = firstIndex();
      for (const tr of table.querySelectorAll('tbody tr[data-index]')) {
        const tag = tr.querySelector('a[title]')?.getAttribute('title');
        if (!tag) continue;
        const bytes = tr.querySelector('span[title$=" bytes"]')?.getAttribute('title');
        rows[tag] = {
          size: bytes ? Number(bytes.replace(/ bytes$/, '')) : null,
          created: tr.querySelector('time[datetime]')?.getAttribute('datetime') ?? null,
          text: (tr.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 160),
        };
      }
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
    }
    return rows;
  }, name);
}
