import { MAX_ERROR_BODY_BYTES, readLimited } from './read-limited';
import type { AuthChallenge } from './types';

/** One entry of the OCI error body `{"errors":[{code,message,detail}]}`. */
export interface RegistryErrorEntry {
  code: string;
  message: string;
  detail?: unknown;
}

export interface RegistryErrorInit {
  status: number;
  code: string;
  message: string;
  errors?: RegistryErrorEntry[];
  repository?: string;
  reference?: string;
  retryAfterSeconds?: number;
  challenges?: AuthChallenge[];
  url?: string;
  cause?: unknown;
}

/**
 * The one error the registry client throws. `status` is the HTTP status (0 when no HTTP answer
 * arrived: network/CORS failure, or a request refused client-side before sending); `code` is the
 * first OCI error code, or one of ours: NETWORK_ERROR, HTTP_<status>, DIGEST_MISMATCH,
 * MANIFEST_MALFORMED, CONFIG_MALFORMED, UNSUPPORTED_MEDIA_TYPE, NAME_INVALID, REFERENCE_INVALID…
 */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly status: number;
  readonly code: string;
  readonly errors: RegistryErrorEntry[];
  repository?: string;
  reference?: string;
  readonly retryAfterSeconds?: number;
  readonly challenges: AuthChallenge[];
  url?: string;

  constructor(init: RegistryErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.repository = init.repository;
    this.reference = init.reference;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.challenges = init.challenges ?? [];
    this.url = init.url;
  }
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}

/** Where an error happened, attached so the UI can say which repository/reference failed. */
export interface ErrorContext {
  repository?: string;
  reference?: string;
  url?: string;
}

/** Fills in repository/reference/url on an error thrown by a helper that did not know them. */
export function withContext(error: RegistryError, context: ErrorContext): RegistryError {
  error.repository ??= context.repository;
  error.reference ??= context.reference;
  error.url ??= context.url;
  return error;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'HTTP error';
}

export interface ParsedErrorBody {
  code: string;
  /** Human message, e.g. "404 NAME_UNKNOWN: repository name not known to registry". */
  message: string;
  errors: RegistryErrorEntry[];
}

const MAX_TEXT = 300;

function toEntry(value: unknown): RegistryErrorEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const code = typeof record.code === 'string' && record.code !== '' ? record.code : 'UNKNOWN';
  const message = typeof record.message === 'string' ? record.message : '';
  const entry: RegistryErrorEntry = { code, message };
  // detail is an object, string, array, {} or null depending on the registry and the error.
  if ('detail' in record && record.detail !== null && record.detail !== undefined) entry.detail = record.detail;
  return entry;
}

/** Proxies answer with HTML error pages; keep the title (or the text) short and readable. */
function plainText(text: string): string {
  let out = text;
  if (/^\s*</.test(out)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(out)?.[1];
    out = title ?? out.replace(/<[^>]*>/g, ' ');
  }
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT)}…` : out;
}

/**
 * Reads an error body defensively: OCI error JSON, plain text ("404 page not found", which
 * distribution sends for unknown routes and invalid names), HTML from a proxy, or nothing.
 */
export function parseRegistryErrorBody(status: number, text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      const rawErrors = typeof json === 'object' && json !== null ? (json as { errors?: unknown }).errors : undefined;
      if (Array.isArray(rawErrors)) {
        const errors = rawErrors.map(toEntry).filter((entry): entry is RegistryErrorEntry => entry !== null);
        const first = errors[0];
        if (first) {
          const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
          const text = first.message || statusText(status);
          return { code: first.code, message: `${status} ${first.code}: ${text}${more}`, errors };
        }
      }
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  const code = `HTTP_${status}`;
  if (trimmed === '') return { code, message: `${status} ${statusText(status)}`, errors: [] };
  const readable = plainText(trimmed);
  return { code, message: readable.startsWith(String(status)) ? readable : `${status} ${readable}`, errors: [] };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP-date always names the day and month; Date.parse would also accept "-5" or "2024".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export interface ResponseErrorContext extends ErrorContext {
  challenges?: AuthChallenge[];
  /** Overrides the code derived from the body (e.g. UNAUTHORIZED after a refused retry). */
  code?: string;
  /** Replaces the text after "<status> <code>: ". */
  message?: string;
  now?: number;
}

/** Builds the RegistryError for a non-successful response, consuming its body. */
export async function registryErrorFromResponse(response: Response, context: ResponseErrorContext = {}): Promise<RegistryError> {
  let text = '';
  let truncated = false;
  try {
    // A registry's error body is small; a proxy's may be anything. Only the first 64 KiB is read.
    const body = await readLimited(response, MAX_ERROR_BODY_BYTES);
    text = new TextDecoder().decode(body.bytes);
    truncated = body.truncated;
  } catch {
    // body unreadable (aborted, HEAD): the status alone must do
  }
  const parsed = parseRegistryErrorBody(response.status, text);
  if (truncated) parsed.message += ` (error body cut at ${MAX_ERROR_BODY_BYTES / 1024} KiB)`;
  let code = context.code ?? parsed.code;
  // 401 without an OCI code (empty or plain-text body) is still an authentication failure.
  if (response.status === 401 && code.startsWith('HTTP_')) code = 'UNAUTHORIZED';
  const message =
    context.message !== undefined
      ? `${response.status} ${code}: ${context.message}`
      : code === parsed.code
        ? parsed.message
        : parsed.message.replace(parsed.code, code);
  return new RegistryError({
    status: response.status,
    code,
    message,
    errors: parsed.errors,
    repository: context.repository,
    reference: context.reference,
    url: context.url ?? (response.url || undefined),
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After'), context.now),
    challenges: context.challenges,
  });
}

/** AbortError (and TimeoutError from AbortSignal.timeout) must reach the caller unchanged. */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('name' in error)) return false;
  return error.name === 'AbortError' || error.name === 'TimeoutError';
}

/** What a registry on another origin must answer with (the README's list), named in NETWORK_ERROR. */
export const CORS_REQUIREMENTS =
  "Access-Control-Allow-Origin (this page's origin), Access-Control-Allow-Methods (GET, HEAD, and PUT, POST, PATCH, DELETE for actions), " +
  'Access-Control-Allow-Headers (Authorization, Accept, Content-Type, X-Meta-Source-Client) and ' +
  'Access-Control-Expose-Headers (Docker-Content-Digest, Link, WWW-Authenticate, Location, Retry-After, OCI-Filters-Applied)';

/**
 * A fetch that rejects gives no status. In a browser this is a network failure or — more often
 * with registries — a CORS refusal: the registry is on another origin and sends no
 * Access-Control-Allow-Origin, or the preflight OPTIONS was answered 401.
 */
export function networkError(cause: unknown, context: ErrorContext = {}): RegistryError {
  const where = context.url ? ` ${context.url}` : '';
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new RegistryError({
    status: 0,
    code: 'NETWORK_ERROR',
    message:
      `Could not reach the registry${where}${reason}. This is either a network failure or a CORS refusal. ` +
      `A registry on another origin must send ${CORS_REQUIREMENTS}, and answer the OPTIONS preflight without auth; ` +
      'or serve the registry on this origin through a proxy (/v2/ next to the UI, as deploy/nginx.conf and npm start do).',
    ...context,
    cause,
  });
}
