/** Response bodies read with a ceiling, as a RegistryError BODY_TOO_LARGE past it (see read-limited.ts). */
import { isAbortError, networkError, RegistryError } from './errors';
import type { ErrorContext } from './errors';
import { readLimited, type LimitedBody } from './read-limited';

const MIB = 1024 * 1024;

function formatBytes(bytes: number): string {
  return bytes >= MIB ? `${bytes / MIB} MiB` : `${bytes / 1024} KiB`;
}

/**
 * The body as bytes, or RegistryError BODY_TOO_LARGE past `limit` (refused at once when
 * Content-Length already says so). `what` names the content in the message ("manifest").
 */
export async function readBodyWithin(response: Response, limit: number, what: string, context: ErrorContext): Promise<Uint8Array> {
  const tooLarge = () =>
    new RegistryError({
      status: 0,
      code: 'BODY_TOO_LARGE',
      message: `The ${what} from ${context.url ?? 'the registry'} is larger than ${formatBytes(limit)}, the most Regatta reads for a ${what}; it was not read further.`,
      ...context,
    });
  const declared = Number(response.headers.get('Content-Length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    try {
      void response.body?.cancel().catch(() => undefined);
    } catch {
      // locked or consumed: nothing to free
    }
    throw tooLarge();
  }
  let body: LimitedBody;
  try {
    body = await readLimited(response, limit);
  } catch (error) {
    if (isAbortError(error) || error instanceof RegistryError) throw error;
    throw networkError(error, context);
  }
  if (body.truncated) throw tooLarge();
  return body.bytes;
}
