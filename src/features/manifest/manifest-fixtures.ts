/**
 * Manifests the image builders of src/testing do not make — artifacts, referrers, broken configs —
 * pushed into the fake for the inspector's component tests.
 */
import type { FakeRegistry } from '../../testing/fake-registry';
import { makeLayer } from '../../testing/fake-images';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value, null, 2));

export interface PushedManifest {
  digest: string;
  size: number;
  layers: { digest: string; size: number }[];
}

interface ManifestSpec {
  configMediaType: string;
  /** JSON value, or a string pushed verbatim (to push a config that is not JSON). */
  config: unknown;
  layers: { mediaType: string; bytes: Uint8Array }[];
  artifactType?: string;
  subject?: { mediaType: string; digest: string; size: number };
  annotations?: Record<string, string>;
}

export async function pushManifest(fake: FakeRegistry, repo: string, reference: string, spec: ManifestSpec): Promise<PushedManifest> {
  const configBytes = encode(spec.config);
  const configDigest = await fake.putBlob(repo, configBytes);
  const layers = [];
  for (const layer of spec.layers) layers.push({ mediaType: layer.mediaType, digest: await fake.putBlob(repo, layer.bytes), size: layer.bytes.byteLength });
  const bytes = encode({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(spec.artifactType ? { artifactType: spec.artifactType } : {}),
    config: { mediaType: spec.configMediaType, digest: configDigest, size: configBytes.byteLength },
    layers,
    ...(spec.subject ? { subject: spec.subject } : {}),
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  });
  const digest = await fake.putManifest(repo, reference, bytes, OCI_MANIFEST);
  if (reference !== digest && !reference.startsWith('sha256:')) await fake.putManifest(repo, reference, bytes, OCI_MANIFEST);
  return { digest, size: bytes.byteLength, layers: layers.map(({ digest: d, size }) => ({ digest: d, size })) };
}

export async function pushReferrersIndex(fake: FakeRegistry, repo: string, tag: string, manifests: object[]): Promise<string> {
  return fake.putManifest(repo, tag, encode({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }), OCI_INDEX);
}

export const gzipLayer = (seed: string, size = 2048) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', bytes: makeLayer(seed, size) });
