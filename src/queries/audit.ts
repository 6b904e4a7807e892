/**
 * Namespace audit arithmetic, pure: from what the crawl stored (tag → digest per repository and
 * compact facts per digest) and what the digest ledger saw over time, the figures per namespace.
 *
 * Definitions (the audit page states them too):
 *   - image: a manifest a tag points at (an index counts as one image; its size is the sum of its
 *     platforms'); "distinct images" counts digests once however many tags or repositories
 *     point at them;
 *   - logical size: the sum of the distinct images' sizes, each image being config + layers
 *     (what pulling every image once would transfer);
 *   - stored size: every distinct blob (configs and layers) referenced by those images, once —
 *     what the registry's storage holds for them, layers shared across images and repositories
 *     counted once. Manifests themselves and foreign layers are not counted;
 *   - dedup ratio: logical / stored;
 *   - stale repository: no image created within the last N days (empty repositories count);
 *   - untagged (known): digests the ledger saw under a tag of the repository that no tag points
 *     at now (not re-checked: one may have been deleted since); from regatta-index, the complete
 *     count of stored untagged manifests instead;
 *   - moved tags: tags the ledger saw pointing at more than one digest over time.
 */
import { buildNamespaceTree, type NamespaceNode } from '../registry/namespace-tree';
import type { BlobFact, DigestFacts } from './crawl-facts';
import type { CrawledRepository } from './crawl-store';
import type { RepositoryLedger } from './ledger';
import { checkRepository, compileRules, type CompiledRules, type NamingViolation } from './naming-rules';
import { createdTime } from '../registry/created-time';

export const DAY_MS = 24 * 3600 * 1000;

/** An image resolved through its facts (an index through its children). */
export interface ResolvedImage {
  digest: string;
  size: number;
  /** Distinct stored blobs (an index: its platforms' together). */
  blobs: BlobFact[];
  /** Digests of the image manifests making it up (itself, or an index's children). */
  manifests: string[];
  created?: string;
  /** Every fact needed was found. */
  complete: boolean;
}

export interface LedgerView {
  /** Digests seen under a tag that no tag points at now. */
  untagged: string[];
  /** Tags seen pointing at more than one digest. */
  movedTags: string[];
}

/** What the ledger says beyond the current tags (pure). */
export function ledgerView(ledger: RepositoryLedger | undefined, currentTags: Record<string, string>): LedgerView {
  if (!ledger) return { untagged: [], movedTags: [] };
  const tagged = new Set(Object.values(currentTags));
  const digestsPerTag = new Map<string, Set<string>>();
  for (const manifest of Object.values(ledger.manifests)) {
    for (const tag of manifest.tags) {
      let set = digestsPerTag.get(tag);
      if (!set) digestsPerTag.set(tag, (set = new Set()));
      set.add(manifest.digest);
    }
  }
  const untagged = Object.keys(ledger.manifests).filter((digest) => !tagged.has(digest)).sort();
  const movedTags = [...digestsPerTag].filter(([, digests]) => digests.size > 1).map(([tag]) => tag).sort();
  return { untagged, movedTags };
}

// Records crawled before zero dates were dropped may still hold 0001-01-01: it is no date.
export function later(a: string | undefined, b: string | undefined): string | undefined {
  const ta = createdTime(a);
  const tb = createdTime(b);
  if (ta === undefined) return tb === undefined ? undefined : b;
  return tb !== undefined && tb > ta ? b : a;
}

export function earlier(a: string | undefined, b: string | undefined): string | undefined {
  const ta = createdTime(a);
  const tb = createdTime(b);
  if (ta === undefined) return tb === undefined ? undefined : b;
  return tb !== undefined && tb < ta ? b : a;
}

/** Resolves images by digest, memoized (complete images only) over `facts`, which may grow. */
export function createImageResolver(facts: ReadonlyMap<string, DigestFacts>) {
  const memo = new Map<string, ResolvedImage>();
  function resolve(digest: string, depth = 0): ResolvedImage {
    const cached = memo.get(digest);
    if (cached) return cached;
    const own = facts.get(digest);
    let image: ResolvedImage;
    if (!own) image = { digest, size: 0, blobs: [], manifests: [], complete: false };
    else if (own.kind !== 'index') {
      const size = own.blobs.reduce((sum, [, bytes]) => sum + bytes, 0) + (own.foreignBytes ?? 0);
      image = { digest, size, blobs: own.blobs, manifests: [digest], created: own.created, complete: true };
    } else {
      const blobs = new Map<string, number>();
      let size = 0;
      let created = own.created;
      let complete = true;
      const manifests: string[] = [];
      for (const child of own.children ?? []) {
        // A nested index deeper than one level is not followed (no registry pushes those).
        const part = depth < 2 ? resolve(child, depth + 1) : undefined;
        if (!part || !part.complete) complete = false;
        if (!part) continue;
        size += part.size;
        created = later(created, part.created);
        manifests.push(...part.manifests);
        for (const [d, bytes] of part.blobs) blobs.set(d, bytes);
      }
      image = { digest, size, blobs: [...blobs], manifests, created, complete };
    }
    // An incomplete image is not kept: facts may still arrive (a running audit adds them batch by batch).
    if (image.complete) memo.set(digest, image);
    return image;
  }
  return resolve;
}

