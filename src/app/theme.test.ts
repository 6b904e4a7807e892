import { describe, expect, it } from 'vitest';
import { parseThemePreference, readThemePreference, resolveTheme, THEME_STORAGE_KEY, writeThemePreference } from './theme';

describe('theme preference', () => {
  it('accepts light and dark, anything else follows the system', () => {
    expect(parseThemePreference('light')).toBe('light');
    expect(parseThemePreference('dark')).toBe('dark');
    expect(parseThemePreference('system')).toBe('system');
    expect(parseThemePreference('blue')).toBe('system');
    expect(parseThemePreference(null)).toBe('system');
  });

  it('resolves system from prefers-color-scheme', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('stores an explicit choice and forgets it for system', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
      removeItem: (key: string) => void store.delete(key),
    };
    writeThemePreference(storage, 'dark');
    expect(store.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(readThemePreference(storage)).toBe('dark');
    writeThemePreference(storage, 'system');
    expect(store.has(THEME_STORAGE_KEY)).toBe(false);
    expect(readThemePreference(storage)).toBe('system');
  });

  it('survives storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(readThemePreference(throwing)).toBe('system');
    expect(() => writeThemePreference(throwing, 'light')).not.toThrow();
  });
});
