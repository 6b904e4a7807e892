/**
 * The crawl behind the orphans page and the cleanup dry run: for each repository, what is stored
 * and what points at it. Two sources, detected per registry:
 *   - 'acr': ACR's manifest list says directly which manifests exist, with tags, times, sizes and
 *     locks (one request per page);
 *   - 'ledger': plain v2 — tags/list + one GET by tag per tag (digest and manifest in one answer;
 *     HEAD once a repository's tags prove to be aliases) refresh the digest ledger; recorded
 *     digests no tag points at are confirmed with a GET by digest (200 keep, 404 drop from the
 *     ledger).
 * Then every manifest involved not read yet is read by digest for its blobs, children and subject,
 * and image configs for `created`: each digest once per scan, whatever number of repositories
 * share it (content-addressed), and not at all when the app's cache has it already. The scan
 * keeps what it read to itself rather than writing thousands of cache entries.
 * Every request goes through the registry's shared request queue, at low priority.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { AcrClient, AcrChangeableAttributes } from '../registry/acr';
import { isLocked } from '../registry/acr';
import type { RegistryClient } from '../registry/client';
import type { IndexClient } from '../registry/index-client';
import { isAbortError, isRegistryError } from '../registry/errors';
import { describeError } from './operations/decisions';
import type { FetchedManifest, ImageConfig, ManifestHead } from '../registry/types';
import { dependenciesOf, summarizeManifest } from './image-summary';
import { orphanCandidates } from './ledger';
import { peekLedger, recordDigestsGone } from './ledger-store';
import { crawlRepositories } from './crawler';
import { classifyFailure, nextRetryDelay } from './retry-policy';
import { manifestFacts, manifestKey, type ManifestFacts } from './manifest-facts';
import { classifyCandidates, keptClosure, type CandidateVerdict } from './orphans';
import { repositoryQueries, requestKeys } from './registry-queries';
import { crawlTagResolution, isContentError } from './crawl-tag-resolution';
import { readTagInventory, recordInLedger } from './tag-inventory';
import { PRIORITY_LOW } from './request-queue';

export type InventorySource = 'acr' | 'index' | 'ledger';

/** What the scan keeps of a manifest it read (not its bytes). */
type ReadManifest = Pick<FetchedManifest, 'mediaType' | 'manifest'>;

export interface InventoryTag {
  name: string;
  digest: string;
  /** ACR: the tag's lastUpdateTime; v2: the image's created. */
  time?: string;
  locked: boolean;
  attributes?: AcrChangeableAttributes;
}

export interface InventoryManifest {
  digest: string;
  /** Tags pointing at it now. */
  tags: string[];
  /** Tags it had when the ledger saw it (v2) — what an orphan "used to be". */
  formerTags: string[];
  mediaType?: string;
  /** Image config `created` (index: newest platform). */
  created?: string;
  /** ACR only. */
  lastUpdateTime?: string;
  /** Config + layers (index: all platforms); ACR: imageSize. */
  size?: number;
  locked: boolean;
  attributes?: AcrChangeableAttributes;
  firstSeen?: number;
  lastSeen?: number;
  /** Index only: when its last tag left it. */
  untaggedSince?: string;
  /** Reading its content failed. */
  error?: unknown;
}

export interface RepositoryInventory {
  repository: string;
  source: InventorySource;
  tags: InventoryTag[];
  /** Tagged manifests, confirmed untagged ones, and index children read along the way. */
  manifests: Map<string, InventoryManifest>;
  /** Content per digest (null: could not be read). */
  facts: Map<string, ManifestFacts | null>;
  /** Stored manifests without a tag, with the verdict on each. */
  verdicts: CandidateVerdict[];
  /** Digests kept by the tags (tagged, their index children, referrers). */
  kept: Set<string>;
  /** The repository has no tags/list (only blobs were ever pushed): nothing to see. */
  missing?: boolean;
  /** The index was asked first and failed: why this repository was scanned through the ledger instead. */
  indexFailure?: string;
  /** The repository could not be scanned (the rest of the scan went on): nothing is known of it. */
  error?: unknown;
}

