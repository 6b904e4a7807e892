/**
 * Docker image manifest schema 1 (`application/vnd.docker.distribution.manifest.v1+prettyjws`,
 * unsigned `…v1+json`): deprecated, but still served by registries that hold old pushes.
 *
 * The digest of a signed manifest is not sha256 of the bytes received: it is over the payload
 * without the JWS signatures (libtrust). Distribution 2.8 stores only that payload and signs it
 * again on every GET with its own key (a new `time`, a new signature), so the bytes differ between
 * two GETs while Docker-Content-Digest stays the same. The payload is recovered from the first
 * signature's `protected` header: base64url JSON with `formatLength` (bytes of the body that
 * belong to the payload) and `formatTail` (base64url of the bytes that close it, usually `}`).
 */
import { z } from 'zod/mini';

const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
const SCHEMA1_UNSIGNED = 'application/vnd.docker.distribution.manifest.v1+json';

export interface Schema1Layer {
  /** fsLayers[i].blobSum: a (compressed) layer blob. */
  digest: string;
  /** The v1Compatibility JSON of the matching history entry (same index as in fsLayers). */
  createdBy?: string;
  created?: string;
  /** Marked `throwaway` by the converter: an empty layer standing in for a metadata-only step. */
  throwaway: boolean;
}

/** Facts of a schema 1 manifest, read from `history[0].v1Compatibility` (the top layer's image JSON). */
export interface Schema1Facts {
  created?: string;
  architecture?: string;
  os?: string;
  /** Base layer first (fsLayers and history list the top layer first). */
  layers: Schema1Layer[];
}

const v1CompatibilitySchema = z.looseObject({
  created: z.catch(z.optional(z.string()), undefined),
  architecture: z.catch(z.optional(z.string()), undefined),
  os: z.catch(z.optional(z.string()), undefined),
  throwaway: z.catch(z.optional(z.boolean()), undefined),
  container_config: z.catch(z.optional(z.looseObject({ Cmd: z.catch(z.optional(z.nullable(z.array(z.string()))), undefined) })), undefined),
});

export const schema1ManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.optional(z.string()),
  tag: z.optional(z.string()),
  architecture: z.optional(z.string()),
  fsLayers: z.array(z.object({ blobSum: z.string() })),
  history: z.optional(z.array(z.object({ v1Compatibility: z.string() }))),
});

export type Schema1Body = z.infer<typeof schema1ManifestSchema>;

function base64UrlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

const protectedHeaderSchema = z.looseObject({ formatLength: z.int().check(z.nonnegative()), formatTail: z.string() });

/**
 * The bytes a schema 1 manifest's digest is computed over. Signed (`signatures` present): the first
 * `formatLength` bytes of the body followed by base64url-decode(`formatTail`) of the first
 * signature's protected header. Unsigned: the bytes as they are. Throws when a signed body's
 * protected header is unreadable or names more bytes than there are.
 */
export function schema1Payload(bytes: Uint8Array): Uint8Array {
  const json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { signatures?: { protected?: unknown }[] };
  const first = Array.isArray(json.signatures) ? json.signatures[0] : undefined;
  if (!first) return bytes;
  if (typeof first.protected !== 'string') throw new Error('schema 1 signature without a protected header');
  const header = protectedHeaderSchema.safeParse(JSON.parse(new TextDecoder().decode(base64UrlDecode(first.protected))));
  if (!header.success) throw new Error('schema 1 protected header without formatLength/formatTail');
  const { formatLength, formatTail } = header.data;
  if (formatLength > bytes.byteLength) throw new Error(`schema 1 formatLength ${formatLength} exceeds the ${bytes.byteLength} bytes received`);
  const tail = base64UrlDecode(formatTail);
  const payload = new Uint8Array(formatLength + tail.byteLength);
  payload.set(bytes.subarray(0, formatLength), 0);
  payload.set(tail, formatLength);
  return payload;
}

function readV1Compatibility(text: string | undefined): z.infer<typeof v1CompatibilitySchema> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = v1CompatibilitySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Created, architecture, os (history[0]) and the layers base first, each with its step's command. */
export function schema1Facts(manifest: Pick<Schema1Body, 'fsLayers' | 'history' | 'architecture'>): Schema1Facts {
  const history = manifest.history ?? [];
  const top = readV1Compatibility(history[0]?.v1Compatibility);
  const layers = manifest.fsLayers.map((layer, i): Schema1Layer => {
    const step = readV1Compatibility(history[i]?.v1Compatibility);
    const cmd = step?.container_config?.Cmd;
    return {
      digest: layer.blobSum,
      ...(cmd && cmd.length > 0 ? { createdBy: cmd.join(' ') } : {}),
      ...(step?.created ? { created: step.created } : {}),
      throwaway: step?.throwaway === true,
    };
  });
  return {
    ...(top?.created ? { created: top.created } : {}),
    ...((top?.architecture ?? manifest.architecture) ? { architecture: top?.architecture ?? manifest.architecture } : {}),
    ...(top?.os ? { os: top.os } : {}),
    layers: layers.reverse(),
  };
}

const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

/**
 * The bytes a manifest's digest covers: for Docker schema 1 (by Content-Type, or a generic type
 * with a schemaVersion 1 body) the payload without signatures, otherwise the bytes themselves.
 * An unreadable schema 1 body is returned as is: the digest check then fails loudly.
 */
export function digestedBytes(bytes: Uint8Array, contentType: string): Uint8Array {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const schema1 = type === SCHEMA1_SIGNED || type === SCHEMA1_UNSIGNED;
  if (!schema1 && !GENERIC_TYPES.has(type)) return bytes;
  try {
    if (!schema1 && (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { schemaVersion?: unknown }).schemaVersion !== 1) return bytes;
    return schema1Payload(bytes);
  } catch {
    return bytes;
  }
}
