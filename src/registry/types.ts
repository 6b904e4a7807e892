/** Wire and domain types of the OCI Distribution / Docker Registry HTTP API v2 client. */

import { z } from 'zod';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: Platform;
  artifactType?: string;
}

/** An OCI image manifest or a Docker schema2 manifest (same shape). */
export interface ImageManifest {
  kind: 'image';
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An OCI image index or a Docker manifest list. */
export interface IndexManifest {
  kind: 'index';
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type Manifest = ImageManifest | IndexManifest;

/** A manifest as received: the parsed form plus the exact bytes and what the registry said about them. */
export interface FetchedManifest {
  /** Docker-Content-Digest, checked against sha256(bytes) when the registry sends it. */
  digest: string;
  /** Content-Type the registry answered with (falls back to the body's mediaType). */
  mediaType: string;
  /** Exact bytes: needed to verify the digest and to re-tag without changing it. */
  bytes: Uint8Array;
  manifest: Manifest;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image configuration blob (OCI image config / Docker container config). */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: {
    User?: string;
    ExposedPorts?: Record<string, object>;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    Volumes?: Record<string, object>;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    StopSignal?: string;
  };
  rootfs?: { type: string; diff_ids: string[] };
  history?: HistoryEntry[];
}

export interface Credentials {
  username: string;
  password: string;
}

/** A parsed WWW-Authenticate challenge, e.g. Bearer realm="…",service="…",scope="…". */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/*
 * zod schemas at the edge: registry JSON is checked once here, and the rest of the app trusts the
 * types above. Unknown fields are dropped from the parsed form; the exact bytes are kept apart.
 */

/** Any algorithm in descriptors (sha512 is legal there); URLs are restricted to sha256 elsewhere. */
const descriptorDigestSchema = z.string().regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest');

export const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: z.string().optional(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
});

const annotationsSchema = z.record(z.string(), z.string());

export const descriptorSchema = z.object({
  mediaType: z.string(),
  digest: descriptorDigestSchema,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: annotationsSchema.optional(),
  platform: platformSchema.optional(),
  artifactType: z.string().optional(),
});

export const imageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: annotationsSchema.optional(),
});

export const indexManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: annotationsSchema.optional(),
});

// Docker writes null for empty Env/Cmd/Labels/Volumes…: a field of the wrong type is dropped
// rather than failing the whole config.
const stringArray = z.array(z.string());
const objectRecord = z.record(z.string(), z.object({}).loose());

export const imageConfigSchema = z.object({
  created: z.string().optional().catch(undefined),
  author: z.string().optional().catch(undefined),
  architecture: z.string().optional().catch(undefined),
  os: z.string().optional().catch(undefined),
  variant: z.string().optional().catch(undefined),
  config: z
    .object({
      User: z.string().optional().catch(undefined),
      ExposedPorts: objectRecord.optional().catch(undefined),
      Env: stringArray.optional().catch(undefined),
      Entrypoint: stringArray.nullable().optional().catch(undefined),
      Cmd: stringArray.nullable().optional().catch(undefined),
      Volumes: objectRecord.optional().catch(undefined),
      WorkingDir: z.string().optional().catch(undefined),
      Labels: z.record(z.string(), z.string()).nullable().optional().catch(undefined),
      StopSignal: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  rootfs: z.object({ type: z.string(), diff_ids: stringArray }).optional().catch(undefined),
  history: z
    .array(
      z.object({
        created: z.string().optional().catch(undefined),
        created_by: z.string().optional().catch(undefined),
        author: z.string().optional().catch(undefined),
        comment: z.string().optional().catch(undefined),
        empty_layer: z.boolean().optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
}) satisfies z.ZodType<ImageConfig>;
