/**
 * How a repository's tags are resolved: HEAD (digest only, then one manifest GET per distinct
 * digest) or GET by tag (the manifest and its digest in one request).
 *
 * HEADs are right when tags share digests (2,000 tags on 20 images: 2,000 HEADs + 20 GETs) or
 * when the manifests are already known (memory, IndexedDB: a revisit needs HEADs only). GET by
 * tag is right when every tag is its own image and nothing is known yet: 500 tags cost 500 GETs
 * instead of 500 HEADs + 500 GETs.
 *
 * The heuristic, per repository and page session:
 * - start with HEADs;
 * - look at the first `sample` HEAD answers: if they are all distinct digests whose manifests are
 *   not known yet (not in memory, not in IndexedDB), switch to GET by tag for tags resolved for
 *   the first time this session (a re-validation after the tag went stale uses HEAD again);
 *   otherwise (aliases, a revisit) stay on HEADs for good;
 * - if GETs by tag start landing on digests already seen (more than `wasteRatio` of them, after a
 *   few), switch back to HEADs for good.
 * The decision is taken when a request leaves the queue, so it uses everything answered by then.
 * Worst case for an alias-heavy repository whose first `sample` tags are distinct: the GETs in
 * flight when the duplicates start showing, i.e. a few manifests fetched twice.
 *
 * `start: 'get'` skips the HEAD sample: for a crawl that reads every manifest anyway (the orphans
 * scan), GET by tag costs one request per tag whatever the repository holds, so it starts with
 * GETs and falls back to HEADs (fewer bytes to hash and parse) once aliases show.
 *
 * While probing, a tag read for the first time takes a `turn` when its request leaves the queue:
 * only as many HEADs are out as answers are still missing (`sample` minus those in), so with 32
 * requests in flight (HTTP/2) no more than `sample` HEADs leave before the decision, as with 6
 * (HTTP/1.1). The others wait in their queue slots (the queue picked them by priority: rows in view
 * first) and go in the chosen mode once it is decided; a repeated or known digest decides for HEAD
 * at once, without waiting for the rest of the sample.
 *
 * A revisit that starts from a remembered table (revisit-cache.ts) knows its images already and
 * says so up front (`preferHeads`): no probe, so no manifest is read from IndexedDB to decide.
 */

export type TagResolutionMode = 'head' | 'get';

export interface TagResolver {
  mode(): TagResolutionMode;
  /** Still looking at the first HEAD answers (callers then say whether each manifest is known). */
  probing(): boolean;
  /**
   * Before resolving a tag for the first time: resolves at once when the mode is decided or the
   * probe still needs HEADs, else when it does or decides. The release it gives is called once the
   * request's answer went to `headResolved`/`gotByTag`, or when there is none (404, error, abort).
   */
  turn(signal?: AbortSignal): Promise<() => void>;
  /** A HEAD answered with this digest; `known`: its manifest is cached already. */
  headResolved(digest: string, known: boolean): void;
  /** A GET by tag answered with this digest. */
  gotByTag(digest: string): void;
  /** The images are known already (a remembered table): HEADs for good, without probing. */
  preferHeads(): void;
}

export interface TagResolverOptions {
  sample?: number;
  wasteRatio?: number;
  /** 'probe' (default): HEADs first, as above; 'get': GET by tag until aliases show. */
  start?: 'probe' | 'get';
}

export function createTagResolver({ sample = 24, wasteRatio = 0.1, start = 'probe' }: TagResolverOptions = {}): TagResolver {
  let heads = 0;
  let distinctUnknown = 0;
  let gets = 0;
  let wasted = 0;
  let state: 'probing' | 'get' | 'head' = start === 'get' ? 'get' : 'probing';
  const seen = new Set<string>();
  /** Turns given while probing and not released yet: HEADs out or about to be. */
  let outstanding = 0;
  const waiting = new Set<() => void>();
  const noRelease = () => undefined;

  const grant = (): (() => void) => {
    if (state !== 'probing') return noRelease;
    outstanding += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      outstanding -= 1;
      admit();
    };
  };
  const room = () => state !== 'probing' || heads + outstanding < sample;
  function admit() {
    for (const take of waiting) {
      if (!room()) return;
      waiting.delete(take);
      take();
    }
  }

  return {
    mode() {
      if (state === 'get' && wasted >= 3 && wasted > gets * wasteRatio) state = 'head';
      return state === 'get' ? 'get' : 'head';
    },
    probing() {
      return state === 'probing';
    },
    turn(signal) {
      if (room()) return Promise.resolve(grant());
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          waiting.delete(take);
          reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The request was cancelled', 'AbortError'));
        };
        const take = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(grant());
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.add(take);
      });
    },
    headResolved(digest, known) {
      if (state === 'probing') {
        heads += 1;
        if (!known && !seen.has(digest)) distinctUnknown += 1;
        // One repeated or known digest settles it: aliases or a revisit stay on HEADs.
        if (distinctUnknown < heads) state = 'head';
        else if (heads >= sample) state = 'get';
        if (state !== 'probing') admit();
      }
      seen.add(digest);
    },
    gotByTag(digest) {
      gets += 1;
      if (seen.has(digest)) wasted += 1;
      seen.add(digest);
    },
    preferHeads() {
      if (state !== 'probing') return;
      state = 'head';
      // Tags waiting for a probe turn go now, as HEADs.
      admit();
    },
  };
}
