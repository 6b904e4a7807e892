import { formatDateTime, formatRelative } from './format';

describe('formatDateTime and formatRelative', () => {
  it('say "unknown" for Go\'s zero time instead of "Jan 1, 1"', () => {
    expect(formatDateTime('0001-01-01T00:00:00Z')).toBe('unknown');
    expect(formatRelative('0001-01-01T00:00:00Z')).toBe('unknown');
  });

  it('say "unknown" for an unparsable date rather than echoing it', () => {
    expect(formatDateTime('not a date')).toBe('unknown');
    expect(formatRelative('not a date')).toBe('unknown');
  });

  it('still format real dates, and a missing one as a dash', () => {
    expect(formatDateTime('2026-02-03T04:05:06Z')).toMatch(/2026/);
    expect(formatRelative('2026-02-03T04:05:06Z', Date.parse('2026-02-05T04:05:06Z'))).toBe('2 days ago');
    expect(formatDateTime(undefined)).toBe('—');
  });
});
