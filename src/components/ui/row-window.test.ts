import { describe, expect, it } from 'vitest';
import { offsetToShow, rowRange } from './row-window';

describe('rowRange', () => {
  it('covers the viewport plus the overscan, clamped to the list', () => {
    expect(rowRange(0, 280, 28, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(rowRange(2800, 280, 28, 1000, 5)).toEqual({ start: 95, end: 115 });
    expect(rowRange(27_720, 280, 28, 1000, 5)).toEqual({ start: 985, end: 1000 });
  });

  it('counts a row cut by the viewport edge as in view', () => {
    expect(rowRange(14, 28, 28, 100, 0)).toEqual({ start: 0, end: 2 });
  });

  it('renders the overscan before the viewport is measured, and nothing for an empty list', () => {
    expect(rowRange(0, 0, 28, 100, 12)).toEqual({ start: 0, end: 12 });
    expect(rowRange(0, 560, 28, 0, 12)).toEqual({ start: 0, end: 0 });
  });

  it('survives a scroll offset past the end (the list shrank under it)', () => {
    expect(rowRange(10_000, 280, 28, 10, 3)).toEqual({ start: 10, end: 10 });
  });
});

describe('offsetToShow', () => {
  it('does not move for a row in view', () => {
    expect(offsetToShow(5, 0, 280, 28)).toBe(0);
  });

  it('aligns a row above the viewport to its top, one below to its bottom', () => {
    expect(offsetToShow(2, 280, 280, 28)).toBe(56);
    expect(offsetToShow(20, 0, 280, 28)).toBe(21 * 28 - 280);
  });
});
