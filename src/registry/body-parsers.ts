/**
 * The parsers of manifest, image config and referrers bodies (zod schemas), and the hashing that
 * checks their digests. client.ts loads this module the first time it reads one of those bodies:
 * the catalog needs none of them, so they stay out of the first page's JavaScript.
 */
export { parseManifest } from './manifests';
export { digestedBytes } from './schema1';
export { isReferrersUnsupportedStatus, referrersIndexSchema } from './referrers-api';
export { imageConfigSchema } from './types';
export { sha256Digest } from './sha256';
