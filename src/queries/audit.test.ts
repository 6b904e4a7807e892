import { computeAudit, DAY_MS, type AuditInput, flattenStats, layerUsers, ledgerView } from './audit';
import type { DigestFacts } from './crawl-facts';
import { emptyLedger, applyObservations } from './ledger';
import { compileRules } from './naming-rules';

const d = (n: number | string) => `sha256:${String(n).padStart(64, '0')}`;
const NOW = Date.parse('2026-03-01T00:00:00Z');

/** image facts: config first, then layers */
function image(digest: string, created: string, config: [string, number], layers: [string, number][]): DigestFacts {
  return { digest, kind: 'image', blobs: [config, ...layers], created };
}

const BASE: [string, number] = [d('ba5e'), 1000];
const facts = new Map<string, DigestFacts>(
  [
    image(d(1), '2026-02-20T00:00:00Z', [d('c1'), 10], [BASE, [d('l1'), 100]]),
    image(d(2), '2025-06-01T00:00:00Z', [d('c2'), 20], [BASE, [d('l2'), 200]]),
    image(d(3), '2025-01-01T00:00:00Z', [d('c3'), 30], [BASE, [d('l3'), 300]]),
    // platforms of an index sharing one layer between them
    image(d(41), '2025-12-01T00:00:00Z', [d('c41'), 5], [[d('l4'), 400]]),
    image(d(42), '2025-12-02T00:00:00Z', [d('c42'), 6], [[d('l4'), 400], [d('l42'), 50]]),
    { digest: d(4), kind: 'index', blobs: [], children: [d(41), d(42)] } satisfies DigestFacts,
  ].map((f) => [f.digest, f]),
);

const repositories: AuditInput['repositories'] = [
  // two tags on one image, plus one on another
  { repository: 'team/web', tags: { v1: d(1), latest: d(1), old: d(2) }, crawledAt: NOW },
  // the same image d(1) again in another repository, and d(3)
  { repository: 'team/api', tags: { '1.0': d(1), '0.9': d(3) }, crawledAt: NOW },
  { repository: 'other/multi', tags: { '1.0': d(4) }, crawledAt: NOW },
  { repository: 'other/empty', tags: {}, crawledAt: NOW },
];

