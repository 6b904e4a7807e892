/**
 * How a crawl that reads every manifest anyway resolves a tag: GET by tag while the tags prove to
 * be distinct images (the digest and the manifest in one answer, which the crawl needs anyway),
 * HEAD once they turn out to be aliases of digests already read (tag-resolution.ts). Same number
 * of requests either way; HEADs hash and parse nothing. Shared by the orphans scan and the audit.
 */
import type { RegistryClient } from '../registry/client';
import { isRegistryError } from '../registry/errors';
import type { FetchedManifest, ManifestHead } from '../registry/types';
import { PRIORITY_LOW, type RequestQueue } from './request-queue';
import { classifyFailure } from './retry-policy';
import { createTagResolver } from './tag-resolution';

/** The registry answered, but what it sent cannot be used (malformed, digest mismatch, unsupported type). */
export function isContentError(error: unknown): boolean {
  return isRegistryError(error) && error.status === 0 && classifyFailure(error) === 'permanent';
}

export interface CrawlTagResolution {
  client: RegistryClient;
  queue: RequestQueue;
  /** Whether this digest's manifest was read already (a HEAD that lands there is no waste). */
  isRead: (digest: string) => boolean;
  /** A manifest read by tag, for the caller to keep. */
  onFetched: (fetched: FetchedManifest) => void;
  signal?: AbortSignal;
}

/**
 * Resolves `name`'s tags one request each (null: the tag is gone). The switch to HEADs is the
 * repository's own: one repository's aliases leave the others on GET.
 */
export function crawlTagResolution(name: string, { client, queue, isRead, onFetched, signal }: CrawlTagResolution): (tag: string) => Promise<ManifestHead | null> {
  const resolver = createTagResolver({ start: 'get' });
  return (tag) =>
    queue.run(
      `GET manifest ${name}:${tag}`,
      async (s) => {
        if (resolver.mode() === 'head') {
          const head = await client.headManifest(name, tag, { signal: s });
          if (head) resolver.headResolved(head.digest, isRead(head.digest));
          return head;
        }
        let fetched: FetchedManifest;
        try {
          fetched = await client.getManifest(name, tag, { signal: s });
        } catch (error) {
          if (isRegistryError(error) && error.status === 404) return null;
          // Unreadable content (malformed, unsupported): the tag still resolves, the error stays with its manifest.
          if (isContentError(error)) return client.headManifest(name, tag, { signal: s });
          throw error;
        }
        resolver.gotByTag(fetched.digest);
        onFetched(fetched);
        return { digest: fetched.digest, mediaType: fetched.mediaType, size: fetched.bytes.byteLength };
      },
      { priority: PRIORITY_LOW, signal },
    );
}
