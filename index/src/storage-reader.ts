// What the index needs from a registry's storage, so a driver other than the filesystem (S3,
// Azure Blob) can be added behind the same interface. Every method is read-only.

/** A link file: the digest it names and when it was written (distribution rewrites links in place). */
export interface Link {
  digest: string;
  /** Modification time of the link file: the last time this link was (re)written. */
  writtenMs: number;
  /** Modification time of the folder holding the link: when the link was first created. */
  createdMs: number;
}

export interface StoredTag {
  name: string;
  /** `_manifests/tags/<tag>/current/link`; null when the tag folder has no current link (a deleted tag). */
  current: Link | null;
  /** `_manifests/tags/<tag>/index/sha256/<hex>/link`: every digest the tag has pointed to. */
  history: Link[];
}

export interface StorageReader {
  /** Every repository name (a folder holding `_manifests`), in no particular order. */
  repositories(): AsyncIterable<string>;
  /**
   * A cheap fingerprint of the repository's `_manifests` tree that changes whenever a revision or
   * tag is added, rewritten or removed; null when the repository is gone.
   */
  repositoryStamp(repository: string): Promise<string | null>;
  /** `_manifests/revisions/sha256/<hex>/link`: every manifest the repository holds. */
  revisions(repository: string): AsyncIterable<Link>;
  tags(repository: string): AsyncIterable<StoredTag>;
  /** The blob's bytes, or null when storage has no such blob. */
  readBlob(digest: string, maxBytes: number): Promise<Buffer | null>;
}

export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
