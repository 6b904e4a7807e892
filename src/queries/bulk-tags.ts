/**
 * Where the tag table's rows come from in bulk instead of one HEAD per tag:
 *   - 'index': regatta-index's `/-/tags` — every tag's digest, size, created and platforms in one
 *     request; the rows are complete from it (display only: actions re-check with fresh HEADs);
 *   - 'acr': ACR's `/acr/v1/<name>/_tags`, paged — every tag's digest, so sizes and dates need
 *     only the per-digest manifest/config reads (shared by tags on the same image);
 *   - 'registry': plain v2, tags/list + a HEAD per tag.
 * Pure mapping here; the choice per repository is `useBulkTags` (use-bulk-tags.ts).
 */
import { queryOptions } from '@tanstack/react-query';
import type { AcrTagAttributes } from '../registry/acr';
import type { IndexTag } from '../registry/index-client';
import { DOCKER_MANIFEST_LIST, normalizeMediaType, OCI_INDEX } from '../registry/manifests';
import type { RegistryClient } from '../registry/client';
import { acrClientFor } from './acr-queries';
import type { ImageSummary } from './image-summary';
import { TAG_STALE_TIME } from './registry-queries';

/** What a bulk source already says about one tag: its digest, and for the index the whole summary. */
export interface SeededTag {
  digest: string;
  summary?: ImageSummary;
}

export type TagSeeds = ReadonlyMap<string, SeededTag>;

export type TagSource =
  | { kind: 'index'; /** When the index's answer arrived (ms since epoch). */ at: number }
  | { kind: 'acr' }
  | { kind: 'registry'; /** The configured index failed: why the table reads the registry instead. */ indexError?: unknown; acrError?: unknown };

const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST]);

/**
 * The index's row as the table's summary. An index's `imageSize` is the sum over its platforms
 * (the index does not give each platform's size), so it becomes `totalSize` and the sort key.
 */
export function indexTagSummary(tag: IndexTag): ImageSummary {
  const isIndex = tag.mediaType !== null ? INDEX_TYPES.has(normalizeMediaType(tag.mediaType)) : tag.platforms.length > 1;
  const created = tag.created ?? undefined;
  const size = tag.imageSize ?? undefined;
  const sizeUnknown = size === undefined ? 'The registry index does not know the size of this manifest.' : undefined;
  const platforms = tag.platforms.map((platform) => ({
    os: platform.os,
    architecture: platform.architecture,
    variant: platform.variant,
    digest: tag.digest,
    size: isIndex ? undefined : size,
    created,
  }));
  if (isIndex) return { kind: 'index', size, totalSize: size, sizeUnknown, created, platforms, complete: true };
  return { kind: 'image', size, sizeUnknown, created, platforms, complete: true };
}

export function indexTagSeeds(tags: readonly IndexTag[]): Map<string, SeededTag> {
  return new Map(tags.map((tag) => [tag.name, { digest: tag.digest, summary: indexTagSummary(tag) }]));
}

export function acrTagSeeds(tags: readonly AcrTagAttributes[]): Map<string, SeededTag> {
  return new Map(tags.map((tag) => [tag.name, { digest: tag.digest }]));
}

/** Every tag of a repository from ACR's `_tags`, all pages (n/last, Link rel="next"). */
export function acrTagsQuery(client: RegistryClient, url: string, name: string) {
  return queryOptions({
    queryKey: ['registry', url, 'repo', name, 'acr', 'tags'] as const,
    queryFn: ({ signal }) => acrClientFor(client).listTags(name, { signal }),
    staleTime: TAG_STALE_TIME,
    retry: false,
  });
}
