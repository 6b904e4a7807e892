import { createdTime, knownCreated } from './created-time';

describe('createdTime', () => {
  it('reads a real creation time, whatever its offset', () => {
    expect(createdTime('2026-01-01T10:00:00+02:00')).toBe(Date.UTC(2026, 0, 1, 8));
    expect(knownCreated('2026-01-01T08:00:00Z')).toBe('2026-01-01T08:00:00Z');
  });

  it("treats Go's zero time, the epoch and garbage as unknown", () => {
    for (const value of ['0001-01-01T00:00:00Z', '1970-01-01T00:00:00Z', 'yesterday', '', undefined, null]) {
      expect(createdTime(value)).toBeUndefined();
      expect(knownCreated(value)).toBeUndefined();
    }
  });
});
