// Manifests the inspector (issue #3) needs beyond plain images, pushed after the main seed:
//   inspector/chart   a Helm chart: an OCI manifest whose config is application/vnd.cncf.helm.config.v1+json
//   inspector/signed  an image (seeded by the main spec) plus what refers to it, the way
//                     registries without the referrers API (distribution 2.8) carry it:
//                       - a cosign-style signature under the tag `sha256-<hex>.sig`
//                       - an OCI 1.1 SBOM (artifactType application/spdx+json, `subject` = the image),
//                         pushed by digest and listed by the fallback index tag `sha256-<hex>`
// Deterministic like the rest of the seed: same bytes, same digests on every run.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const INSPECTOR_CHART_REPOSITORY = 'inspector/chart';
export const INSPECTOR_SIGNED_REPOSITORY = 'inspector/signed';
export const INSPECTOR_SIGNED_TAG = '1.0';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
const HELM_CONTENT = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const COSIGN_PAYLOAD = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const SBOM_ARTIFACT_TYPE = 'application/spdx+json';
const CREATED = 'org.opencontainers.image.created';

interface Blob {
  digest: string;
  bytes: Buffer<ArrayBuffer>;
}

/** What seed-registry's Pusher offers (structurally), so this file needs nothing private from it. */
export interface ManifestPusher {
  pushBlob(repo: string, blob: Blob): Promise<void>;
  pushManifest(repo: string, reference: string, manifest: Blob, mediaType: string): Promise<void>;
}

/** The parts of seed-registry's TagRecord / RepositoryRecord written here. */
interface TagRecordLike {
  digest: string;
  size: number;
  created: string;
  mediaType: string;
  platforms?: unknown[];
  layers?: { digest: string; size: number }[];
  artifactType?: string;
  configMediaType?: string;
}

interface RepositoryRecordLike {
  tags: Record<string, TagRecordLike>;
  orphans: unknown[];
}

export interface InspectorRecord {
  chart: {
    repository: string;
    tag: string;
    digest: string;
    configMediaType: string;
    /** config.size + sum(layer sizes). */
    size: number;
    layers: { digest: string; size: number; mediaType: string }[];
    chartName: string;
    chartVersion: string;
  };
  signed: {
    repository: string;
    tag: string;
    /** The image the referrers point at. */
    digest: string;
    signature: { tag: string; digest: string; size: number };
    sbom: { digest: string; size: number; artifactType: string; created: string };
    /** `sha256-<hex>`: the OCI 1.1 tag schema fallback index listing the SBOM. */
    referrersTag: string;
    referrersIndexDigest: string;
  };
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blobOf = (value: string | Buffer): Blob => {
  const bytes = Buffer.from(value);
  return { digest: sha256(bytes), bytes };
};
const json = (value: unknown, pretty = false) => blobOf(JSON.stringify(value, null, pretty ? 2 : undefined));
const descriptor = (mediaType: string, blob: Blob, extra: object = {}) => ({ mediaType, digest: blob.digest, size: blob.bytes.length, ...extra });

async function pushArtifact(pusher: ManifestPusher, repo: string, reference: string | null, manifest: Record<string, unknown>, blobs: Blob[]): Promise<Blob> {
  for (const blob of blobs) await pusher.pushBlob(repo, blob);
  const bytes = json(manifest, true);
  await pusher.pushManifest(repo, reference ?? bytes.digest, bytes, OCI_MANIFEST);
  return bytes;
}

/**
 * Pushes the chart repository and the referrers of `inspector/signed:1.0` (which the main spec
 * seeded as a plain image), adds their tags to `repositories` and returns what the e2e specs check.
 */
export async function seedInspectorFixtures(options: {
  pusher: ManifestPusher;
  base: string;
  fetch: typeof fetch;
  repositories: Record<string, RepositoryRecordLike>;
}): Promise<InspectorRecord> {
  const { pusher, repositories } = options;

  // --- Helm chart -----------------------------------------------------------------------------
  const chartCreated = '2025-11-20T08:00:00.000Z';
  const chartConfig = json({ apiVersion: 'v2', name: 'web', version: '0.3.1', description: 'The campaign web front end', home: 'https://example.com/charts/web', type: 'application' });
  const chartContent = blobOf(gzipSync(Buffer.from('web/Chart.yaml\napiVersion: v2\nname: web\nversion: 0.3.1\n'.repeat(40)), { level: 9 }));
  const chartManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(HELM_CONFIG, chartConfig),
    layers: [descriptor(HELM_CONTENT, chartContent)],
    annotations: { [CREATED]: chartCreated },
  };
  const chart = await pushArtifact(pusher, INSPECTOR_CHART_REPOSITORY, '0.3.1', chartManifest, [chartConfig, chartContent]);
  repositories[INSPECTOR_CHART_REPOSITORY] = {
    tags: {
      '0.3.1': {
        digest: chart.digest,
        size: chartConfig.bytes.length + chartContent.bytes.length,
        created: chartCreated,
        mediaType: OCI_MANIFEST,
        layers: [{ digest: chartContent.digest, size: chartContent.bytes.length }],
        configMediaType: HELM_CONFIG,
      },
    },
    orphans: [],
  };

