import { delay, http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  FakeRegistryError,
  isDigest,
  isValidRepositoryName,
  isValidTag,
  OCI_INDEX,
  OCI_MANIFEST,
  sha256Digest,
} from './fake-registry';
import type { FakeRegistry, OciErrorEntry, StoredManifest } from './fake-registry';

export interface RegistryHandlersOptions {
  /** Registry origin (optionally with a path prefix). Default '' = the page's own origin (any origin outside a browser). */
  baseUrl?: string;
  /** distribution's `catalog.maxentries`: the default and the maximum `n` of `_catalog` (default 1000). */
  catalogMaxPage?: number;
  /** Added before every answer (msw `delay`), for demo mode and loading-state tests. */
  latencyMs?: number;
}

interface Route {
  request: Request;
  url: URL;
  /** Path prefix of baseUrl + '/v2', used to build Link and Location values. */
  v2: string;
  /** Path after '/v2', e.g. '/_catalog' or '/a/b/manifests/latest'. */
  rest: string;
}

const API_VERSION = { 'Docker-Distribution-API-Version': 'registry/2.0' };

function ociError(status: number, errors: OciErrorEntry[]): Response {
  return HttpResponse.json({ errors }, { status, headers: API_VERSION });
}

function ociErrorOne(status: number, code: string, message: string, detail?: unknown): Response {
  return ociError(status, [{ code, message, detail }]);
}

