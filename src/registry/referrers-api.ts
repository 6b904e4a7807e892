/**
 * The OCI 1.1 referrers API (`GET /v2/<name>/referrers/<digest>`): an image index whose
 * `manifests` are descriptors of every manifest whose `subject` is <digest>. Registries without it
 * (CNCF distribution 2.8 answers a plain-text `404 page not found`) are told apart from
 * registries that have it: the spec forbids a 404 from a registry that supports the API.
 */
import { z } from 'zod/mini';
import { descriptorSchema } from './types';
import type { Descriptor } from './types';

export type ReferrersAnswer =
  /** The registry implements the API; `descriptors` may be empty. `filtered`: OCI-Filters-Applied named artifactType. */
  | { supported: true; descriptors: Descriptor[]; filtered: boolean }
  /** No referrers API here: use the tag schema fallback (`sha256-<hex>` index tag). */
  | { supported: false; status: number };

export const referrersIndexSchema = z.object({
  schemaVersion: z.optional(z.literal(2)),
  mediaType: z.optional(z.string()),
  manifests: z.optional(z.nullable(z.array(descriptorSchema))),
});

/** Statuses meaning "no referrers API": 404 (distribution 2.8, plain text), 405/501 from proxies in front. */
export function isReferrersUnsupportedStatus(status: number): boolean {
  return status === 404 || status === 405 || status === 501;
}
