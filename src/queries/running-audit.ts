/**
 * The audit kept up to date while a crawl writes, pure: each batch of finished repositories adds
 * (or replaces) its repositories' figures in running namespace totals, so a progress update costs
 * the batch, not everything crawled so far. Same definitions and same figures as `computeAudit`
 * over the same records (audit.ts; running-audit.test.ts holds the two side by side).
 *   - distinct images and blobs per namespace are reference counts (how many repositories below
 *     use each), so replacing a re-crawled repository subtracts exactly what it added;
 *   - newest / oldest keep a count per date: a removal only rescans a node when it took away the
 *     extreme itself;
 *   - the row lists (largest stored first, stale by name, violations) stay sorted by insertion;
 *   - the shared-blob ranking keeps its top entries and merges the blobs a batch touched, reading
 *     every blob again only when a batch lowered a ranked blob's count.
 * What depends on `staleDays`, `now` or the naming rules is fixed at creation: changing one means
 * a new running audit (once, on the user's change).
 */
import {
  auditRepository,
  compare,
  createImageResolver,
  DAY_MS,
  earlier,
  later,
  type AuditInput,
  type NamespaceStats,
  type RepositoryAudit,
  type RepositoryStats,
  type SharedBlob,
} from './audit';
import type { DigestFacts } from './crawl-facts';
import type { RepositoryLedger } from './ledger';
import { compileRules, type CompiledRules } from './naming-rules';
import { compareNatural } from '../registry/natural-sort';

type AuditRecord = AuditInput['repositories'][number];
type Violation = RepositoryAudit['violations'][number];

export interface RunningAuditOptions {
  facts?: ReadonlyMap<string, DigestFacts>;
  ledgers?: ReadonlyMap<string, RepositoryLedger>;
  untagged?: ReadonlyMap<string, number>;
  now: number;
  staleDays: number;
  rules?: CompiledRules;
}

/** What the audit page shows of one namespace (the page never looks below its grandchildren). */
export interface AuditView {
  /** The namespace, its children, and their children (whose own `children` are left empty). */
  root: NamespaceStats;
  /** Repositories of the namespace, largest stored size first (then by name). */
  byStored: RepositoryStats[];
  /** Stale repositories of the namespace, by name. */
  stale: RepositoryStats[];
  violations: Violation[];
  /** The `sharedLimit` blobs saving the most through sharing. */
  shared: SharedBlob[];
  /** How many blobs are used by more than one image. */
  sharedCount: number;
  /** The namespace's own repository, when it is one too. */
  own: RepositoryStats | undefined;
}

export interface RunningAudit {
  /** Adds or replaces repositories; `facts` are the digests learnt with them. */
  apply(records: readonly AuditRecord[], facts?: readonly DigestFacts[]): void;
  remove(names: readonly string[]): void;
  readonly size: number;
  repository(name: string): RepositoryStats | undefined;
  view(scope: string, sharedLimit: number): AuditView;
}

/** Counts per value with the extreme value cached (rescanned only when a removal took it away). */
class Extreme {
  private counts = new Map<string, number>();
  private best: string | undefined;
  private stale = false;
  constructor(private readonly pick: (a: string | undefined, b: string | undefined) => string | undefined) {}
  add(value: string | undefined): void {
    if (value === undefined) return;
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    if (!this.stale) this.best = this.pick(this.best, value);
  }
  remove(value: string | undefined): void {
    if (value === undefined) return;
    const left = (this.counts.get(value) ?? 0) - 1;
    if (left > 0) this.counts.set(value, left);
    else {
      this.counts.delete(value);
      if (value === this.best) this.stale = true;
    }
  }
  get(): string | undefined {
    if (this.stale) {
      this.best = undefined;
      for (const value of this.counts.keys()) this.best = this.pick(this.best, value);
      this.stale = false;
    }
    return this.best;
  }
}

/** Distinct keys with a summed size: a key counts while at least one user holds it. */
class CountedSizes {
  private counts = new Map<string, number>();
  total = 0;
  get size(): number {
    return this.counts.size;
  }
  add(key: string, size: number): void {
    const count = this.counts.get(key) ?? 0;
    if (count === 0) this.total += size;
    this.counts.set(key, count + 1);
  }
  remove(key: string, size: number): void {
    const count = (this.counts.get(key) ?? 0) - 1;
    if (count > 0) this.counts.set(key, count);
    else if (count === 0) {
      this.counts.delete(key);
      this.total -= size;
    }
  }
}

