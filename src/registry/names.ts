import { isDigest } from './digest';
import { RegistryError } from './errors';

/*
 * distribution's path-component grammar is [a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*. Because
 * `[-]*` may match nothing, that regex backtracks exponentially on inputs like "aaaa…a!". The
 * separator below is `-+` instead: the language is the same (an empty separator just joins two
 * alphanumeric runs) but every repetition must consume a separator, so matching stays linear.
 */
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY_NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** distribution's NameTotalLengthMax. */
export const MAX_REPOSITORY_NAME_LENGTH = 255;

/** Repository name per the distribution grammar: lowercase components joined by "/", ≤ 255 chars. */
export function isValidRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_REPOSITORY_NAME_LENGTH && REPOSITORY_NAME.test(name);
}

/** Tag: [A-Za-z0-9_][A-Za-z0-9._-]{0,127}. */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** A manifest reference: a tag or a sha256 digest. */
export function isValidReference(reference: string): boolean {
  return isValidTag(reference) || isDigest(reference);
}

/*
 * distribution answers invalid names/references with a plain-text 404 (or 301/500) without CORS
 * headers, which a cross-origin browser reports as a network error. So they are refused here,
 * before sending, with status 0.
 */

export function assertRepositoryName(name: string): void {
  if (isValidRepositoryName(name)) return;
  throw new RegistryError({
    status: 0,
    code: 'NAME_INVALID',
    message: `Invalid repository name "${name}": use lowercase letters, digits and separators (. _ __ -) in components joined by "/", at most ${MAX_REPOSITORY_NAME_LENGTH} characters.`,
    repository: name,
  });
}

export function assertReference(name: string, reference: string): void {
  if (isValidReference(reference)) return;
  throw new RegistryError({
    status: 0,
    code: 'REFERENCE_INVALID',
    message: `Invalid reference "${reference}": expected a tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}) or a digest (sha256:<64 hex>).`,
    repository: name,
    reference,
  });
}

export function assertDigest(name: string, digest: string, why = 'expected a digest (sha256:<64 hex>)'): void {
  if (isDigest(digest)) return;
  throw new RegistryError({
    status: 0,
    code: 'REFERENCE_INVALID',
    message: `Invalid digest "${digest}": ${why}.`,
    repository: name,
    reference: digest,
  });
}
