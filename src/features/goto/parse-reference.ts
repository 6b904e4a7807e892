import { isValidRepositoryName } from '../../registry/names';

/** What a pasted image reference points at. */
export interface ParsedReference {
  /** The registry host the reference names (`myregistry.azurecr.io`, `127.0.0.1:5000`), if any. */
  host?: string;
  /** The repository; absent for a bare digest. */
  name?: string;
  tag?: string;
  digest?: string;
}

const TAG = /^[\w][\w.-]{0,127}$/;
// OCI: algorithm ":" encoded; sha256 and sha512 are the ones registries use.
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const PULL_COMMAND = /^(?:sudo\s+)?(?:docker|podman|nerdctl|crane|oras|skopeo)\s+(?:image\s+)?(?:pull|run|inspect|manifest\s+inspect)(?:\s+|$)/i;
/** Flags of `docker pull` / `docker run` that take a value in the next word. */
const FLAGS_WITH_VALUE = new Set(['--platform', '-e', '--env', '-p', '--publish', '-v', '--volume', '--name', '--network', '--entrypoint', '-u', '--user', '-w', '--workdir']);

function isDigest(value: string): boolean {
  return DIGEST.test(value);
}

/** The image word of a command line: the first word that is not a flag or a flag's value. */
function imageWord(input: string): string | undefined {
  const words = input.replace(PULL_COMMAND, '').split(/\s+/).filter(Boolean);
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    if (word.startsWith('-')) {
      if (!word.includes('=') && FLAGS_WITH_VALUE.has(word)) index++;
      continue;
    }
    return word;
  }
  return undefined;
}

/**
 * Reads what people paste: `team/app`, `team/app:1.2`, `host/team/app:1.2`, `…@sha256:…`,
 * `docker pull --platform linux/arm64 host/team/app:1.2`, `https://host/team/app`, or a bare
 * digest. The first path component is a host when it has a dot or a port, or is `localhost`
 * (Docker's own rule). Anything that is not a valid reference gives null.
 */
export function parseReference(input: string): ParsedReference | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  let word = imageWord(trimmed);
  if (!word) return null;
  word = word.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^['"]|['"]$/g, '');
  if (isDigest(word) && !word.includes('/')) return { digest: word };

  let digest: string | undefined;
  const at = word.indexOf('@');
  if (at >= 0) {
    digest = word.slice(at + 1);
    word = word.slice(0, at);
    if (!isDigest(digest)) return null;
  }

  let tag: string | undefined;
  const lastSlash = word.lastIndexOf('/');
  const colon = word.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = word.slice(colon + 1);
    word = word.slice(0, colon);
    if (!TAG.test(tag)) return null;
  }

  let host: string | undefined;
  const parts = word.split('/');
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    host = first;
    parts.shift();
  }
  const name = parts.join('/').replace(/\/+$/, '');
  if (!isValidRepositoryName(name)) return null;
  return { ...(host ? { host } : {}), name, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** The reference a manifest page opens: the digest when there is one (it pins the image), else the tag. */
export function manifestReference(parsed: ParsedReference): string | undefined {
  return parsed.digest ?? parsed.tag;
}