export interface RepositoryStats {
  name: string;
  /** Namespace holding it ('' at the top). */
  namespace: string;
  tags: number;
  images: number;
  untagged: number;
  logicalBytes: number;
  storedBytes: number;
  newest?: string;
  oldest?: string;
  stale: boolean;
  /** Has a `latest` tag. */
  usesLatest: boolean;
  movedTags: string[];
  violations: number;
  /** Tags whose image could not be read (or whose HEAD failed). */
  incomplete: number;
  crawledAt: number;
}

export interface NamespaceStats {
  path: string;
  label: string;
  depth: number;
  isRepository: boolean;
  repositories: number;
  tags: number;
  images: number;
  untagged: number;
  logicalBytes: number;
  storedBytes: number;
  /** logical / stored; null when nothing is stored. */
  dedupRatio: number | null;
  newest?: string;
  oldest?: string;
  staleRepositories: number;
  /** Repositories with a `latest` tag. */
  latestTags: number;
  movedTags: number;
  violations: number;
  incomplete: number;
  children: NamespaceStats[];
}

export interface SharedBlob {
  digest: string;
  kind: 'layer' | 'config';
  size: number;
  /** Distinct image manifests using it. */
  images: number;
  repositories: number;
  /** size × (images − 1): what storing it once instead of once per image saves. */
  savedBytes: number;
}

export interface AuditInput {
  repositories: readonly Pick<CrawledRepository, 'repository' | 'tags' | 'failedTags' | 'crawledAt'>[];
  facts: ReadonlyMap<string, DigestFacts>;
  /** Per repository: the digest ledger's record (untagged and moved tags). */
  ledgers?: ReadonlyMap<string, RepositoryLedger>;
  /** Per repository: the complete untagged count (regatta-index), preferred to the ledger's. */
  untagged?: ReadonlyMap<string, number>;
  now: number;
  staleDays: number;
  rules?: CompiledRules;
  /** Restrict to a namespace ('' = everything). */
  scope?: string;
}

export interface Audit {
  /** The node of `scope` (the root when ''), with every node below it. */
  root: NamespaceStats;
  repositories: RepositoryStats[];
  violations: (NamingViolation & { namespace: string })[];
  /** Blobs used by more than one image, most bytes saved first. */
  shared: SharedBlob[];
}

/** Code-point order, as `_catalog` lists names (not locale order). */
export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function parentOf(name: string): string {
  const cut = name.lastIndexOf('/');
  return cut < 0 ? '' : name.slice(0, cut);
}

function findNode(root: NamespaceNode, path: string): NamespaceNode | undefined {
  if (path === '') return root;
  let node: NamespaceNode | undefined = root;
  for (const segment of path.split('/')) {
    node = node?.children.find((child) => child.segment === segment);
    if (!node) return undefined;
  }
  return node;
}

interface Accumulator {
  images: Set<string>;
  blobs: Map<string, number>;
}

/** One repository's audit: its row, its distinct images and blobs (with sizes), its naming violations. */
export interface RepositoryAudit {
  stats: RepositoryStats;
  /** Distinct images its tags point at: [digest, size]. */
  images: [digest: string, size: number][];
  /** Distinct stored blobs of those images: [digest, size]. */
  blobs: Map<string, number>;
  /** Image manifests making up those images (an index's platforms), each once. */
  manifests: string[];
  violations: (NamingViolation & { namespace: string })[];
}

export interface RepositoryAuditContext {
  resolve: (digest: string) => ResolvedImage;
  /** Epoch ms before which the newest image makes the repository stale. */
  cutoff: number;
  rules: CompiledRules;
  ledger?: RepositoryLedger;
  /** The complete untagged count (regatta-index), preferred to the ledger's. */
  untagged?: number;
}