interface Node {
  segment: string;
  path: string;
  parent: Node | null;
  children: Map<string, Node>;
  /** Children in natural order, rebuilt when one is added or removed. */
  ordered: Node[] | null;
  own: RepositoryStats | undefined;
  repositories: number;
  tags: number;
  untagged: number;
  staleRepositories: number;
  latestTags: number;
  movedTags: number;
  violations: number;
  incomplete: number;
  images: CountedSizes;
  blobs: CountedSizes;
  newest: Extreme;
  oldest: Extreme;
}

function createNode(segment: string, path: string, parent: Node | null): Node {
  return {
    segment,
    path,
    parent,
    children: new Map(),
    ordered: null,
    own: undefined,
    repositories: 0,
    tags: 0,
    untagged: 0,
    staleRepositories: 0,
    latestTags: 0,
    movedTags: 0,
    violations: 0,
    incomplete: 0,
    images: new CountedSizes(),
    blobs: new CountedSizes(),
    newest: new Extreme(later),
    oldest: new Extreme(earlier),
  };
}

interface BlobUse {
  size: number;
  /** Uses as a layer (any makes it a layer; else it is a config). */
  layerUses: number;
  images: Map<string, number>;
  repositories: Map<string, number>;
}

/** Per repository: what it added, to take away exactly that when it is crawled again. */
interface Contribution extends RepositoryAudit {
  /** [blob, manifest, as a layer, size] once each. */
  uses: [blob: string, manifest: string, layer: boolean, size: number][];
}

const byStoredOrder = (a: RepositoryStats, b: RepositoryStats) => b.storedBytes - a.storedBytes || compare(a.name, b.name);
const byNameOrder = (a: RepositoryStats, b: RepositoryStats) => compare(a.name, b.name);
const bySaved = (a: SharedBlob, b: SharedBlob) => b.savedBytes - a.savedBytes || compare(a.digest, b.digest);

/** First index whose item is not before `item` (binary search in a sorted list). */
function lowerBound<T>(list: readonly T[], before: (x: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(list[mid] as T)) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  list.splice(
    lowerBound(list, (x) => order(x, item) < 0),
    0,
    item,
  );
}

function removeSorted<T>(list: T[], item: T, order: (a: T, b: T) => number): void {
  const at = lowerBound(list, (x) => order(x, item) < 0);
  if (list[at] === item) list.splice(at, 1);
}

function sharedBlob(digest: string, use: BlobUse): SharedBlob {
  return { digest, kind: use.layerUses > 0 ? 'layer' : 'config', size: use.size, images: use.images.size, repositories: use.repositories.size, savedBytes: use.size * (use.images.size - 1) };
}

const inScope = (name: string, scope: string) => scope === '' || name === scope || name.startsWith(`${scope}/`);

