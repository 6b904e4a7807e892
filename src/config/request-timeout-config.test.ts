import { describe, expect, it } from 'vitest';
import { ConfigError, parseAppConfig } from './app-config';

describe('registries[].requestTimeoutMs', () => {
  it('is optional and accepted in milliseconds', () => {
    expect(parseAppConfig({ registries: [{ name: 'a', url: '' }] }).registries[0]?.requestTimeoutMs).toBeUndefined();
    expect(parseAppConfig({ registries: [{ name: 'a', url: '', requestTimeoutMs: 5000 }] }).registries[0]?.requestTimeoutMs).toBe(5000);
  });

  it.each([0, 50, 1.5, 700_000, '30000'])('refuses %j, naming the field', (value) => {
    expect(() => parseAppConfig({ registries: [{ name: 'a', url: '', requestTimeoutMs: value }] })).toThrow(ConfigError);
    expect(() => parseAppConfig({ registries: [{ name: 'a', url: '', requestTimeoutMs: value }] })).toThrow(/registries\.0\.requestTimeoutMs/);
  });
});
