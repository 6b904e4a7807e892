/** How a row says which tags point at the same image (the groups: tag-inventory.ts). */

export const SHARED_COLOURS = 8;

/** A colour slot derived from the digest itself, so it never changes while more tags resolve. */
export function digestColour(digest: string): number {
  const hex = digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 9);
  const value = Number.parseInt(hex, 16);
  return Number.isNaN(value) ? 0 : value % SHARED_COLOURS;
}

/** "same image as latest, v1" / "same image as a, b and 3 more"; '' when the tag is alone. */
export function sharedWithText(tag: string, groupTags: readonly string[], shown = 2): string {
  const others = groupTags.filter((other) => other !== tag);
  if (others.length === 0) return '';
  const named = others.slice(0, shown).join(', ');
  const rest = others.length - shown;
  return rest > 0 ? `same image as ${named} and ${rest} more` : `same image as ${named}`;
}