  // --- referrers of inspector/signed:1.0 ---------------------------------------------------
  const repo = INSPECTOR_SIGNED_REPOSITORY;
  const target = repositories[repo]?.tags[INSPECTOR_SIGNED_TAG];
  if (!target) throw new Error(`seed-inspector: ${repo}:${INSPECTOR_SIGNED_TAG} must be seeded first`);
  const head = await options.fetch(new URL(`/v2/${repo}/manifests/${target.digest}`, options.base), { method: 'HEAD', headers: { Accept: target.mediaType } });
  const subjectSize = Number(head.headers.get('content-length'));
  if (head.status !== 200 || !Number.isInteger(subjectSize)) throw new Error(`seed-inspector: HEAD ${repo}@${target.digest} → ${head.status}`);
  const subject = { mediaType: target.mediaType, digest: target.digest, size: subjectSize };
  const hex = target.digest.slice('sha256:'.length);
  const referrersTag = `sha256-${hex}`;

  // cosign's layout: an OCI image manifest whose one layer is the simple-signing payload.
  const payload = json({ critical: { identity: { 'docker-reference': `${repo}` }, image: { 'docker-manifest-digest': target.digest }, type: 'cosign container image signature' }, optional: null });
  const signatureConfig = json({ architecture: '', created: '0001-01-01T00:00:00Z', history: [{ created: '0001-01-01T00:00:00Z' }], os: '', rootfs: { type: 'layers', diff_ids: [payload.digest] }, config: {} });
  const signatureCreated = '2026-01-05T12:00:00.000Z';
  const signature = await pushArtifact(
    pusher,
    repo,
    `${referrersTag}.sig`,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: descriptor(OCI_CONFIG, signatureConfig),
      layers: [descriptor(COSIGN_PAYLOAD, payload, { annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQDregattaseedfakesignature==' } })],
      annotations: { [CREATED]: signatureCreated },
    },
    [signatureConfig, payload],
  );

  // OCI 1.1 artifact with a subject, pushed by digest; the fallback index tag lists it.
  const empty = blobOf('{}');
  const spdx = json({ spdxVersion: 'SPDX-2.3', name: `${repo}:${INSPECTOR_SIGNED_TAG}`, packages: [{ name: 'nodejs', versionInfo: '20.11.0' }] });
  const sbomCreated = '2026-01-05T12:05:00.000Z';
  const sbom = await pushArtifact(
    pusher,
    repo,
    null,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SBOM_ARTIFACT_TYPE,
      config: descriptor(OCI_EMPTY, empty),
      layers: [descriptor(SBOM_ARTIFACT_TYPE, spdx)],
      subject,
      annotations: { [CREATED]: sbomCreated },
    },
    [empty, spdx],
  );
  const index = json(
    {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [descriptor(OCI_MANIFEST, sbom, { artifactType: SBOM_ARTIFACT_TYPE, annotations: { [CREATED]: sbomCreated } })],
    },
    true,
  );
  await pusher.pushManifest(repo, referrersTag, index, OCI_INDEX);

  const tags = repositories[repo]?.tags ?? {};
  tags[`${referrersTag}.sig`] = {
    digest: signature.digest,
    size: signatureConfig.bytes.length + payload.bytes.length,
    created: signatureCreated,
    mediaType: OCI_MANIFEST,
    layers: [{ digest: payload.digest, size: payload.bytes.length }],
  };
  // An index without platforms: its "platforms' sizes" add up to 0.
  tags[referrersTag] = { digest: index.digest, size: 0, created: sbomCreated, mediaType: OCI_INDEX, platforms: [] };

  return {
    chart: {
      repository: INSPECTOR_CHART_REPOSITORY,
      tag: '0.3.1',
      digest: chart.digest,
      configMediaType: HELM_CONFIG,
      size: chartConfig.bytes.length + chartContent.bytes.length,
      layers: [{ digest: chartContent.digest, size: chartContent.bytes.length, mediaType: HELM_CONTENT }],
      chartName: 'web',
      chartVersion: '0.3.1',
    },
    signed: {
      repository: repo,
      tag: INSPECTOR_SIGNED_TAG,
      digest: target.digest,
      signature: { tag: `${referrersTag}.sig`, digest: signature.digest, size: signature.bytes.length },
      sbom: { digest: sbom.digest, size: sbom.bytes.length, artifactType: SBOM_ARTIFACT_TYPE, created: sbomCreated },
      referrersTag,
      referrersIndexDigest: index.digest,
    },
  };
}
