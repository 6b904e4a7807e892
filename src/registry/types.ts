/** Wire and domain types of the OCI Distribution / Docker Registry HTTP API v2 client. */

import { z } from 'zod/mini';

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

/**
 * A Docker schema 1 manifest (deprecated): layers as `fsLayers` blob sums (top layer first, no
 * sizes), image JSON per layer in `history[].v1Compatibility`, no config blob. The fields other
 * manifests have and this one lacks are declared absent so shared code can read them.
 */
export interface Schema1Manifest {
  kind: 'schema1';
  schemaVersion: 1;
  mediaType: string;
  name?: string;
  tag?: string;
  architecture?: string;
  fsLayers: { blobSum: string }[];
  history?: { v1Compatibility: string }[];
  /** Whether the body carried JWS signatures (then the digest is over the payload without them). */
  signed: boolean;
  artifactType?: undefined;
  subject?: undefined;
  annotations?: undefined;
}

export type Manifest = ImageManifest | IndexManifest | Schema1Manifest;

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
const descriptorDigestSchema = z.string().check(z.regex(/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/, 'not a digest'));

// zod/mini (the functional API of zod 4): the same validation, a fraction of the bundle, because
// these schemas sit on the startup path (the client is built before the first render).
const optionalString = () => z.optional(z.string());

export const platformSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  variant: optionalString(),
  'os.version': optionalString(),
  'os.features': z.optional(z.array(z.string())),
});

const annotationsSchema = z.record(z.string(), z.string());

export const descriptorSchema = z.object({
  mediaType: z.string(),
  digest: descriptorDigestSchema,
  size: z.int().check(z.nonnegative()),
  urls: z.optional(z.array(z.string())),
  annotations: z.optional(annotationsSchema),
  platform: z.optional(platformSchema),
  artifactType: optionalString(),
});

export const imageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: optionalString(),
  artifactType: optionalString(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: z.optional(descriptorSchema),
  annotations: z.optional(annotationsSchema),
});

export const indexManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: optionalString(),
  artifactType: optionalString(),
  manifests: z.array(descriptorSchema),
  subject: z.optional(descriptorSchema),
  annotations: z.optional(annotationsSchema),
});

// Docker writes null for empty Env/Cmd/Labels/Volumes…: a field of the wrong type is dropped
// rather than failing the whole config.
const stringArray = z.array(z.string());
const objectRecord = z.record(z.string(), z.looseObject({}));
/** An optional field whose wrong value reads as absent. */
const lenient = <T extends z.core.SomeType>(schema: T) => z.catch(z.optional(schema), undefined);

export const imageConfigSchema = z.object({
  created: lenient(z.string()),
  author: lenient(z.string()),
  architecture: lenient(z.string()),
  os: lenient(z.string()),
  variant: lenient(z.string()),
  config: lenient(
    z.object({
      User: lenient(z.string()),
      ExposedPorts: lenient(objectRecord),
      Env: lenient(stringArray),
      Entrypoint: lenient(z.nullable(stringArray)),
      Cmd: lenient(z.nullable(stringArray)),
      Volumes: lenient(objectRecord),
      WorkingDir: lenient(z.string()),
      Labels: lenient(z.nullable(z.record(z.string(), z.string()))),
      StopSignal: lenient(z.string()),
    }),
  ),
  rootfs: lenient(z.object({ type: z.string(), diff_ids: stringArray })),
  history: lenient(
    z.array(
      z.object({
        created: lenient(z.string()),
        created_by: lenient(z.string()),
        author: lenient(z.string()),
        comment: lenient(z.string()),
        empty_layer: lenient(z.boolean()),
      }),
    ),
  ),
}) satisfies z.ZodMiniType<ImageConfig>;
