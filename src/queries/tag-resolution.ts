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
 * A revisit that starts from a remembered table (revisit-cache.ts) knows its images already and
 * says so up front (`preferHeads`): no probe, so no manifest is read from IndexedDB to decide.
 */

export type TagResolutionMode = 'head' | 'get';

export interface TagResolver {
  mode(): TagResolutionMode;
  /** Still looking at the first HEAD answers (callers then say whether each manifest is known). */
  probing(): boolean;
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
}

export function createTagResolver({ sample = 24, wasteRatio = 0.1 }: TagResolverOptions = {}): TagResolver {
  let heads = 0;
  let distinctUnknown = 0;
  let gets = 0;
  let wasted = 0;
  let state: 'probing' | 'get' | 'head' = 'probing';
  const seen = new Set<string>();

  return {
    mode() {
      if (state === 'get' && wasted >= 3 && wasted > gets * wasteRatio) state = 'head';
      return state === 'get' ? 'get' : 'head';
    },
    probing() {
      return state === 'probing';
    },
    headResolved(digest, known) {
      if (state === 'probing') {
        heads += 1;
        if (!known && !seen.has(digest)) distinctUnknown += 1;
        if (heads >= sample) state = distinctUnknown === heads ? 'get' : 'head';
      }
      seen.add(digest);
    },
    gotByTag(digest) {
      gets += 1;
      if (seen.has(digest)) wasted += 1;
      seen.add(digest);
    },
    preferHeads() {
      if (state === 'probing') state = 'head';
    },
  };
}
