import { describe, expect, it } from 'vitest';
import { parseAgo, parsePurgeCommand, PurgeCommandError, shellWords } from './acr-purge-command';

describe('acr purge → cleanup rules', () => {
  it('reads --filter, --ago, --keep, --untagged and --dry-run', () => {
    expect(parsePurgeCommand("acr purge --filter 'hello-world:.*' --ago 2d3h6m --keep 3 --untagged --dry-run")).toEqual({
      rules: { repository: 'hello-world', tag: '.*', olderThanDays: 2 + 3 / 24 + 6 / 1440, keepNewest: 3, includeUntagged: true },
      dryRun: true,
      ignored: [],
    });
  });

  it('takes the command out of az acr run --cmd, and lists the flags that have no effect here', () => {
    const parsed = parsePurgeCommand(`az acr run --registry myregistry --cmd "acr purge --filter 'team/app:^v[0-9]+$' --ago 30d --concurrency 4" /dev/null`);
    expect(parsed.rules).toEqual({ repository: 'team/app', tag: '^v[0-9]+$', olderThanDays: 30, keepNewest: 0, includeUntagged: false });
    expect(parsed.dryRun).toBe(false);
    expect(parsed.ignored).toEqual(['--concurrency 4']);
    expect(parsePurgeCommand('acr purge -r myregistry --filter=a:b --ago=1h').ignored).toEqual(['-r myregistry']);
  });

  it('combines several filters that share the tag regex, and refuses ones that do not', () => {
    expect(parsePurgeCommand("acr purge --filter 'a/x:.*' --filter 'b/.*:.*' --ago 1d").rules.repository).toBe('(?:a/x)|(?:b/.*)');
    expect(() => parsePurgeCommand("acr purge --filter 'a:v1' --filter 'b:v2' --ago 1d")).toThrow(/one tag filter/);
  });

  it('reads --ago 0d as any age', () => {
    expect(parsePurgeCommand('acr purge --filter a:b --ago 0d').rules.olderThanDays).toBeNull();
  });

  it.each([
    ['not purge', 'acr list --filter a:b', /Not an "acr purge"/],
    ['no filter', 'acr purge --ago 1d', /at least one --filter/],
    ['no ago', 'acr purge --filter a:b', /needs --ago/],
    ['a filter without tag regex', 'acr purge --filter a --ago 1d', /<repository regex>:<tag regex>/],
    ['a bad duration', 'acr purge --filter a:b --ago 3w', /not a duration/],
    ['a bad keep', 'acr purge --filter a:b --ago 1d --keep -1', /needs a value|whole number/],
    ['include-locked', 'acr purge --filter a:b --ago 1d --include-locked', /never deletes a locked/],
    ['an unknown option', 'acr purge --filter a:b --ago 1d --purge-everything', /Unknown acr purge option/],
    ['a flag without its value', 'acr purge --filter', /needs a value/],
    ['an open quote', "acr purge --filter 'a:b --ago 1d", /Unterminated/],
  ])('refuses %s', (_label, command, message) => {
    expect(() => parsePurgeCommand(command)).toThrow(PurgeCommandError);
    expect(() => parsePurgeCommand(command)).toThrow(message);
  });
});

describe('parseAgo', () => {
  it.each([
    ['30d', 30],
    ['12h', 0.5],
    ['90m', 90 / 1440],
    ['1d12h', 1.5],
    ['1.5d', 1.5],
    ['86400s', 1],
  ])('%s = %f days', (text, days) => {
    expect(parseAgo(text)).toBeCloseTo(days, 10);
  });

  it.each(['', '3', 'd', '1h2d', '2w', '-1d'])('refuses "%s"', (text) => {
    expect(() => parseAgo(text)).toThrow(PurgeCommandError);
  });
});

describe('shellWords', () => {
  it('splits like a shell: quotes, escapes and line continuations', () => {
    expect(shellWords(`acr purge \\\n  --filter 'a b:.*' --x "say \\"hi\\"" c\\ d`)).toEqual(['acr', 'purge', '--filter', 'a b:.*', '--x', 'say "hi"', 'c d']);
  });
});
