// @vitest-environment node
import { computeAudit, DAY_MS, type AuditInput, type NamespaceStats } from './audit';
import type { DigestFacts } from './crawl-facts';
import { applyObservations, emptyLedger, type RepositoryLedger } from './ledger';
import { compileRules } from './naming-rules';
import { createRunningAudit, runningAuditOf, type RunningAudit } from './running-audit';

const d = (n: number | string) => `sha256:${String(n).padStart(64, '0')}`;
const NOW = Date.parse('2026-03-01T00:00:00Z');
type AuditRecord = AuditInput['repositories'][number];

/** A small deterministic generator (the same registry every run). */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % below;
  };
}

/** 40 images sharing a pool of layers, 5 indexes over them, some with a foreign layer. */
function makeFacts(): DigestFacts[] {
  const next = random(7);
  const out: DigestFacts[] = [];
  for (let i = 0; i < 40; i++) {
    const layers: [string, number][] = [[d('base'), 5000]];
    for (let l = 0; l < 1 + next(4); l++) {
      const pick = next(25);
      if (!layers.some(([digest]) => digest === d(`l${pick}`))) layers.push([d(`l${pick}`), 100 + pick * 10]);
    }
    out.push({ digest: d(`i${i}`), kind: 'image', blobs: [[d(`c${i}`), 10 + i], ...layers], created: new Date(NOW - (i * 17 + 1) * DAY_MS).toISOString(), ...(i % 9 === 0 ? { foreignBytes: 700 } : {}) });
  }
  for (let x = 0; x < 5; x++) out.push({ digest: d(`x${x}`), kind: 'index', blobs: [], children: [d(`i${x * 3}`), d(`i${x * 3 + 1}`)] });
  return out;
}

const NAMES = ['team/web', 'team/api', 'team/web/worker', 'team', 'other/multi', 'other/empty', 'deep/a/b/c/one', 'deep/a/b/two', 'solo', 'Bad_Name/x'];

/** A registry of `count` repositories; `round` changes which images the tags point at (a re-crawl). */
function makeRecords(count: number, round: number): AuditRecord[] {
  const next = random(100 + round);
  return Array.from({ length: count }, (_, i) => {
    const name = i < NAMES.length ? (NAMES[i] as string) : `ns-${i % 4}/group-${i % 7}/repo-${i}`;
    const tags: Record<string, string> = {};
    const tagCount = name === 'other/empty' ? 0 : 1 + next(4);
    for (let t = 0; t < tagCount; t++) {
      const roll = next(50);
      // an index, a digest nothing was learnt of (incomplete), else an image
      const digest = roll < 5 ? d(`x${roll}`) : roll === 5 ? d(`unknown${i}`) : d(`i${roll % 40}`);
      tags[t === 0 && i % 3 === 0 ? 'latest' : t === 1 && i % 5 === 0 ? 'Bad Tag' : `v${t}.${round}`] = digest;
    }
    const record: AuditRecord = { repository: name, tags, crawledAt: NOW - round };
    if (i % 11 === 0) record.failedTags = ['v9'];
    return record;
  });
}

/** The ledger saw some tags move in some repositories. */
function makeLedgers(records: readonly AuditRecord[]): Map<string, RepositoryLedger> {
  const ledgers = new Map<string, RepositoryLedger>();
  records.forEach((record, i) => {
    if (i % 4 !== 0) return;
    let ledger = emptyLedger('u', record.repository);
    ledger = applyObservations(ledger, [{ tag: 'v0.0', digest: d('i1') }], 1);
    ledger = applyObservations(ledger, [{ tag: 'v0.0', digest: d('i2') }, ...Object.entries(record.tags).map(([tag, digest]) => ({ tag, digest }))], 2);
    ledgers.set(record.repository, ledger);
  });
  return ledgers;
}

/** The page's view of a stats tree: the namespace, its children, their children without theirs. */
function shown(node: NamespaceStats, levels = 2): NamespaceStats {
  return { ...node, children: levels > 0 ? node.children.map((child) => shown(child, levels - 1)) : [] };
}

function expectSameAsFull(running: RunningAudit, input: Omit<AuditInput, 'scope'>, scope: string) {
  const full = computeAudit({ ...input, scope });
  const view = running.view(scope, 25);
  expect(view.root).toEqual(shown(full.root));
  expect(view.byStored).toEqual([...full.repositories].sort((a, b) => b.storedBytes - a.storedBytes || (a.name < b.name ? -1 : 1)));
  expect(view.stale).toEqual(full.repositories.filter((r) => r.stale));
  expect(view.violations).toEqual(full.violations);
  expect(view.shared).toEqual(full.shared.slice(0, 25));
  expect(view.sharedCount).toBe(full.shared.length);
}

function inBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe('running audit', () => {
  const facts = makeFacts();
  const rules = compileRules({ tagPattern: 'v\\d+\\.\\d+|latest' });

  it('batch by batch, ends with the same figures as aggregating everything at once', () => {
    const records = makeRecords(300, 0);
    const ledgers = makeLedgers(records);
    // facts arrive with the first batch that needs them, as the crawl hands them over
    const byDigest = new Map(facts.map((f) => [f.digest, f]));
    const given = new Set<string>();
    const running = createRunningAudit({ ledgers, now: NOW, staleDays: 90, rules });
    for (const batch of inBatches(records, 50)) {
      const needed = batch.flatMap((r) => Object.values(r.tags)).flatMap((digest) => [digest, ...(byDigest.get(digest)?.children ?? [])]);
      const learnt = [...new Set(needed)].filter((digest) => !given.has(digest) && byDigest.has(digest));
      learnt.forEach((digest) => given.add(digest));
      running.apply(batch, learnt.map((digest) => byDigest.get(digest) as DigestFacts));
    }
    const input = { repositories: records, facts: new Map(facts.map((f) => [f.digest, f])), ledgers, now: NOW, staleDays: 90, rules };
    expect(running.size).toBe(300);
    for (const scope of ['', 'team', 'ns-1', 'ns-2/group-3', 'deep/a', 'absent']) expectSameAsFull(running, input, scope);
    // the root's figures, checked against plain arithmetic too (a wrong total fails here, not only a mismatch)
    const view = running.view('', 25);
    const distinct = new Set(records.flatMap((r) => Object.values(r.tags)));
    expect(view.root.repositories).toBe(300);
    expect(view.root.tags).toBe(records.reduce((sum, r) => sum + Object.keys(r.tags).length, 0));
    expect(view.root.images).toBe(distinct.size);
    const blobs = new Map<string, number>();
    for (const digest of distinct) {
      const own = byDigest.get(digest);
      for (const part of own?.kind === 'index' ? (own.children ?? []).map((child) => byDigest.get(child)) : [own]) for (const [blob, size] of part?.blobs ?? []) blobs.set(blob, size);
    }
    expect(view.root.storedBytes).toBe([...blobs.values()].reduce((sum, size) => sum + size, 0));
  });

  it('a re-crawl that moves tags and drops repositories leaves what a fresh aggregation of the store gives', () => {
    const first = makeRecords(240, 0);
    const ledgers = makeLedgers(first);
    const running = createRunningAudit({ facts: new Map(facts.map((f) => [f.digest, f])), ledgers, now: NOW, staleDays: 90, rules });
    for (const batch of inBatches(first, 50)) running.apply(batch);
    const tagsBefore = running.view('', 25).root.tags;
    // round 1: the same names, other images, 40 repositories fewer
    const second = makeRecords(200, 1);
    for (const batch of inBatches(second, 33)) running.apply(batch);
    running.remove(first.slice(200).map((r) => r.repository));
    const input = { repositories: second, facts: new Map(facts.map((f) => [f.digest, f])), ledgers, now: NOW, staleDays: 90, rules };
    for (const scope of ['', 'team', 'team/web', 'ns-3', 'ns-0/group-0']) expectSameAsFull(running, input, scope);
    expect(running.size).toBe(200);
    expect(running.view('', 25).root.tags).toBe(second.reduce((sum, r) => sum + Object.keys(r.tags).length, 0));
    expect(running.view('', 25).root.tags).not.toBe(tagsBefore);
  });

  it('removing every repository of a namespace removes the namespace', () => {
    const records: AuditRecord[] = [
      { repository: 'a/b/c', tags: { v1: d('i1') }, crawledAt: NOW },
      { repository: 'a/d', tags: { v1: d('i2') }, crawledAt: NOW },
    ];
    const running = runningAuditOf({ repositories: records, facts: new Map(facts.map((f) => [f.digest, f])), now: NOW, staleDays: 90 });
    running.remove(['a/b/c']);
    expect(running.view('a', 25).root.children.map((c) => c.path)).toEqual(['a/d']);
    expect(running.view('a/b', 25).root).toMatchObject({ repositories: 0, storedBytes: 0, children: [] });
    expect(running.repository('a/b/c')).toBeUndefined();
  });

  it('the newest image of a namespace follows a re-crawl that took the newest one away', () => {
    const byDigest = new Map(facts.map((f) => [f.digest, f]));
    const running = runningAuditOf({
      repositories: [
        { repository: 'n/new', tags: { v1: d('i0') }, crawledAt: NOW },
        { repository: 'n/old', tags: { v1: d('i30') }, crawledAt: NOW },
      ],
      facts: byDigest,
      now: NOW,
      staleDays: 90,
    });
    expect(running.view('n', 25).root.newest).toBe(byDigest.get(d('i0'))?.created);
    running.apply([{ repository: 'n/new', tags: { v1: d('i20') }, crawledAt: NOW }]);
    expect(running.view('n', 25).root.newest).toBe(byDigest.get(d('i20'))?.created);
    expect(running.view('n', 25).root.oldest).toBe(byDigest.get(d('i30'))?.created);
  });
});
