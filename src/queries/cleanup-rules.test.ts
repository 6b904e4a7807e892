import { describe, expect, it } from 'vitest';
import { compareNewestFirst, evaluateCleanup, RuleError, type CleanupRepositoryInput, type CleanupRules } from './cleanup-rules';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const NOW = Date.parse('2026-03-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();
const rules = (over: Partial<CleanupRules> = {}): CleanupRules => ({ repository: '', tag: '', olderThanDays: null, keepNewest: 0, includeUntagged: false, skipLocked: true, ...over });
const repo = (name: string, tags: [string, string, number | undefined, boolean?][], untagged: [string, number | undefined, boolean?][] = []): CleanupRepositoryInput => {
  const digests = new Set(tags.map(([, digest]) => digest));
  return {
    name,
    tags: tags.map(([tag, digest, age, locked]) => ({ name: tag, digest, time: age === undefined ? undefined : daysAgo(age), locked: locked ?? false })),
    manifests: [
      ...[...digests].map((digest) => ({ digest, locked: false, protected: false, size: 10 })),
      ...untagged.map(([digest, age, locked]) => ({ digest, time: age === undefined ? undefined : daysAgo(age), locked: locked ?? false, protected: false, size: 5 })),
    ],
  };
};

describe('cleanup rule evaluation', () => {
  it('keeps the newest N; equal times go by natural tag order, the later tag counting as newer', () => {
    const input = repo('app', [
      ['v9', d('9'), 10],
      ['v10', d('a'), 10],
      ['v2', d('2'), 10],
      ['v11', d('b'), 5],
    ]);
    const plan = evaluateCleanup(rules({ keepNewest: 2 }), [input], NOW);
    // v11 (newest), then v10 beats v9 and v2 at equal time.
    expect(plan.repositories[0]?.tagsRemoved.map((t) => t.tag)).toEqual(['v2', 'v9']);
    expect(compareNewestFirst({ name: 'v10' }, { name: 'v9' })).toBeLessThan(0);
  });

  it('matches both filters against the whole name', () => {
    const plan = evaluateCleanup(rules({ repository: 'team/.*', tag: 'dev-.*' }), [repo('team/app', [['dev-1', d('1'), 1], ['release-dev-2', d('2'), 1]]), repo('other/team/app', [['dev-1', d('3'), 1]])], NOW);
    expect(plan.repositories.map((r) => r.repository)).toEqual(['team/app']);
    expect(plan.repositories[0]?.tagsRemoved.map((t) => t.tag)).toEqual(['dev-1']);
  });

  it('removes only tags older than N days; unknown ages are skipped, never removed', () => {
    const plan = evaluateCleanup(rules({ olderThanDays: 30 }), [repo('app', [['old', d('1'), 31], ['young', d('2'), 29], ['unknown', d('3'), undefined]])], NOW);
    const result = plan.repositories[0];
    expect(result?.tagsRemoved.map((t) => t.tag)).toEqual(['old']);
    expect(result?.skipped).toMatchObject([{ tag: 'unknown', reason: 'age-unknown' }]);
  });

  it('deletes an image only when all its tags go; otherwise it is only untagged', () => {
    const plan = evaluateCleanup(rules({ tag: 'v.*' }), [repo('app', [['v1', d('1'), 1], ['latest', d('1'), 1], ['v2', d('2'), 1]])], NOW);
    const result = plan.repositories[0];
    expect(result?.imagesDeleted.map((i) => [i.digest, i.tags])).toEqual([[d('2'), ['v2']]]);
    expect(result?.untagOnly.map((t) => t.tag)).toEqual(['v1']);
  });

  it('includes untagged manifests old enough when asked', () => {
    const input = repo('app', [['v1', d('1'), 1]], [[d('u'), 40], [d('w'), 2]]);
    expect(evaluateCleanup(rules({ olderThanDays: 30 }), [input], NOW).repositories[0]?.imagesDeleted).toEqual([]);
    const plan = evaluateCleanup(rules({ olderThanDays: 30, includeUntagged: true }), [input], NOW);
    expect(plan.repositories[0]?.imagesDeleted.map((i) => [i.digest, i.reason])).toEqual([[d('u'), 'untagged']]);
  });

  it('never plans a locked tag or manifest; without skip-locked it blocks the run', () => {
    const input = repo('app', [['v1', d('1'), 40, true], ['v2', d('2'), 40]], [[d('u'), 40, true]]);
    input.manifests.find((m) => m.digest === d('2'))!.locked = true;
    const skip = evaluateCleanup(rules({ includeUntagged: true }), [input], NOW);
    const plan = skip.repositories[0];
    expect(plan?.tagsRemoved.map((t) => t.tag)).toEqual(['v2']);
    expect(plan?.imagesDeleted).toEqual([]);
    expect(plan?.untagOnly.map((t) => t.tag)).toEqual(['v2']);
    expect(plan?.skipped.map((s) => s.reason)).toEqual(['locked', 'locked', 'locked']);
    expect(skip.blocked).toEqual([]);
    const strict = evaluateCleanup(rules({ includeUntagged: true, skipLocked: false }), [input], NOW);
    expect(strict.blocked).toHaveLength(3);
  });

  it('does not delete a protected manifest (platform of a kept index)', () => {
    const input = repo('app', [['amd64', d('1'), 40]], [[d('2'), 40]]);
    input.manifests.forEach((m) => (m.protected = true));
    const plan = evaluateCleanup(rules({ includeUntagged: true }), [input], NOW).repositories[0];
    expect(plan?.imagesDeleted).toEqual([]);
    expect(plan?.untagOnly.map((t) => t.tag)).toEqual(['amd64']);
  });

  it('names the field of an invalid rule', () => {
    expect(() => evaluateCleanup(rules({ tag: '(' }), [], NOW)).toThrow(RuleError);
    try {
      evaluateCleanup(rules({ keepNewest: -1 }), [], NOW);
    } catch (error) {
      expect((error as RuleError).field).toBe('keepNewest');
    }
  });
});