describe('computeAudit', () => {
  it('logical size sums distinct images; stored size counts shared blobs once, across repositories', () => {
    const audit = computeAudit({ repositories, facts, now: NOW, staleDays: 90 });
    const team = audit.root.children.find((n) => n.path === 'team');
    expect(team).toBeDefined();
    // images d1 (1110), d2 (1220), d3 (1330): d1 counted once although in two repos and under three tags
    expect(team?.images).toBe(3);
    expect(team?.tags).toBe(5);
    expect(team?.repositories).toBe(2);
    expect(team?.logicalBytes).toBe(1110 + 1220 + 1330);
    // base once + three configs + three own layers
    expect(team?.storedBytes).toBe(1000 + 10 + 20 + 30 + 100 + 200 + 300);
    expect(team?.dedupRatio).toBeCloseTo(3660 / 1660);

    const web = team?.children.find((n) => n.path === 'team/web');
    expect(web?.logicalBytes).toBe(1110 + 1220);
    expect(web?.storedBytes).toBe(1000 + 10 + 100 + 20 + 200);

    // an index: logical = sum of its platforms, stored = their blobs once
    const multi = audit.repositories.find((r) => r.name === 'other/multi');
    expect(multi?.logicalBytes).toBe(405 + 456);
    expect(multi?.storedBytes).toBe(5 + 6 + 400 + 50);
    expect(multi?.newest).toBe('2025-12-02T00:00:00Z');

    // the root adds everything, still sharing across namespaces
    expect(audit.root.logicalBytes).toBe(3660 + 861);
    expect(audit.root.storedBytes).toBe(1660 + 461);
    expect(flattenStats(audit.root).map((n) => n.path)).toEqual(['', 'other', 'other/empty', 'other/multi', 'team', 'team/api', 'team/web']);
  });

  it('ranks shared blobs by bytes saved = size × (images − 1)', () => {
    const audit = computeAudit({ repositories, facts, now: NOW, staleDays: 90 });
    expect(audit.shared[0]).toMatchObject({ digest: BASE[0], kind: 'layer', images: 3, repositories: 2, savedBytes: 2000 });
    expect(audit.shared[1]).toMatchObject({ digest: d('l4'), images: 2, repositories: 1, savedBytes: 400 });
    // logical − stored = what sharing saves (no index double counting here)
    const team = computeAudit({ repositories, facts, now: NOW, staleDays: 90, scope: 'team' });
    expect(team.root.logicalBytes - team.root.storedBytes).toBe(team.shared.reduce((s, b) => s + b.savedBytes, 0));
  });

  it('stale: no image newer than N days (empty repositories count); N moves the line', () => {
    const at90 = computeAudit({ repositories, facts, now: NOW, staleDays: 90 });
    const stale = (a: typeof at90) => a.repositories.filter((r) => r.stale).map((r) => r.name);
    // web has a 9-day-old image; api's newest is d1 too; multi's newest is 2025-12-02 (89 days)
    expect(stale(at90)).toEqual(['other/empty']);
    expect(stale(computeAudit({ repositories, facts, now: NOW, staleDays: 30 }))).toEqual(['other/empty', 'other/multi']);
    expect(stale(computeAudit({ repositories, facts, now: NOW, staleDays: 5 }))).toEqual(['other/empty', 'other/multi', 'team/api', 'team/web']);
    expect(computeAudit({ repositories, facts, now: NOW + 1000 * DAY_MS, staleDays: 90 }).root.staleRepositories).toBe(4);
    expect(at90.root.newest).toBe('2026-02-20T00:00:00Z');
    expect(at90.root.oldest).toBe('2025-01-01T00:00:00Z');
  });

  it('untagged (known) and moved tags come from the ledger; latest is counted', () => {
    let ledger = emptyLedger('u', 'team/web');
    ledger = applyObservations(ledger, [{ tag: 'latest', digest: d(9) }, { tag: 'v1', digest: d(1) }], 1);
    ledger = applyObservations(ledger, [{ tag: 'latest', digest: d(1) }, { tag: 'old', digest: d(2) }], 2);
    expect(ledgerView(ledger, repositories[0]!.tags)).toEqual({ untagged: [d(9)], movedTags: ['latest'] });
    const audit = computeAudit({ repositories, facts, now: NOW, staleDays: 90, ledgers: new Map([['team/web', ledger]]) });
    const team = audit.root.children.find((n) => n.path === 'team');
    expect(team?.untagged).toBe(1);
    expect(team?.movedTags).toBe(1);
    expect(team?.latestTags).toBe(1);
  });

  it('scopes to a namespace and lists naming violations per namespace', () => {
    const audit = computeAudit({
      repositories: [...repositories, { repository: 'team/Bad_', tags: { '.x': d(1) }, crawledAt: NOW }],
      facts,
      now: NOW,
      staleDays: 90,
      scope: 'team',
      rules: compileRules({ tagPattern: 'v\\d+|latest|\\d+\\.\\d+' }),
    });
    expect(audit.root.path).toBe('team');
    expect(audit.repositories.map((r) => r.name)).toEqual(['team/Bad_', 'team/api', 'team/web']);
    expect(audit.violations.map((v) => [v.namespace, v.repository, v.tag, v.rule])).toEqual([
      ['team', 'team/Bad_', undefined, 'repository-charset'],
      ['team', 'team/Bad_', '.x', 'tag-grammar'],
      ['team', 'team/Bad_', '.x', 'tag-pattern'],
      ['team', 'team/web', 'old', 'tag-pattern'],
    ]);
    expect(audit.root.violations).toBe(4);
  });

  it('counts tags whose facts are missing as incomplete, with zero size', () => {
    const audit = computeAudit({ repositories: [{ repository: 'x/y', tags: { a: d(77) }, failedTags: ['b'], crawledAt: NOW }], facts, now: NOW, staleDays: 90 });
    expect(audit.root.incomplete).toBe(2);
    expect(audit.root.logicalBytes).toBe(0);
  });

  it('finds the users of a layer, through indexes too', () => {
    expect(layerUsers(repositories, facts, BASE[0]).map((u) => [u.repository, u.tags, u.manifest])).toEqual([
      ['team/api', ['0.9'], d(3)],
      ['team/api', ['1.0'], d(1)],
      ['team/web', ['latest', 'v1'], d(1)],
      ['team/web', ['old'], d(2)],
    ]);
    expect(layerUsers(repositories, facts, d('l4'))).toEqual([
      { repository: 'other/multi', tags: ['1.0'], manifest: d(41), index: d(4) },
      { repository: 'other/multi', tags: ['1.0'], manifest: d(42), index: d(4) },
    ]);
  });
});