export function createRunningAudit(options: RunningAuditOptions): RunningAudit {
  const facts = new Map(options.facts);
  const resolve = createImageResolver(facts);
  const rules = options.rules ?? compileRules();
  const cutoff = options.now - options.staleDays * DAY_MS;
  const root = createNode('', '', null);
  const repositories = new Map<string, Contribution>();
  const byStored: RepositoryStats[] = [];
  const staleByName: RepositoryStats[] = [];
  const violations: Violation[] = [];
  const blobUse = new Map<string, BlobUse>();
  let sharedCount = 0;
  /** The last ranking (null: rank every blob again), its length, and the blobs touched since. */
  let ranked: Set<string> | null = new Set();
  let rankedLimit = 0;
  const touched = new Set<string>();

  function nodeFor(name: string): Node {
    let node = root;
    for (const segment of name.split('/')) {
      let child = node.children.get(segment);
      if (!child) {
        child = createNode(segment, node.path === '' ? segment : `${node.path}/${segment}`, node);
        node.children.set(segment, child);
        node.ordered = null;
      }
      node = child;
    }
    return node;
  }

  function findNode(path: string): Node | undefined {
    if (path === '') return root;
    let node: Node | undefined = root;
    for (const segment of path.split('/')) {
      node = node.children.get(segment);
      if (!node) return undefined;
    }
    return node;
  }

  /** Adds (sign 1) or takes away (sign −1) one repository's figures on its node and every namespace above. */
  function tally(node: Node, repo: Contribution, sign: 1 | -1): void {
    const { stats } = repo;
    for (let at: Node | null = node; at; at = at.parent) {
      at.repositories += sign;
      at.tags += sign * stats.tags;
      at.untagged += sign * stats.untagged;
      at.staleRepositories += sign * (stats.stale ? 1 : 0);
      at.latestTags += sign * (stats.usesLatest ? 1 : 0);
      at.movedTags += sign * stats.movedTags.length;
      at.violations += sign * stats.violations;
      at.incomplete += sign * stats.incomplete;
      if (sign > 0) {
        at.newest.add(stats.newest);
        at.oldest.add(stats.oldest);
        for (const [digest, size] of repo.images) at.images.add(digest, size);
        for (const [blob, size] of repo.blobs) at.blobs.add(blob, size);
      } else {
        at.newest.remove(stats.newest);
        at.oldest.remove(stats.oldest);
        for (const [digest, size] of repo.images) at.images.remove(digest, size);
        for (const [blob, size] of repo.blobs) at.blobs.remove(blob, size);
      }
    }
  }

  function countUse(map: Map<string, number>, key: string, sign: 1 | -1): void {
    const count = (map.get(key) ?? 0) + sign;
    if (count > 0) map.set(key, count);
    else map.delete(key);
  }

  /** `before`: each blob's image count before the batch first changed it. */
  function tallyBlobs(name: string, repo: Contribution, sign: 1 | -1, before: Map<string, number>): void {
    const counted = new Set<string>();
    for (const [blob, manifest, layer, size] of repo.uses) {
      let use = blobUse.get(blob);
      if (!use) {
        if (sign < 0) continue;
        blobUse.set(blob, (use = { size, layerUses: 0, images: new Map(), repositories: new Map() }));
      }
      if (!before.has(blob)) before.set(blob, use.images.size);
      const had = use.images.size;
      countUse(use.images, manifest, sign);
      if (layer) use.layerUses += sign;
      if (!counted.has(blob)) {
        counted.add(blob);
        countUse(use.repositories, name, sign);
      }
      const after = use.images.size;
      if (had <= 1 && after > 1) sharedCount += 1;
      if (had > 1 && after <= 1) sharedCount -= 1;
      touched.add(blob);
      if (use.images.size === 0) blobUse.delete(blob);
    }
  }

  function detach(name: string, before: Map<string, number>): void {
    const previous = repositories.get(name);
    if (!previous) return;
    repositories.delete(name);
    const node = findNode(name) as Node;
    tally(node, previous, -1);
    tallyBlobs(name, previous, -1, before);
    node.own = undefined;
    removeSorted(byStored, previous.stats, byStoredOrder);
    if (previous.stats.stale) removeSorted(staleByName, previous.stats, byNameOrder);
    if (previous.violations.length > 0) {
      const from = lowerBound(violations, (v) => compare(v.repository, name) < 0);
      let to = from;
      while (to < violations.length && violations[to]?.repository === name) to += 1;
      violations.splice(from, to - from);
    }
    // A namespace with no repository left below it is gone (as it would be from a fresh tree).
    for (let at: Node | null = node; at && at.parent && at.repositories === 0; at = at.parent) {
      at.parent.children.delete(at.segment);
      at.parent.ordered = null;
    }
  }

  /** `bulk`: rows are appended, and sorted once after the batch (an audit built from a whole stored crawl). */
  function attach(record: AuditRecord, before: Map<string, number>, bulk = false): void {
    const name = record.repository;
    const audited = auditRepository(record, { resolve, cutoff, rules, ledger: options.ledgers?.get(name), untagged: options.untagged?.get(name) });
    const uses: Contribution['uses'] = [];
    for (const manifest of audited.manifests) {
      facts.get(manifest)?.blobs.forEach(([blob, size], i) => uses.push([blob, manifest, i > 0, size]));
    }
    const repo: Contribution = { ...audited, uses };
    repositories.set(name, repo);
    const node = nodeFor(name);
    node.own = repo.stats;
    tally(node, repo, 1);
    tallyBlobs(name, repo, 1, before);
    if (bulk) {
      byStored.push(repo.stats);
      if (repo.stats.stale) staleByName.push(repo.stats);
      violations.push(...repo.violations);
      return;
    }
    insertSorted(byStored, repo.stats, byStoredOrder);
    if (repo.stats.stale) insertSorted(staleByName, repo.stats, byNameOrder);
    if (repo.violations.length > 0) {
      const block = [...repo.violations].sort((a, b) => compare(a.tag ?? '', b.tag ?? ''));
      violations.splice(lowerBound(violations, (v) => compare(v.repository, name) < 0), 0, ...block);
    }
  }

  function ordered(node: Node): Node[] {
    node.ordered ??= [...node.children.values()].sort((a, b) => compareNatural(a.segment, b.segment));
    return node.ordered;
  }

  function stats(node: Node, depth: number, deeper: number): NamespaceStats {
    const logicalBytes = node.images.total;
    const storedBytes = node.blobs.total;
    return {
      path: node.path,
      label: node.segment,
      depth,
      isRepository: node.own !== undefined,
      repositories: node.repositories,
      tags: node.tags,
      images: node.images.size,
      untagged: node.untagged,
      logicalBytes,
      storedBytes,
      dedupRatio: storedBytes > 0 ? logicalBytes / storedBytes : null,
      newest: node.newest.get(),
      oldest: node.oldest.get(),
      staleRepositories: node.staleRepositories,
      latestTags: node.latestTags,
      movedTags: node.movedTags,
      violations: node.violations,
      incomplete: node.incomplete,
      children: deeper > 0 ? ordered(node).map((child) => stats(child, depth + 1, deeper - 1)) : [],
    };
  }

  function rankShared(limit: number): SharedBlob[] {
    const candidates = ranked === null || limit > rankedLimit ? blobUse.keys() : new Set([...ranked, ...touched]);
    const rows: SharedBlob[] = [];
    for (const digest of candidates) {
      const use = blobUse.get(digest);
      if (use && use.images.size > 1) rows.push(sharedBlob(digest, use));
    }
    rows.sort(bySaved);
    const top = rows.slice(0, limit);
    ranked = new Set(top.map((row) => row.digest));
    rankedLimit = limit;
    touched.clear();
    return top;
  }

  /** A namespace's shared blobs, from its repositories alone (a zoomed view: the running totals are the registry's). */
  function sharedWithin(scope: string, limit: number): { shared: SharedBlob[]; count: number } {
    const local = new Map<string, BlobUse>();
    for (const [name, repo] of repositories) {
      if (!inScope(name, scope)) continue;
      for (const [blob, manifest, layer, size] of repo.uses) {
        let use = local.get(blob);
        if (!use) local.set(blob, (use = { size, layerUses: 0, images: new Map(), repositories: new Map() }));
        use.images.set(manifest, 1);
        use.repositories.set(name, 1);
        if (layer) use.layerUses += 1;
      }
    }
    const rows = [...local].filter(([, use]) => use.images.size > 1).map(([digest, use]) => sharedBlob(digest, use));
    return { shared: rows.sort(bySaved).slice(0, limit), count: rows.length };
  }

  /** A ranked blob that ended a batch with fewer images may have left the top: rank them all next time. */
  function demoted(before: Map<string, number>): void {
    for (const [blob, count] of before) {
      if (ranked?.has(blob) && (blobUse.get(blob)?.images.size ?? 0) < count) {
        ranked = null;
        return;
      }
    }
  }

  const running: RunningAudit = {
    apply(records, learnt = []) {
      for (const fact of learnt) facts.set(fact.digest, fact);
      const before = new Map<string, number>();
      if (repositories.size === 0 && new Set(records.map((r) => r.repository)).size === records.length) {
        for (const record of records) attach(record, before, true);
        byStored.sort(byStoredOrder);
        staleByName.sort(byNameOrder);
        violations.sort((a, b) => compare(a.repository, b.repository) || compare(a.tag ?? '', b.tag ?? ''));
        return;
      }
      for (const record of records) {
        detach(record.repository, before);
        attach(record, before);
      }
      demoted(before);
    },
    remove(names) {
      const before = new Map<string, number>();
      for (const name of names) detach(name, before);
      demoted(before);
    },
    get size() {
      return repositories.size;
    },
    repository(name) {
      return repositories.get(name)?.stats;
    },
    view(scope, sharedLimit) {
      const node = findNode(scope);
      const rootStats = node
        ? stats(node, 0, 2)
        : stats(createNode(scope.split('/').at(-1) ?? '', scope, null), 0, 0);
      const whole = scope === '';
      const within = (list: RepositoryStats[]) => (whole ? [...list] : list.filter((r) => inScope(r.name, scope)));
      const shared = whole ? { shared: rankShared(sharedLimit), count: sharedCount } : sharedWithin(scope, sharedLimit);
      return {
        root: rootStats,
        byStored: within(byStored),
        stale: within(staleByName),
        violations: whole ? [...violations] : violations.filter((v) => inScope(v.repository, scope)),
        shared: shared.shared,
        sharedCount: shared.count,
        own: node?.own,
      };
    },
  };
  return running;
}

/** A running audit of everything in `input` (the page's starting point before batches arrive). */
export function runningAuditOf(input: Omit<AuditInput, 'scope'>): RunningAudit {
  const audit = createRunningAudit(input);
  audit.apply(input.repositories);
  return audit;
}