export interface ScanProgress {
  repositoriesDone: number;
  repositoriesTotal: number;
  requestsDone: number;
  requestsTotal: number;
  /** Repositories scanned again after the registry failed to answer (503, 429, a dropped connection). */
  retried: number;
  current?: string;
}

export interface ScanContext {
  client: RegistryClient;
  /** Root of the query keys (the registry URL). */
  url: string;
  queryClient: QueryClient;
  /** The ACR metadata client when the probe found the API, else null. */
  acr: AcrClient | null;
  /** regatta-index when configured (and answering): complete orphans, asked before the ledger. */
  index?: IndexClient | null;
  /** Wait before scanning a repository again after the registry failed to answer, or null to stop (default retry-policy.ts's nextRetryDelay). */
  retryDelay?: (failureCount: number, error: unknown) => number | null;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException('The scan was cancelled', 'AbortError');
}

export async function scanRepositories(ctx: ScanContext, names: readonly string[], options: ScanOptions = {}): Promise<RepositoryInventory[]> {
  const progress: ScanProgress = { repositoriesDone: 0, repositoriesTotal: names.length, requestsDone: 0, requestsTotal: 0, retried: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const queries = repositoryQueries(ctx.client, ctx.url);
  const { queue } = queries;
  const signal = options.signal;
  const ledgerWrites: Promise<void>[] = [];

  /** One request through the queue, counted in the progress. */
  async function counted<T>(key: string, task: (s: AbortSignal) => Promise<T>): Promise<T> {
    progress.requestsTotal += 1;
    report();
    try {
      return await queue.run(key, task, { priority: PRIORITY_LOW, signal });
    } finally {
      progress.requestsDone += 1;
      report();
    }
  }

  /**
   * Manifests and configs read by this scan, by digest. Content-addressed: the same digest is the
   * same bytes in every repository of the registry, so a config shared by a thousand repositories
   * is read once (a digest is only looked up here once this repository said it holds it).
   */
  const manifestsRead = new Map<string, ReadManifest>();
  const configsRead = new Map<string, Promise<ImageConfig>>();

  /** A manifest this repository holds: known to the scan or to the app's cache, else GET by digest. */
  async function manifestOf(name: string, digest: string): Promise<ReadManifest> {
    const known = manifestsRead.get(digest) ?? ctx.queryClient.getQueryData<FetchedManifest>(queries.manifest(name, digest).queryKey);
    if (known) return known;
    const fetched = await counted(requestKeys.manifest(name, digest), (s) => ctx.client.getManifest(name, digest, { signal: s }));
    return remember(digest, fetched);
  }

  function remember(digest: string, fetched: ReadManifest): ReadManifest {
    const kept = { mediaType: fetched.mediaType, manifest: fetched.manifest };
    manifestsRead.set(digest, kept);
    return kept;
  }

  /** An image config: read once per scan (a failure is not shared: the next repository asks again). */
  function configOf(name: string, digest: string): Promise<ImageConfig> {
    const known = configsRead.get(digest);
    if (known) return known;
    const hit = ctx.queryClient.getQueryData<ImageConfig>(queries.imageConfig(name, digest).queryKey);
    const reading = hit ? Promise.resolve(hit) : counted(requestKeys.config(name, digest), (s) => ctx.client.getImageConfig(name, digest, { signal: s }));
    configsRead.set(digest, reading);
    reading.catch(() => {
      if (configsRead.get(digest) === reading) configsRead.delete(digest);
    });
    return reading;
  }

  async function readContent(name: string, digests: Iterable<string>, facts: Map<string, ManifestFacts | null>, manifests: Map<string, InventoryManifest>, errors: Map<string, unknown>) {
    const fetched = new Map<string, ReadManifest>();
    const configs = new Map<string, ImageConfig>();
    const readManifest = async (digest: string) => {
      if (facts.has(digest)) return;
      facts.set(digest, null);
      try {
        const manifest = await manifestOf(name, digest);
        fetched.set(digest, manifest);
        facts.set(digest, manifestFacts(digest, manifest.manifest));
        if (manifest.manifest.kind === 'index') await Promise.all(manifest.manifest.manifests.map((child) => readManifest(child.digest)));
      } catch (error) {
        throwIfAborted(signal);
        errors.set(digest, error);
      }
    };
    await Promise.all([...digests].map(readManifest));
    const lookup = { manifest: (d: string) => fetched.get(d)?.manifest, config: (d: string) => configs.get(d) };
    const configDigests = new Set<string>();
    for (const f of fetched.values()) for (const d of dependenciesOf(f.manifest, lookup).configs) configDigests.add(d);
    await Promise.all(
      [...configDigests].map(async (digest) => {
        try {
          configs.set(digest, await configOf(name, digest));
        } catch {
          throwIfAborted(signal);
          // created stays unknown; the size does not need the config
        }
      }),
    );
    for (const [digest, f] of fetched) {
      const summary = summarizeManifest(f.manifest, digest, lookup);
      const entry = manifests.get(digest) ?? { digest, tags: [], formerTags: [], locked: false };
      entry.mediaType ??= f.mediaType;
      entry.created ??= summary.created;
      entry.size ??= summary.kind === 'index' ? summary.totalSize : summary.size;
      manifests.set(digest, entry);
    }
    for (const [digest, error] of errors) {
      const entry = manifests.get(digest);
      if (entry) entry.error = error;
    }
  }

  /** One tag, one request: GET by tag until the tags turn out to share images (crawl-tag-resolution.ts). */
  function tagResolution(name: string): (tag: string) => Promise<ManifestHead | null> {
    return crawlTagResolution(name, {
      client: ctx.client,
      queue,
      isRead: (digest) => manifestsRead.has(digest),
      onFetched: (fetched) => remember(fetched.digest, fetched),
      signal,
    });
  }

  /**
   * A recorded digest no tag points at: GET by digest says at once whether it is still stored
   * (404: gone) and what it holds. Stored but unreadable (malformed, digest mismatch: what a HEAD
   * would not have noticed) keeps it, with the error; any other failure is the repository's.
   */
  async function confirmCandidate(name: string, digest: string): Promise<{ head: ManifestHead | null; error?: unknown }> {
    try {
      const fetched = await counted(requestKeys.manifest(name, digest), (s) => ctx.client.getManifest(name, digest, { signal: s }));
      remember(digest, fetched);
      return { head: { digest, mediaType: fetched.mediaType, size: fetched.bytes.byteLength } };
    } catch (error) {
      throwIfAborted(signal);
      if (isRegistryError(error) && error.status === 404) return { head: null };
      if (!isContentError(error)) throw error;
      return { head: { digest, mediaType: '', size: 0 }, error };
    }
  }

  async function scanLedger(name: string): Promise<RepositoryInventory> {
    // Tag answers seconds old (the tag table's) are used as they are; the deletes check again.
    progress.requestsTotal += 1;
    report();
    const inventory = await readTagInventory(ctx, name, {
      signal,
      priority: PRIORITY_LOW,
      freshness: 'recent',
      resolveTag: tagResolution(name),
      // Recorded in the ledger below, by the batch; one cache entry per answer would cost every cache observer a call.
      cacheAnswers: false,
      onListed: (listed) => {
        progress.requestsDone += 1;
        progress.requestsTotal += listed.length;
        report();
      },
      onTagSettled: () => {
        progress.requestsDone += 1;
        report();
      },
    }).catch((error: unknown) => {
      throwIfAborted(signal);
      throw error;
    });
    if (inventory.missing) {
      progress.requestsDone += 1;
      return { repository: name, source: 'ledger', tags: [], manifests: new Map(), facts: new Map(), verdicts: [], kept: new Set(), missing: true };
    }
    const heads = [...inventory.heads].map(([tag, head]) => ({ tag, head }));
    // Queued, not awaited: the ledger store writes many repositories at once; peekLedger sees what is queued.
    ledgerWrites.push(recordInLedger(ctx.url, inventory));
    const ledger = await peekLedger(ctx.url, name);

    const present = new Map<string, ManifestHead>();
    const candidateErrors = new Map<string, unknown>();
    const gone: string[] = [];
    await Promise.all(
      orphanCandidates(ledger).map(async (candidate) => {
        const { head, error } = await confirmCandidate(name, candidate.digest);
        if (!head) gone.push(candidate.digest);
        else {
          present.set(candidate.digest, head);
          if (error !== undefined) candidateErrors.set(candidate.digest, error);
        }
      }),
    );
    ledgerWrites.push(recordDigestsGone(ctx.url, name, gone));

    const manifests = new Map<string, InventoryManifest>();
    const inventoryTags: InventoryTag[] = [];
    for (const { tag, head } of heads) {
      if (!head) continue;
      inventoryTags.push({ name: tag, digest: head.digest, locked: false });
      const entry = manifests.get(head.digest) ?? { digest: head.digest, tags: [], formerTags: [], mediaType: head.mediaType, locked: false };
      entry.tags.push(tag);
      manifests.set(head.digest, entry);
    }
    for (const [digest, head] of present) {
      const recorded = ledger.manifests[digest];
      manifests.set(digest, {
        digest,
        tags: [],
        formerTags: recorded?.tags ?? [],
        mediaType: head.mediaType || undefined,
        locked: false,
        firstSeen: recorded?.firstSeen,
        lastSeen: recorded?.lastSeen,
      });
    }
    for (const entry of manifests.values()) {
      const recorded = ledger.manifests[entry.digest];
      if (recorded && entry.firstSeen === undefined) {
        entry.firstSeen = recorded.firstSeen;
        entry.lastSeen = recorded.lastSeen;
      }
    }
    const facts = new Map<string, ManifestFacts | null>();
    // An unreadable candidate is not read again; it keeps its error (and unknown content).
    for (const digest of candidateErrors.keys()) facts.set(digest, null);
    await readContent(name, [...manifests.keys()], facts, manifests, candidateErrors);
    for (const t of inventoryTags) t.time = manifests.get(t.digest)?.created;
    return finish(name, 'ledger', inventoryTags, manifests, facts, [...present.keys()]);
  }

  async function scanAcr(acr: AcrClient, name: string): Promise<RepositoryInventory> {
    let listed;
    let tagList;
    try {
      [listed, tagList] = await Promise.all([
        counted(`ACR manifests ${name}`, (s) => acr.listManifests(name, { signal: s })),
        counted(`ACR tags ${name}`, (s) => acr.listTags(name, { signal: s })),
      ]);
    } catch (error) {
      throwIfAborted(signal);
      if (isRegistryError(error) && error.status === 404) {
        return { repository: name, source: 'acr', tags: [], manifests: new Map(), facts: new Map(), verdicts: [], kept: new Set(), missing: true };
      }
      throw error;
    }
    const manifests = new Map<string, InventoryManifest>();
    for (const m of listed) {
      manifests.set(m.digest, {
        digest: m.digest,
        tags: m.tags ?? [],
        formerTags: [],
        mediaType: m.mediaType,
        lastUpdateTime: m.lastUpdateTime,
        created: m.createdTime,
        size: m.imageSize,
        locked: isLocked(m.changeableAttributes),
        attributes: m.changeableAttributes,
      });
    }
    const inventoryTags: InventoryTag[] = tagList.map((t) => ({
      name: t.name,
      digest: t.digest,
      time: t.lastUpdateTime,
      locked: isLocked(t.changeableAttributes),
      attributes: t.changeableAttributes,
    }));
    const facts = new Map<string, ManifestFacts | null>();
    await readContent(name, [...manifests.keys()], facts, manifests, new Map());
    const tagged = new Set(inventoryTags.map((t) => t.digest));
    const untagged = [...manifests.values()].filter((m) => !tagged.has(m.digest) && m.tags.length === 0).map((m) => m.digest);
    return finish(name, 'acr', inventoryTags, manifests, facts, untagged);
  }

  async function scanIndex(index: IndexClient, name: string): Promise<RepositoryInventory> {
    const listed = await counted(`INDEX manifests ${name}`, (s) => index.manifests(name, { signal: s }));
    const manifests = new Map<string, InventoryManifest>();
    const tags: InventoryTag[] = [];
    for (const m of listed) {
      manifests.set(m.digest, {
        digest: m.digest,
        tags: m.tags,
        formerTags: [],
        mediaType: m.mediaType,
        created: m.created ?? undefined,
        size: m.imageSize,
        locked: false,
        untaggedSince: m.untaggedSince ?? undefined,
        firstSeen: m.pushedAt ? Date.parse(m.pushedAt) : undefined,
      });
      for (const tag of m.tags) tags.push({ name: tag, digest: m.digest, time: m.created ?? undefined, locked: false });
    }
    const facts = new Map<string, ManifestFacts | null>();
    await readContent(name, [...manifests.keys()], facts, manifests, new Map());
    const untagged = [...manifests.values()].filter((m) => m.tags.length === 0).map((m) => m.digest);
    return finish(name, 'index', tags, manifests, facts, untagged);
  }

  /** The index first; when it fails (stopped, unreachable), this repository goes through the ledger and says why. */
  async function scanWithIndex(index: IndexClient, name: string): Promise<RepositoryInventory> {
    try {
      return await scanIndex(index, name);
    } catch (error) {
      throwIfAborted(signal);
      const fallback = await scanLedger(name);
      return { ...fallback, indexFailure: describeError(error) };
    }
  }

  function finish(
    name: string,
    source: InventorySource,
    tags: InventoryTag[],
    manifests: Map<string, InventoryManifest>,
    facts: Map<string, ManifestFacts | null>,
    candidates: string[],
  ): RepositoryInventory {
    const tagged = [...new Set(tags.map((t) => t.digest))];
    const known = new Map([...facts].filter((entry): entry is [string, ManifestFacts] => entry[1] !== null));
    const verdicts = classifyCandidates({ candidates, tagged, facts: known });
    return { repository: name, source, tags, manifests, facts, verdicts, kept: keptClosure(tagged, known) };
  }

  const found = new Map<string, RepositoryInventory>();
  await crawlRepositories<RepositoryInventory>({
    pages: [names],
    queue,
    visit: (name) => {
      progress.current = name;
      report();
      return ctx.acr ? scanAcr(ctx.acr, name) : ctx.index ? scanWithIndex(ctx.index, name) : scanLedger(name);
    },
    write: (batch) => {
      for (const outcome of batch) found.set(outcome.name, outcome.ok ? outcome.value : failedInventory(outcome.name, outcome.error));
      progress.repositoriesDone += batch.length;
      report();
    },
    // The registry itself not answering, still after a few waits, ends the scan; a repository
    // that refuses (403, a broken manifest) is kept with its error and the scan goes on.
    stops: (error) => signal?.aborted === true || isAbortError(error) || classifyFailure(error) !== 'permanent',
    retryDelay: ctx.retryDelay ?? nextRetryDelay,
    onRetry: () => {
      progress.retried += 1;
      report();
    },
    signal,
  });
  // The ledger writes of the last repositories (coalesced by the store) are done before the scan is.
  await Promise.all(ledgerWrites);
  return names.flatMap((name) => {
    const inventory = found.get(name);
    return inventory ? [inventory] : [];
  });

  function failedInventory(name: string, error: unknown): RepositoryInventory {
    const source: InventorySource = ctx.acr ? 'acr' : ctx.index ? 'index' : 'ledger';
    return { repository: name, source, tags: [], manifests: new Map(), facts: new Map(), verdicts: [], kept: new Set(), error };
  }
}

/** Every manifest of the scanned repositories, for reclaim.ts (null: content unknown). */
export function knownManifests(inventories: readonly RepositoryInventory[]): Map<string, ManifestFacts | null> {
  const known = new Map<string, ManifestFacts | null>();
  for (const inventory of inventories) for (const [digest, facts] of inventory.facts) known.set(manifestKey(inventory.repository, digest), facts);
  return known;
}
