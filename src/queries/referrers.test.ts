import type { ImageManifest } from '../registry/types';
import { fallbackReferrerTags, isReferrerTag, mergeReferrers, referrerFromDescriptor, referrerFromManifest, referrersIndexTag, referrerTagNames } from './referrers';

const HEX = '0123456789abcdef'.repeat(4);
const DIGEST = `sha256:${HEX}`;

describe('referrer fallback tag names', () => {
  it('follow the OCI tag schema and cosign conventions', () => {
    expect(referrersIndexTag(DIGEST)).toBe(`sha256-${HEX}`);
    expect(referrerTagNames(DIGEST)).toEqual({ index: `sha256-${HEX}`, sig: `sha256-${HEX}.sig`, att: `sha256-${HEX}.att`, sbom: `sha256-${HEX}.sbom` });
  });

  it('truncates long references to 64 characters', () => {
    expect(referrersIndexTag(`sha512:${'f'.repeat(128)}`)).toBe(`sha512-${'f'.repeat(64)}`);
  });

  it('finds only the fallback tags that exist', () => {
    const tags = ['latest', `sha256-${HEX}.sig`, `sha256-${HEX}`, `sha256-${'1'.repeat(64)}.sig`, `sha256-${HEX}.sbom`];
    expect(fallbackReferrerTags(DIGEST, tags)).toEqual([
      { tag: `sha256-${HEX}`, role: 'index' },
      { tag: `sha256-${HEX}.sig`, role: 'sig' },
      { tag: `sha256-${HEX}.sbom`, role: 'sbom' },
    ]);
    expect(fallbackReferrerTags(DIGEST, ['latest'])).toEqual([]);
  });

  it('recognises referrer-only tags', () => {
    expect(isReferrerTag(`sha256-${HEX}`)).toBe(true);
    expect(isReferrerTag(`sha256-${HEX}.att`)).toBe(true);
    expect(isReferrerTag(`sha256-${HEX}.zip`)).toBe(false);
    expect(isReferrerTag('sha256-abc')).toBe(false);
  });
});

describe('referrer entries', () => {
  const sbom = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${'b'.repeat(64)}`,
    size: 500,
    artifactType: 'application/spdx+json',
    annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' },
  };

  it('reads kind and created from a descriptor', () => {
    expect(referrerFromDescriptor(sbom, 'index-tag', `sha256-${HEX}`)).toEqual({
      digest: sbom.digest,
      mediaType: sbom.mediaType,
      size: 500,
      artifactType: 'application/spdx+json',
      kind: 'attestation',
      label: 'SBOM/attestation',
      created: '2026-01-01T00:00:00Z',
      source: 'index-tag',
      tag: `sha256-${HEX}`,
    });
  });

  it('classifies a cosign signature manifest by its layer type', () => {
    const signature: ImageManifest = {
      kind: 'image',
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 200 },
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', digest: `sha256:${'d'.repeat(64)}`, size: 250 }],
    };
    const entry = referrerFromManifest(`sha256:${'e'.repeat(64)}`, 321, signature, `sha256-${HEX}.sig`);
    expect(entry).toMatchObject({ kind: 'signature', label: 'signature', size: 321, source: 'convention-tag', tag: `sha256-${HEX}.sig` });
  });

  it('merges by digest, the first source winning and gaps filled', () => {
    const fromApi = referrerFromDescriptor({ ...sbom, annotations: undefined }, 'api');
    const fromTag = referrerFromDescriptor(sbom, 'index-tag', 'x');
    const merged = mergeReferrers([fromApi], [fromTag]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ source: 'api', created: '2026-01-01T00:00:00Z', tag: 'x' });
  });
});