/** The figures of one crawled repository (pure; the namespace figures add these up). */
export function auditRepository(record: AuditInput['repositories'][number], context: RepositoryAuditContext): RepositoryAudit {
  const name = record.repository;
  const digests = [...new Set(Object.values(record.tags))];
  const images = digests.map((digest) => context.resolve(digest));
  const blobs = new Map<string, number>();
  const manifests = new Set<string>();
  let logical = 0;
  let newest: string | undefined;
  let oldest: string | undefined;
  let incomplete = record.failedTags?.length ?? 0;
  for (const image of images) {
    logical += image.size;
    newest = later(newest, image.created);
    oldest = earlier(oldest, image.created);
    if (!image.complete) incomplete += Object.values(record.tags).filter((d) => d === image.digest).length;
    for (const [digest, size] of image.blobs) blobs.set(digest, size);
    for (const manifest of image.manifests) manifests.add(manifest);
  }
  const ledger = ledgerView(context.ledger, record.tags);
  const tagNames = [...Object.keys(record.tags), ...(record.failedTags ?? []).filter((t) => t !== '*')];
  const found = checkRepository(name, tagNames, context.rules);
  const namespace = parentOf(name);
  const stale = newest === undefined ? digests.length === 0 : Date.parse(newest) < context.cutoff;
  const stats: RepositoryStats = {
    name,
    namespace,
    tags: Object.keys(record.tags).length,
    images: digests.length,
    untagged: context.untagged ?? ledger.untagged.length,
    logicalBytes: logical,
    storedBytes: [...blobs.values()].reduce((sum, size) => sum + size, 0),
    newest,
    oldest,
    stale,
    usesLatest: 'latest' in record.tags,
    movedTags: ledger.movedTags,
    violations: found.length,
    incomplete,
    crawledAt: record.crawledAt,
  };
  return {
    stats,
    images: images.map((image) => [image.digest, image.size]),
    blobs,
    manifests: [...manifests],
    violations: found.map((violation) => ({ ...violation, namespace })),
  };
}

export function computeAudit(input: AuditInput): Audit {
  const scope = (input.scope ?? '').replace(/^\/+|\/+$/g, '');
  const rules = input.rules ?? compileRules();
  const resolve = createImageResolver(input.facts);
  const cutoff = input.now - input.staleDays * DAY_MS;
  const inScope = (name: string) => scope === '' || name === scope || name.startsWith(`${scope}/`);
  const records = input.repositories.filter((r) => inScope(r.repository));

  const repoStats = new Map<string, RepositoryStats>();
  const repoImages = new Map<string, string[]>();
  const violations: Audit['violations'] = [];
  const blobUse = new Map<string, { size: number; kind: 'layer' | 'config'; images: Set<string>; repositories: Set<string> }>();

  for (const record of records) {
    const name = record.repository;
    const audited = auditRepository(record, { resolve, cutoff, rules, ledger: input.ledgers?.get(name), untagged: input.untagged?.get(name) });
    for (const manifest of audited.manifests) {
      const own = input.facts.get(manifest);
      own?.blobs.forEach(([digest, size], i) => {
        let use = blobUse.get(digest);
        if (!use) blobUse.set(digest, (use = { size, kind: i === 0 ? 'config' : 'layer', images: new Set(), repositories: new Set() }));
        if (i > 0) use.kind = 'layer';
        use.images.add(manifest);
        use.repositories.add(name);
      });
    }
    violations.push(...audited.violations);
    repoStats.set(name, audited.stats);
    repoImages.set(name, audited.images.map(([digest]) => digest));
  }

  const tree = buildNamespaceTree(records.map((r) => r.repository));
  const start = findNode(tree, scope) ?? { segment: scope.split('/').at(-1) ?? '', path: scope, isRepository: false, repositoryCount: 0, children: [] };

  function visit(node: NamespaceNode, depth: number): { stats: NamespaceStats; acc: Accumulator } {
    const acc: Accumulator = { images: new Set(), blobs: new Map() };
    const stats: NamespaceStats = {
      path: node.path,
      label: node.segment,
      depth,
      isRepository: node.isRepository,
      repositories: 0,
      tags: 0,
      images: 0,
      untagged: 0,
      logicalBytes: 0,
      storedBytes: 0,
      dedupRatio: null,
      staleRepositories: 0,
      latestTags: 0,
      movedTags: 0,
      violations: 0,
      incomplete: 0,
      children: [],
    };
    const own = node.isRepository ? repoStats.get(node.path) : undefined;
    if (own) {
      stats.repositories += 1;
      stats.tags += own.tags;
      stats.untagged += own.untagged;
      stats.staleRepositories += own.stale ? 1 : 0;
      stats.latestTags += own.usesLatest ? 1 : 0;
      stats.movedTags += own.movedTags.length;
      stats.violations += own.violations;
      stats.incomplete += own.incomplete;
      stats.newest = own.newest;
      stats.oldest = own.oldest;
      for (const digest of repoImages.get(node.path) ?? []) {
        acc.images.add(digest);
        for (const [blob, size] of resolve(digest).blobs) acc.blobs.set(blob, size);
      }
    }
    for (const child of node.children) {
      const { stats: childStats, acc: childAcc } = visit(child, depth + 1);
      stats.children.push(childStats);
      stats.repositories += childStats.repositories;
      stats.tags += childStats.tags;
      stats.untagged += childStats.untagged;
      stats.staleRepositories += childStats.staleRepositories;
      stats.latestTags += childStats.latestTags;
      stats.movedTags += childStats.movedTags;
      stats.violations += childStats.violations;
      stats.incomplete += childStats.incomplete;
      stats.newest = later(stats.newest, childStats.newest);
      stats.oldest = earlier(stats.oldest, childStats.oldest);
      for (const digest of childAcc.images) acc.images.add(digest);
      for (const [blob, size] of childAcc.blobs) acc.blobs.set(blob, size);
    }
    stats.images = acc.images.size;
    for (const digest of acc.images) stats.logicalBytes += resolve(digest).size;
    for (const size of acc.blobs.values()) stats.storedBytes += size;
    stats.dedupRatio = stats.storedBytes > 0 ? stats.logicalBytes / stats.storedBytes : null;
    return { stats, acc };
  }

  const root = visit(start, 0).stats;
  const shared: SharedBlob[] = [...blobUse]
    .filter(([, use]) => use.images.size > 1)
    .map(([digest, use]) => ({ digest, kind: use.kind, size: use.size, images: use.images.size, repositories: use.repositories.size, savedBytes: use.size * (use.images.size - 1) }))
    .sort((a, b) => b.savedBytes - a.savedBytes || compare(a.digest, b.digest));
  const repositories = [...repoStats.values()].sort((a, b) => compare(a.name, b.name));
  violations.sort((a, b) => compare(a.repository, b.repository) || compare(a.tag ?? '', b.tag ?? ''));
  return { root, repositories, violations, shared };
}

