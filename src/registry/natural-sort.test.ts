import { describe, expect, it } from 'vitest';
import { compareNatural, sortNatural } from './natural-sort';

describe('compareNatural', () => {
  it('orders digit runs by value', () => {
    expect(compareNatural('v2', 'v10')).toBeLessThan(0);
    expect(compareNatural('v10', 'v2')).toBeGreaterThan(0);
    expect(compareNatural('1.9', '1.10')).toBeLessThan(0);
    expect(compareNatural('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareNatural('app-99', 'app-100')).toBeLessThan(0);
    expect(compareNatural('12345678901234567890', '9')).toBeGreaterThan(0);
  });

  it('ignores case but breaks ties deterministically', () => {
    expect(compareNatural('alpha', 'Beta')).toBeLessThan(0);
    expect(compareNatural('Beta', 'alpha')).toBeGreaterThan(0);
    expect(compareNatural('ABC', 'abc')).toBeLessThan(0);
    expect(compareNatural('abc', 'ABC')).toBeGreaterThan(0);
    expect(compareNatural('abc', 'abc')).toBe(0);
  });

  it('puts prefixes first and treats leading zeros as equal value, tie-broken', () => {
    expect(compareNatural('v1', 'v1-rc')).toBeLessThan(0);
    expect(compareNatural('v1', 'v01')).not.toBe(0);
    expect(compareNatural('v01', 'v2')).toBeLessThan(0);
    expect(Math.sign(compareNatural('v1', 'v01'))).toBe(-Math.sign(compareNatural('v01', 'v1')));
  });
});

describe('sortNatural', () => {
  it('sorts a copy', () => {
    const input = ['v10', 'v2', 'V1', 'latest', 'v1', '1.10', '1.9', '1.9.1'];
    expect(sortNatural(input)).toEqual(['1.9', '1.9.1', '1.10', 'latest', 'V1', 'v1', 'v2', 'v10']);
    expect(input[0]).toBe('v10');
  });

  it('sorts by a key', () => {
    const rows = [{ tag: 'b10' }, { tag: 'b9' }];
    expect(sortNatural(rows, (row) => row.tag).map((row) => row.tag)).toEqual(['b9', 'b10']);
  });
});
