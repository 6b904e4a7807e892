import { createdTime } from '../../registry/created-time';
import { compareNatural } from '../../registry/natural-sort';

export type SortField = 'tag' | 'created' | 'size';

export interface TagSort {
  field: SortField;
  descending: boolean;
}

/** Natural tag order: stable while details are still loading, unlike created or size. */
export const DEFAULT_SORT: TagSort = { field: 'tag', descending: false };

const FIELDS: readonly SortField[] = ['tag', 'created', 'size'];

/** `?sort=` value: tag | -tag | created | -created | size | -size; anything else → the default. */
export function parseSort(value: string | null): TagSort {
  if (!value) return DEFAULT_SORT;
  const descending = value.startsWith('-');
  const field = (descending ? value.slice(1) : value) as SortField;
  return FIELDS.includes(field) ? { field, descending } : DEFAULT_SORT;
}

export function formatSort(sort: TagSort): string {
  return `${sort.descending ? '-' : ''}${sort.field}`;
}

export function isDefaultSort(sort: TagSort): boolean {
  return sort.field === DEFAULT_SORT.field && sort.descending === DEFAULT_SORT.descending;
}

/** A click on a header: the same column flips; a new column starts newest / largest first, tags A→Z. */
export function nextSort(current: TagSort, field: SortField): TagSort {
  if (current.field === field) return { field, descending: !current.descending };
  return { field, descending: field !== 'tag' };
}

export interface SortableRow {
  tag: string;
  summary?: { size?: number; created?: string };
}

/**
 * Sorted copy. Rows whose value is not known (still loading, failed, a zero created date) go last in both
 * directions, so the known ones are always at the top; ties fall back to natural tag order.
 */
export function sortRows<T extends SortableRow>(rows: readonly T[], sort: TagSort): T[] {
  const sign = sort.descending ? -1 : 1;
  if (sort.field === 'tag') return [...rows].sort((a, b) => sign * compareNatural(a.tag, b.tag));
  const valueOf = sort.field === 'size' ? (row: T) => row.summary?.size : (row: T) => createdTime(row.summary?.created);
  const keyed = rows.map((row) => ({ row, value: valueOf(row) }));
  keyed.sort((a, b) => {
    if (a.value === undefined || b.value === undefined) {
      if (a.value !== b.value) return a.value === undefined ? 1 : -1;
      return compareNatural(a.row.tag, b.row.tag);
    }
    return sign * (a.value - b.value) || compareNatural(a.row.tag, b.row.tag);
  });
  return keyed.map((entry) => entry.row);
}

/** Case-insensitive substring match on the tag name. */
export function matchesFilter(tag: string, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || tag.toLowerCase().includes(needle);
}
