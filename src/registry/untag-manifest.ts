/**
 * The throwaway manifest of the safe untag. distribution 2.x cannot delete a tag, only a digest
 * (and with it every tag on that digest). To remove one tag and keep its siblings, a tiny manifest
 * unique to this operation is pushed under the tag (which moves the tag off the image), then that
 * manifest is deleted by digest: only the tag goes. Verified on distribution 2.8.2.
 */
import { OCI_EMPTY_CONFIG, OCI_MANIFEST } from './manifests';

/** The OCI empty descriptor's content `{}`: its digest is fixed by the spec. */
export const EMPTY_CONFIG_BYTES = new TextEncoder().encode('{}');
export const EMPTY_CONFIG_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
export const UNTAG_ANNOTATION = 'org.regatta.untag';
export const UNTAG_ARTIFACT_TYPE = 'application/vnd.regatta.untag.v1';

export interface ThrowawayManifest {
  bytes: Uint8Array;
  mediaType: string;
}

/** A valid OCI manifest with the empty config and no layers, unique through `nonce`. */
export function throwawayManifest(tag: string, nonce: string): ThrowawayManifest {
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: UNTAG_ARTIFACT_TYPE,
    config: { mediaType: OCI_EMPTY_CONFIG, digest: EMPTY_CONFIG_DIGEST, size: EMPTY_CONFIG_BYTES.byteLength },
    layers: [],
    annotations: { [UNTAG_ANNOTATION]: `${tag} ${nonce}` },
  };
  return { bytes: new TextEncoder().encode(JSON.stringify(manifest)), mediaType: OCI_MANIFEST };
}

/** A nonce that never repeats in practice (two removals of one tag must not collide). */
export function untagNonce(now: number = Date.now()): string {
  // getRandomValues, not randomUUID: the latter exists only in secure contexts (not plain http).
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${new Date(now).toISOString()} ${random}`;
}

/** Regatta's throwaway (its artifact type or its annotation): a tag on it is an untag left unfinished. */
export function isUntagThrowaway(manifest: { artifactType?: string; annotations?: Record<string, string> }): boolean {
  return manifest.artifactType === UNTAG_ARTIFACT_TYPE || manifest.annotations?.[UNTAG_ANNOTATION] !== undefined;
}