/** Every node of a stats tree, depth first (for exports). */
export function flattenStats(root: NamespaceStats): NamespaceStats[] {
  const out: NamespaceStats[] = [];
  const walk = (node: NamespaceStats) => {
    out.push(node);
    node.children.forEach(walk);
  };
  walk(root);
  return out;
}

export interface LayerUser {
  repository: string;
  /** Tags reaching the layer (directly or through an index). */
  tags: string[];
  /** The image manifest holding the layer. */
  manifest: string;
  /** The tagged index it belongs to, when it is a platform of one. */
  index?: string;
}

/** Which repositories and tags use a blob, from the crawl's records. */
export function layerUsers(repositories: AuditInput['repositories'], facts: ReadonlyMap<string, DigestFacts>, layer: string): LayerUser[] {
  const holds = (digest: string) => facts.get(digest)?.blobs.some(([d]) => d === layer) ?? false;
  const out: LayerUser[] = [];
  for (const record of repositories) {
    const byManifest = new Map<string, LayerUser>();
    for (const [tag, digest] of Object.entries(record.tags)) {
      const own = facts.get(digest);
      const hits: { manifest: string; index?: string }[] = [];
      if (own?.kind === 'index') for (const child of own.children ?? []) if (holds(child)) hits.push({ manifest: child, index: digest });
      if (own && own.kind !== 'index' && holds(digest)) hits.push({ manifest: digest });
      for (const hit of hits) {
        const key = `${hit.index ?? ''}>${hit.manifest}`;
        const user = byManifest.get(key) ?? { repository: record.repository, tags: [], ...hit };
        user.tags.push(tag);
        byManifest.set(key, user);
      }
    }
    for (const user of byManifest.values()) out.push({ ...user, tags: user.tags.sort() });
  }
  return out.sort((a, b) => compare(a.repository, b.repository) || compare(a.tags[0] ?? '', b.tags[0] ?? ''));
}

/**
 * How many images use a blob: distinct manifests (a manifest copied to 11 repositories, or a
 * platform listed by two indexes, is one image) and the repositories holding them.
 */
export function layerUserCounts(users: readonly LayerUser[]): { images: number; repositories: number } {
  return { images: new Set(users.map((u) => u.manifest)).size, repositories: new Set(users.map((u) => u.repository)).size };
}

/** A blob's size and kind as the crawl knows it (undefined: not seen). */
export function blobInfo(facts: ReadonlyMap<string, DigestFacts>, blob: string): { size: number; kind: 'layer' | 'config' } | undefined {
  let found: { size: number; kind: 'layer' | 'config' } | undefined;
  for (const f of facts.values()) {
    const i = f.blobs.findIndex(([d]) => d === blob);
    if (i < 0) continue;
    const size = f.blobs[i]?.[1] ?? 0;
    if (i > 0) return { size, kind: 'layer' };
    found = { size, kind: 'config' };
  }
  return found;
}
