import { describe, expect, it } from 'vitest';
import { DEFAULT_SORT, formatSort, matchesFilter, nextSort, parseSort, sortRows } from './tag-sort';

const row = (tag: string, size?: number, created?: string) => ({ tag, summary: size === undefined && created === undefined ? undefined : { size, created } });
const tags = (rows: { tag: string }[]) => rows.map((r) => r.tag);

describe('parseSort / formatSort', () => {
  it('round-trips every valid value and falls back to the default', () => {
    for (const value of ['tag', '-tag', 'created', '-created', 'size', '-size']) expect(formatSort(parseSort(value))).toBe(value);
    expect(parseSort(null)).toEqual(DEFAULT_SORT);
    expect(parseSort('-bogus')).toEqual(DEFAULT_SORT);
    expect(DEFAULT_SORT).toEqual({ field: 'tag', descending: false });
  });
});

describe('nextSort', () => {
  it('flips the active column; a new column starts largest/newest first, tags A→Z', () => {
    expect(nextSort(DEFAULT_SORT, 'tag')).toEqual({ field: 'tag', descending: true });
    expect(nextSort(DEFAULT_SORT, 'size')).toEqual({ field: 'size', descending: true });
    expect(nextSort({ field: 'size', descending: true }, 'created')).toEqual({ field: 'created', descending: true });
    expect(nextSort({ field: 'size', descending: true }, 'tag')).toEqual({ field: 'tag', descending: false });
  });
});

describe('sortRows', () => {
  it('orders tags naturally: v2 < v10', () => {
    const rows = [row('v10'), row('v2'), row('latest'), row('v1.10'), row('v1.9')];
    expect(tags(sortRows(rows, { field: 'tag', descending: false }))).toEqual(['latest', 'v1.9', 'v1.10', 'v2', 'v10']);
    expect(tags(sortRows(rows, { field: 'tag', descending: true }))).toEqual(['v10', 'v2', 'v1.10', 'v1.9', 'latest']);
  });

  it('sorts by size with unknown sizes last in both directions, ties by tag', () => {
    const rows = [row('c', 300), row('pending'), row('a', 100), row('b', 300)];
    expect(tags(sortRows(rows, { field: 'size', descending: true }))).toEqual(['b', 'c', 'a', 'pending']);
    expect(tags(sortRows(rows, { field: 'size', descending: false }))).toEqual(['a', 'b', 'c', 'pending']);
  });

  it('sorts by created instant, not by string', () => {
    const rows = [row('utc', undefined, '2026-01-01T09:00:00Z'), row('plus2', undefined, '2026-01-01T10:00:00+02:00'), row('bad', undefined, 'yesterday')];
    expect(tags(sortRows(rows, { field: 'created', descending: true }))).toEqual(['utc', 'plus2', 'bad']);
  });

  it("puts Go's zero time (0001-01-01) last in both directions, with the unknown ones", () => {
    const rows = [row('zero', 1, '0001-01-01T00:00:00Z'), row('old', 1, '2020-01-01T00:00:00Z'), row('bad', 1, 'soon'), row('new', 1, '2026-01-01T00:00:00Z')];
    expect(tags(sortRows(rows, { field: 'created', descending: true }))).toEqual(['new', 'old', 'bad', 'zero']);
    expect(tags(sortRows(rows, { field: 'created', descending: false }))).toEqual(['old', 'new', 'bad', 'zero']);
  });
});

describe('matchesFilter', () => {
  it('is a case-insensitive substring match; empty matches all', () => {
    expect(matchesFilter('v1.2-ALPINE', 'alpine')).toBe(true);
    expect(matchesFilter('v1', ' ')).toBe(true);
    expect(matchesFilter('v1', 'v2')).toBe(false);
  });
});
