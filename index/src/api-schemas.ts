// The /index/v1 API's shapes, shared by the server (query parameters, checked on the way in) and
// by clients and tests (responses, checked on the way out). index/README.md documents them.
import { z } from 'zod';

const count = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

export const repositoriesQuery = z.object({
  n: count(1000, 100),
  last: z.string().max(256).optional(),
  namespace: z.string().max(256).optional(),
});

/** `last` is `<repository>:<tag>` (a repository name holds no colon). */
export const tagListQuery = z.object({
  n: count(1000, 500),
  last: z
    .string()
    .max(400)
    .regex(/^[^:]+:[\w][\w.-]{0,127}$/, 'repository:tag')
    .transform((text) => ({ repository: text.slice(0, text.lastIndexOf(':')), tag: text.slice(text.lastIndexOf(':') + 1) }))
    .optional(),
  namespace: z.string().max(256).optional(),
});

export const searchQuery = z
  .object({
    repository: z.string().min(1).max(256).optional(),
    tag: z.string().min(1).max(128).optional(),
    digest: z.string().regex(/^(sha256:)?[a-f0-9]{4,64}$/, 'a sha256 digest or a prefix of at least 4 hex digits').optional(),
    label: z
      .string()
      .regex(/^[^=]+=.*$/, 'key=value')
      .transform((text) => ({ key: text.slice(0, text.indexOf('=')), value: text.slice(text.indexOf('=') + 1) }))
      .optional(),
    layer: z.string().regex(/^sha256:[a-f0-9]{64}$/, 'a full sha256 digest').optional(),
    n: count(1000, 100),
    last: z
      .string()
      .regex(/^[^@]+@sha256:[a-f0-9]{64}$/, 'repository@digest')
      .transform((text) => ({ repository: text.slice(0, text.indexOf('@')), digest: text.slice(text.indexOf('@') + 1) }))
      .optional(),
  })
  .refine((q) => q.repository || q.tag || q.digest || q.label || q.layer, 'give at least one of repository, tag, digest, label, layer');

const iso = z.string().nullable();
const platform = z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() });

export const repositoriesResponse = z.object({
  repositories: z.array(
    z.object({ name: z.string(), tagCount: z.number(), manifestCount: z.number(), untaggedCount: z.number(), sizeBytes: z.number(), lastPush: iso }),
  ),
  /** Pass as `last` for the next page; null on the last page. */
  next: z.string().nullable(),
});

export const manifestsResponse = z.object({
  repository: z.string(),
  manifests: z.array(
    z.object({
      digest: z.string(),
      mediaType: z.string(),
      size: z.number(),
      imageSize: z.number(),
      created: iso,
      platform: platform.nullable(),
      subject: z.string().nullable(),
      parentIndexes: z.array(z.string()),
      children: z.array(z.string()),
      tags: z.array(z.string()),
      pushedAt: iso,
      untaggedSince: iso,
      reclaimableBytes: z.number(),
    }),
  ),
});

export const tagsResponse = z.object({
  repository: z.string(),
  tags: z.array(
    z.object({
      name: z.string(),
      digest: z.string(),
      mediaType: z.string().nullable(),
      size: z.number().nullable(),
      imageSize: z.number().nullable(),
      created: iso,
      platforms: z.array(platform),
      updatedAt: iso,
    }),
  ),
});

/** One row per tag of every repository the caller may read: the audit's and the cleanup's facts in bulk. */
export const tagListResponse = z.object({
  tags: z.array(
    z.object({
      repository: z.string(),
      tag: z.string(),
      digest: z.string(),
      mediaType: z.string().nullable(),
      imageSize: z.number().nullable(),
      created: iso,
      updatedAt: iso,
      /** [digest, size] of the image's config and layers (an index: its platforms'), configs first. */
      blobs: z.array(z.tuple([z.string(), z.number()])),
    }),
  ),
  /** Pass as `last` for the next page; null on the last page. */
  next: z.string().nullable(),
});

export const historyResponse = z.object({
  repository: z.string(),
  tag: z.string(),
  history: z.array(
    z.object({
      digest: z.string(),
      firstSeen: iso,
      lastSeen: iso,
      current: z.boolean(),
      actor: z.string().nullable(),
      source: z.enum(['storage', 'event']),
      exists: z.boolean(),
    }),
  ),
});

export const searchResponse = z.object({
  results: z.array(z.object({ repository: z.string(), digest: z.string(), mediaType: z.string(), tags: z.array(z.string()) })),
  next: z.string().nullable(),
});

export const changeEvent = z.object({ repository: z.string(), cause: z.enum(['scan', 'event']), at: z.string() });

export const errorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