/** What distribution's router (gorilla/mux) answers for routes that do not match: no JSON, no CORS. */
function plainNotFound(): Response {
  return new HttpResponse('404 page not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** distribution 2.8 leaks a storage path in a 500 when a digest-looking reference is malformed. */
function malformedDigest(reference: string): Response {
  return ociErrorOne(500, 'UNKNOWN', 'unknown error', `invalid checksum digest format: ${reference}`);
}

function acceptedTypes(request: Request): Set<string> {
  const accept = request.headers.get('Accept') ?? '';
  return new Set(accept.split(',').map((part) => part.split(';')[0]?.trim().toLowerCase() ?? ''));
}

async function readBody(request: Request): Promise<Uint8Array> {
  return new Uint8Array(await request.arrayBuffer());
}

/**
 * msw 2 handlers serving a FakeRegistry over the Docker Registry HTTP API v2, answering like
 * CNCF distribution 2.8 (status codes, error codes, plain-text 404s, Accept negotiation, Link paging).
 * Repository names contain slashes, so one custom-predicate handler routes every /v2/ request.
 */
export function registryHandlers(fake: FakeRegistry, options: RegistryHandlersOptions = {}): HttpHandler[] {
  const maxPage = options.catalogMaxPage ?? 1000;
  const uploads = new Map<string, { repo: string; chunks: Uint8Array[] }>();
  let uploadCounter = 0;

  /** The path prefix the registry lives under, or null for a request to another origin. */
  function prefixOf(url: URL): string | null {
    const configured = options.baseUrl || (typeof location === 'undefined' ? '' : location.origin);
    if (!configured) return '';
    const base = new URL(configured);
    if (base.origin !== url.origin) return null;
    return base.pathname.replace(/\/+$/, '');
  }

  function match(request: Request): Route | null {
    const url = new URL(request.url);
    const prefix = prefixOf(url);
    if (prefix === null) return null;
    const v2 = `${prefix}/v2`;
    if (url.pathname !== v2 && !url.pathname.startsWith(`${v2}/`)) return null;
    return { request, url, v2, rest: url.pathname.slice(v2.length) };
  }

  async function route({ request, url, v2, rest }: Route): Promise<Response> {
    const method = request.method.toUpperCase();
    // distribution answers OPTIONS on its routes with 200 (no auth configured).
    if (method === 'OPTIONS') return new HttpResponse(null, { status: 200, headers: API_VERSION });

    if (rest === '/') {
      if (method !== 'GET' && method !== 'HEAD') return methodNotAllowed();
      return HttpResponse.json({}, { headers: API_VERSION });
    }
    if (rest === '/_catalog') return method === 'GET' ? catalog(url, v2) : methodNotAllowed();

    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\/(.+)\/tags\/list$/))) {
      const [, name = ''] = m;
      if (!isValidRepositoryName(name)) return plainNotFound();
      if (method !== 'GET') return methodNotAllowed();
      // distribution ignores n/last here: always every tag, no Link.
      return HttpResponse.json({ name, tags: fake.listTags(name) }, { headers: API_VERSION });
    }
    if ((m = rest.match(/^\/(.+)\/manifests\/([^/]+)$/))) {
      const [, name = '', reference = ''] = m;
      if (!isValidRepositoryName(name)) return plainNotFound();
      if (reference.includes(':') && !isDigest(reference)) return malformedDigest(reference);
      if (!isDigest(reference) && !isValidTag(reference)) return plainNotFound();
      return manifests(method, request, url, v2, name, reference);
    }
    if ((m = rest.match(/^\/(.+)\/blobs\/uploads\/([^/]+)$/))) {
      const [, name = '', id = ''] = m;
      if (!isValidRepositoryName(name)) return plainNotFound();
      return uploadSession(method, request, url, v2, name, id);
    }
    if ((m = rest.match(/^\/(.+)\/blobs\/uploads\/?$/))) {
      const [, name = ''] = m;
      if (!isValidRepositoryName(name)) return plainNotFound();
      if (method !== 'POST') return methodNotAllowed();
      return startUpload(request, url, v2, name);
    }
    if ((m = rest.match(/^\/(.+)\/blobs\/([^/]+)$/))) {
      const [, name = '', digest = ''] = m;
      if (!isValidRepositoryName(name)) return plainNotFound();
      if (!isDigest(digest)) return malformedDigest(digest);
      return blobs(method, name, digest);
    }
    // Includes /v2/<name>/referrers/<digest>: distribution 2.8 has no referrers API.
    return plainNotFound();
  }

  function methodNotAllowed(): Response {
    return new HttpResponse(null, { status: 405 });
  }

  function catalog(url: URL, v2: string): Response {
    const nParam = url.searchParams.get('n');
    let n = maxPage;
    if (nParam !== null) {
      const parsed = Number(nParam);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > maxPage) {
        return ociErrorOne(400, 'PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: nParam });
      }
      n = parsed;
    }
    const last = url.searchParams.get('last') ?? '';
    const after = fake.catalog().filter((name) => name > last);
    const page = after.slice(0, n);
    const headers: Record<string, string> = { ...API_VERSION };
    if (n > 0 && after.length > page.length) {
      const lastOnPage = page[page.length - 1] ?? '';
      // Relative, query in Go's url.Values order (sorted keys): last then n.
      headers.Link = `<${v2}/_catalog?last=${encodeURIComponent(lastOnPage)}&n=${n}>; rel="next"`;
    }
    return HttpResponse.json({ repositories: page }, { headers });
  }

  function manifestHeaders(stored: StoredManifest): Record<string, string> {
    return {
      ...API_VERSION,
      'Content-Type': stored.mediaType,
      'Docker-Content-Digest': stored.digest,
      'Content-Length': String(stored.bytes.byteLength),
      ETag: `"${stored.digest}"`,
    };
  }

  /**
   * Content negotiation as in distribution 2.8: OCI types must be in Accept (even by digest), else
   * 404. By tag, a Docker manifest list without its type in Accept answers its linux/amd64 child.
   * Docker schema2 by tag without its type is converted to schema1 by distribution; the fake does
   * not emulate schema1 and answers 404 instead.
   */
  function negotiate(name: string, reference: string, stored: StoredManifest, accepted: Set<string>): StoredManifest | Response {
    const byTag = !isDigest(reference);
    switch (stored.mediaType) {
      case OCI_MANIFEST:
        if (accepted.has(OCI_MANIFEST)) return stored;
        return ociErrorOne(404, 'MANIFEST_UNKNOWN', 'OCI manifest found, but accept header does not support OCI manifests');
      case OCI_INDEX:
        if (accepted.has(OCI_INDEX)) return stored;
        return ociErrorOne(404, 'MANIFEST_UNKNOWN', 'OCI index found, but accept header does not support OCI indexes');
      case DOCKER_MANIFEST_LIST: {
        if (!byTag || accepted.has(DOCKER_MANIFEST_LIST)) return stored;
        const list = JSON.parse(new TextDecoder().decode(stored.bytes)) as { manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[] };
        const child = list.manifests?.find((d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64');
        const childManifest = child && fake.getManifest(name, child.digest);
        if (!childManifest) return ociErrorOne(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
        return negotiate(name, reference, childManifest, accepted);
      }
      case DOCKER_MANIFEST:
        if (!byTag || accepted.has(DOCKER_MANIFEST)) return stored;
        return ociErrorOne(404, 'MANIFEST_UNKNOWN', 'manifest unknown', 'schema1 conversion is not emulated by the fake registry');
      default:
        return stored;
    }
  }

  async function manifests(method: string, request: Request, url: URL, v2: string, name: string, reference: string): Promise<Response> {
    if (method === 'GET' || method === 'HEAD') {
      if (!fake.hasRepository(name)) return ociErrorOne(404, 'NAME_UNKNOWN', 'repository name not known to registry', { name });
      const stored = fake.getManifest(name, reference);
      if (!stored) return ociErrorOne(404, 'MANIFEST_UNKNOWN', 'manifest unknown', isDigest(reference) ? { Revision: reference } : { Tag: reference });
      const served = negotiate(name, reference, stored, acceptedTypes(request));
      if (served instanceof Response) return served;
      return new HttpResponse(method === 'HEAD' ? null : served.bytes, { status: 200, headers: manifestHeaders(served) });
    }
    if (method === 'PUT') {
      const contentType = request.headers.get('Content-Type') ?? '';
      const digest = await fake.putManifest(name, reference, await readBody(request), contentType);
      return new HttpResponse(null, {
        status: 201,
        headers: { ...API_VERSION, Location: `${url.origin}${v2}/${name}/manifests/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' },
      });
    }
    if (method === 'DELETE') {
      fake.deleteManifest(name, reference);
      return new HttpResponse(null, { status: 202, headers: { ...API_VERSION, 'Content-Length': '0' } });
    }
    return methodNotAllowed();
  }

  function blobs(method: string, name: string, digest: string): Response {
    if (method === 'GET' || method === 'HEAD') {
      const bytes = fake.getBlob(name, digest);
      if (!bytes) return ociErrorOne(404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
      return new HttpResponse(method === 'HEAD' ? null : bytes, {
        status: 200,
        headers: {
          ...API_VERSION,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(bytes.byteLength),
          'Docker-Content-Digest': digest,
          ETag: `"${digest}"`,
          'Accept-Ranges': 'bytes',
        },
      });
    }
    if (method === 'DELETE') {
      if (!fake.deleteBlob(name, digest)) return ociErrorOne(404, 'BLOB_UNKNOWN', 'blob unknown to registry', digest);
      return new HttpResponse(null, { status: 202, headers: { ...API_VERSION, 'Content-Length': '0' } });
    }
    return methodNotAllowed();
  }

  function blobCreated(url: URL, v2: string, name: string, digest: string): Response {
    return new HttpResponse(null, {
      status: 201,
      headers: { ...API_VERSION, Location: `${url.origin}${v2}/${name}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' },
    });
  }

  function uploadAccepted(url: URL, v2: string, name: string, id: string, status: 202 | 204): Response {
    const session = uploads.get(id);
    const size = session ? session.chunks.reduce((sum, c) => sum + c.byteLength, 0) : 0;
    return new HttpResponse(null, {
      status,
      headers: {
        ...API_VERSION,
        Location: `${url.origin}${v2}/${name}/blobs/uploads/${id}`,
        Range: `0-${Math.max(size - 1, 0)}`,
        'Docker-Upload-UUID': id,
        'Content-Length': '0',
      },
    });
  }

  async function startUpload(request: Request, url: URL, v2: string, name: string): Promise<Response> {
    const mount = url.searchParams.get('mount');
    const from = url.searchParams.get('from');
    // A failed mount is not an error in distribution: it silently opens an upload session (202).
    if (mount && from && isDigest(mount) && fake.mountBlob(name, mount, from)) return blobCreated(url, v2, name, mount);

    const digest = url.searchParams.get('digest');
    if (digest) {
      // Single-request monolithic upload: POST with ?digest= and the whole body.
      const bytes = await readBody(request);
      if ((await sha256Digest(bytes)) !== digest) return ociErrorOne(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
      await fake.putBlob(name, bytes);
      return blobCreated(url, v2, name, digest);
    }

    const id = `fake-upload-${++uploadCounter}`;
    uploads.set(id, { repo: name, chunks: [] });
    return uploadAccepted(url, v2, name, id, 202);
  }

  async function uploadSession(method: string, request: Request, url: URL, v2: string, name: string, id: string): Promise<Response> {
    const session = uploads.get(id);
    if (!session || session.repo !== name) return ociErrorOne(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
    switch (method) {
      case 'GET':
        return uploadAccepted(url, v2, name, id, 204);
      case 'PATCH':
        session.chunks.push(await readBody(request));
        return uploadAccepted(url, v2, name, id, 202);
      case 'PUT': {
        const digest = url.searchParams.get('digest');
        session.chunks.push(await readBody(request));
        const total = session.chunks.reduce((sum, c) => sum + c.byteLength, 0);
        const bytes = new Uint8Array(total);
        let offset = 0;
        for (const chunk of session.chunks) {
          bytes.set(chunk, offset);
          offset += chunk.byteLength;
        }
        if (!digest || (await sha256Digest(bytes)) !== digest) {
          return ociErrorOne(400, 'DIGEST_INVALID', 'provided digest did not match uploaded content');
        }
        uploads.delete(id);
        await fake.putBlob(name, bytes);
        return blobCreated(url, v2, name, digest);
      }
      case 'DELETE':
        uploads.delete(id);
        return new HttpResponse(null, { status: 204, headers: { ...API_VERSION, 'Content-Length': '0' } });
      default:
        return methodNotAllowed();
    }
  }

  return [
    http.all(
      ({ request }) => match(request) !== null,
      async ({ request }) => {
        const matched = match(request);
        if (!matched) return undefined;
        fake.logRequest(request.method.toUpperCase(), request.url);
        if (options.latencyMs) await delay(options.latencyMs);
        try {
          return await route(matched);
        } catch (error) {
          if (error instanceof FakeRegistryError) return ociError(error.status, error.errors);
          throw error;
        }
      },
    ),
    // distribution has no /acr/v1/ API: its plain 404 (the tag table's ACR probe reads "no API").
    // Handlers of the ACR fake, listed before these, answer first when it is there.
    http.all(
      ({ request }) => {
        const url = new URL(request.url);
        const prefix = prefixOf(url);
        return prefix !== null && url.pathname.startsWith(`${prefix}/acr/v1/`);
      },
      () => plainNotFound(),
    ),
  ];
}
