/** Single-key shortcuts must not fire while the user types in a field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

/**
 * The rows j/k move through: tag links (data-row-link) or the catalog tree's items, in document
 * order. Returns the element to focus, or undefined at either end.
 */
export function nextRow(rows: readonly HTMLElement[], active: Element | null, step: 1 | -1): HTMLElement | undefined {
  if (rows.length === 0) return undefined;
  const index = rows.findIndex((row) => row === active || row.contains(active));
  if (index < 0) return step === 1 ? rows[0] : rows[rows.length - 1];
  return rows[index + step];
}
