/** Wire and domain types of the OCI Distribution / Docker Registry HTTP API v2 client. */

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
