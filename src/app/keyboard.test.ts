import { describe, expect, it } from 'vitest';
import { isTypingTarget, nextRow } from './keyboard';

describe('keyboard helpers', () => {
  it('knows when the user is typing', () => {
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    const search = document.createElement('input');
    search.type = 'search';
    expect(isTypingTarget(search)).toBe(true);
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(document.createElement('a'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('moves to the next or previous row, starting at an end', () => {
    const rows = [document.createElement('a'), document.createElement('a'), document.createElement('a')];
    expect(nextRow(rows, null, 1)).toBe(rows[0]);
    expect(nextRow(rows, null, -1)).toBe(rows[2]);
    expect(nextRow(rows, rows[0] ?? null, 1)).toBe(rows[1]);
    expect(nextRow(rows, rows[1] ?? null, -1)).toBe(rows[0]);
    expect(nextRow(rows, rows[2] ?? null, 1)).toBeUndefined();
    expect(nextRow([], null, 1)).toBeUndefined();
  });
});
