function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/**
 * Natural order: digit runs compare as numbers (v2 < v10, 1.9 < 1.10), text case-insensitively;
 * when two strings are equal that way, leading zeros then plain code-unit order break the tie, so
 * the order is total and stable across runs. Scans in place: no allocation per comparison, which
 * matters when sorting 10,000 repository names.
 */
export function compareNatural(a: string, b: string): number {
  let i = 0;
  let j = 0;
  let zeroTieBreak = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigitCode(ca) && isDigitCode(cb)) {
      const startA = i;
      const startB = j;
      while (i < a.length && a.charCodeAt(i) === 48) i++;
      while (j < b.length && b.charCodeAt(j) === 48) j++;
      const sigA = i;
      const sigB = j;
      while (i < a.length && isDigitCode(a.charCodeAt(i))) i++;
      while (j < b.length && isDigitCode(b.charCodeAt(j))) j++;
      const lenA = i - sigA;
      const lenB = j - sigB;
      if (lenA !== lenB) return lenA - lenB;
      for (let k = 0; k < lenA; k++) {
        const diff = a.charCodeAt(sigA + k) - b.charCodeAt(sigB + k);
        if (diff !== 0) return diff;
      }
      // equal value: "01" vs "1" — remember the first difference in leading zeros for the tie
      if (zeroTieBreak === 0) zeroTieBreak = sigA - startA - (sigB - startB);
      continue;
    }
    const diff = lower(ca) - lower(cb);
    if (diff !== 0) return diff;
    i++;
    j++;
  }
  const rest = a.length - i - (b.length - j);
  if (rest !== 0) return rest;
  if (zeroTieBreak !== 0) return zeroTieBreak;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy, in natural order (optionally by a key). */
export function sortNatural<T extends string>(items: readonly T[]): T[];
export function sortNatural<T>(items: readonly T[], key: (item: T) => string): T[];
export function sortNatural<T>(items: readonly T[], key?: (item: T) => string): T[] {
  const keyOf = key ?? ((item: T) => item as unknown as string);
  return [...items].sort((x, y) => compareNatural(keyOf(x), keyOf(y)));
}
