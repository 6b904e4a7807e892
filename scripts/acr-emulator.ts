// An Azure Container Registry emulator for the e2e tests, in front of a REAL CNCF distribution
// registry (/usr/bin/docker-registry). Written from Microsoft's published data-plane API:
//   Azure/azure-rest-api-specs, specification/containerregistry/data-plane/
//   Azure.ContainerRegistry/stable/2021-07-01/containerregistry.json
// What it answers (127.0.0.1 only):
//   /v2/…                      proxied to the registry, behind ACR-style Bearer challenges
//                              (`Bearer realm="<this origin>/oauth2/token",service="<host>",scope="…"`)
//                              and ACR's locks: a DELETE of a manifest that is delete-locked (or has
//                              a delete-locked tag) and a PUT over a write-locked tag answer 405
//                              REGISTRY_DISALLOWED_OPERATION.
//   GET  /acr/v1/_catalog      Repositories {repositories, link?}, n/last + Link           (registry:catalog:*)
//   GET  /acr/v1/<n>/_tags     TagList {registry, imageName, tags: TagAttributesBase[]}, n/last/orderby/digest + Link
//   GET|PATCH /acr/v1/<n>/_tags/<tag>        TagAttributes {registry, imageName, tag}
//   DELETE    /acr/v1/<n>/_tags/<tag>        202, the tag only (the manifest stays)
//   GET  /acr/v1/<n>/_manifests               AcrManifests {registry, imageName, manifests: ManifestAttributesBase[]}, n/last/orderby + Link
//   GET|PATCH /acr/v1/<n>/_manifests/<digest> ManifestAttributes {registry, imageName, manifest}
//   POST /oauth2/exchange      grant_type=access_token, service, [tenant], access_token → {refresh_token}:
//                              the access token must come from the configured identity provider (the
//                              e2e's stand-in for Entra ID, scripts/entra-idp.ts): signature against its
//                              JWKS, iss, aud, exp/nbf; its `sub` maps to an emulator user
//   POST /oauth2/token         grant_type=refresh_token, service, scope, refresh_token → {access_token}
//                              (grant_type=password with username/password as well)
//   GET  /oauth2/token         ?service=&scope= with Basic username:password → {access_token}; the
//                              user 00000000-0000-0000-0000-000000000000 with an ACR refresh token
//                              as password works too (`az acr login --expose-token`)
// Metadata read/write, tag read/delete need `metadata_read` / `metadata_write` / `delete`.
// Tokens are HS256 JWTs with `exp` (no expires_in, as ACR answers). Repository names arrive with
// their slashes as they are or percent-encoded (%2F, as the Azure SDKs send them): both work.
//
// What distribution cannot say is taken from its storage (the filesystem driver's layout, see
// /work/shared/REGISTRY-NOTES.md): every manifest of a repository, tagged or not
// (`_manifests/revisions`), and removing one tag (`_manifests/tags/<tag>`, ACR's DELETE _tags).
// Times: createdTime is when the emulator first saw a manifest or tag (tests may set them);
// lastUpdateTime is the same unless set.
import { createHmac, createPublicKey, randomBytes, timingSafeEqual, verify as verifySignature, type JsonWebKey } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';

export interface AcrUser {
  password: string;
  /** Repositories this user has every right on (pull, push, delete, metadata_read, metadata_write); '*' for all. */
  repositories: string[] | '*';
  /** `registry:catalog:*`: may list the catalog. */
  catalog: boolean;
}

export interface AcrEmulatorOptions {
  /** The real registry, e.g. http://127.0.0.1:5000 (no auth). */
  registryUrl: string;
  /** Its storage root (the filesystem driver's rootdirectory). */
  storageDir: string;
  users: Record<string, AcrUser>;
  /** The identity provider whose access tokens /oauth2/exchange takes (Entra ID's part); none: every exchange is refused. */
  entra?: EntraTrust;
  /** Lifetime of access tokens (JWT exp), seconds; default 3600. */
  accessTokenSeconds?: number;
  port?: number;
}

export interface EntraTrust {
  /** The token's `iss`, exactly. */
  issuer: string;
  /** What its `aud` must hold (Entra ID: https://containerregistry.azure.net). */
  audience: string;
  /** The provider's signing keys: its JWKS URL (fetched on each unknown `kid`)… */
  jwksUri?: string;
  /** …trusting this PEM certificate for https (a test-time certificate)… */
  ca?: string;
  /** …or the keys themselves. */
  keys?: JsonWebKey[];
  /** The token's `sub` → the emulator user it signs in as (ACR: the identity's role assignments). */
  users: Record<string, string>;
}

export interface Changeable {
  deleteEnabled: boolean;
  writeEnabled: boolean;
  readEnabled: boolean;
  listEnabled: boolean;
}

export interface AcrEmulator {
  url: string;
  /** The `service` of the challenges: this emulator's host:port. */
  service: string;
  pid: number;
  /** Every request, in order: method, path as received, the user of the token (if any). */
  requests: { method: string; path: string; user?: string }[];
  setManifestAttributes(repo: string, digest: string, attributes: Partial<Changeable>): void;
  setTagAttributes(repo: string, tag: string, attributes: Partial<Changeable>): void;
  setTagTimes(repo: string, tag: string, times: { createdTime?: string; lastUpdateTime?: string }): void;
  setManifestTimes(repo: string, digest: string, times: { createdTime?: string; lastUpdateTime?: string }): void;
  stop(): Promise<void>;
}

const OPEN: Changeable = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };
const INDEX_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const REPOSITORY_ACTIONS = ['pull', 'push', 'delete', 'metadata_read', 'metadata_write'];
/** The user name ACR takes with a refresh token as the password. */
const REFRESH_TOKEN_USER = '00000000-0000-0000-0000-000000000000';

interface Access {
  type: string;
  name: string;
  actions: string[];
}

interface Claims {
  sub: string;
  exp: number;
  iat: number;
  /** 'access' or 'refresh'. */
  typ: string;
  access?: Access[];
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function parseScope(scope: string): Access | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last === first) return null;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

function acrError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ errors: [{ code, message, detail: {} }] });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startAcrEmulator(options: AcrEmulatorOptions): Promise<AcrEmulator> {
  const secret = randomBytes(32);
  const registry = new URL(options.registryUrl);
  const accessSeconds = options.accessTokenSeconds ?? 3600;
  const manifestAttributes = new Map<string, Changeable>();
  const tagAttributes = new Map<string, Changeable>();
  const firstSeen = new Map<string, string>();
  const tagTimes = new Map<string, { createdTime?: string; lastUpdateTime?: string }>();
  const manifestTimes = new Map<string, { createdTime?: string; lastUpdateTime?: string }>();
  const requests: AcrEmulator['requests'] = [];
  let origin = '';
  let service = '';

  const seen = (key: string) => {
    let at = firstSeen.get(key);
    if (!at) {
      at = new Date().toISOString();
      firstSeen.set(key, at);
    }
    return at;
  };

  // ---------------------------------------------------------------------------------------------
  // Tokens

  function signJwt(claims: Claims): string {
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url(JSON.stringify(claims));
    const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }

  function verifyJwt(token: string, typ: string): Claims | null {
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return null;
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    if (claims.typ !== typ || claims.exp * 1000 <= Date.now()) return null;
    return claims;
  }

  // ---------------------------------------------------------------------------------------------
  // Entra ID access tokens (what ACR checks before /oauth2/exchange hands out a refresh token)

  let jwksCache: JsonWebKey[] = options.entra?.keys ?? [];

  function fetchJwks(uri: string, ca?: string): Promise<JsonWebKey[]> {
    if (uri.startsWith('http:')) return fetch(uri).then(async (r) => ((await r.json()) as { keys: JsonWebKey[] }).keys);
    return new Promise((resolveKeys, reject) => {
      httpsGet(uri, { ca }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          try {
            resolveKeys((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { keys: JsonWebKey[] }).keys);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      }).on('error', reject);
    });
  }

  async function signingKey(kid: string | undefined): Promise<JsonWebKey | undefined> {
    const find = () => jwksCache.find((key) => kid === undefined || key.kid === kid);
    if (!find() && options.entra?.jwksUri) jwksCache = await fetchJwks(options.entra.jwksUri, options.entra.ca);
    return find();
  }

  async function verifyEntraToken(token: string): Promise<{ user: string } | { error: string }> {
    const trust = options.entra;
    if (!trust) return { error: 'no identity provider is trusted' };
    const [head, body, signature] = token.split('.');
    if (!head || !body || !signature) return { error: 'not a JWT' };
    let header: { alg?: string; kid?: string };
    let claims: { iss?: string; aud?: string | string[]; exp?: number; nbf?: number; sub?: string };
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return { error: 'not a JWT' };
    }
    const algorithms: Record<string, { hash: string; dsaEncoding?: 'ieee-p1363' }> = { RS256: { hash: 'sha256' }, ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' } };
    const algorithm = algorithms[header.alg ?? ''];
    if (!algorithm) return { error: `unsupported alg ${header.alg ?? '(none)'}` };
    const jwk = await signingKey(header.kid);
    if (!jwk) return { error: `no signing key ${header.kid ?? ''} in the identity provider's JWKS` };
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const valid = verifySignature(algorithm.hash, Buffer.from(`${head}.${body}`), algorithm.dsaEncoding ? { key, dsaEncoding: algorithm.dsaEncoding } : key, Buffer.from(signature, 'base64url'));
    if (!valid) return { error: 'bad signature' };
    if (claims.iss !== trust.issuer) return { error: `issuer ${claims.iss ?? '(none)'} is not trusted` };
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(trust.audience)) return { error: `audience is not ${trust.audience}` };
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { error: 'expired' };
    if (typeof claims.nbf === 'number' && claims.nbf > now + 60) return { error: 'not valid yet' };
    const user = claims.sub === undefined ? undefined : trust.users[claims.sub];
    if (!user) return { error: `${claims.sub ?? '(no sub)'} has no role on this registry` };
    return { user };
  }

  function grantedActions(user: AcrUser, access: Access): string[] {
    if (access.type === 'registry' && access.name === 'catalog') return user.catalog ? access.actions.filter((a) => a === '*') : [];
    if (access.type !== 'repository') return [];
    if (user.repositories !== '*' && !user.repositories.includes(access.name)) return [];
    return access.actions.filter((action) => REPOSITORY_ACTIONS.includes(action) || action === '*');
  }

  function accessToken(username: string, scopes: string[]): string {
    const user = options.users[username];
    const access = scopes
      .map(parseScope)
      .filter((a): a is Access => a !== null)
      .map((a) => ({ ...a, actions: user ? grantedActions(user, a) : [] }));
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ sub: username, iat: now, exp: now + accessSeconds, typ: 'access', access });
  }

  function checkPassword(username: string, password: string): boolean {
    const user = options.users[username];
    return user !== undefined && user.password === password;
  }

  function basicUser(req: IncomingMessage): string | null {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const username = decoded.slice(0, colon);
    // A refresh token from /oauth2/exchange, as `docker login` sends it.
    if (username === REFRESH_TOKEN_USER) return verifyJwt(decoded.slice(colon + 1), 'refresh')?.sub ?? null;
    return checkPassword(username, decoded.slice(colon + 1)) ? username : null;
  }

  /** The token's user when it grants every action of `needed`; else null (and the challenge names `needed`). */
  function authorize(req: IncomingMessage, needed: Access | null): { user: string | null; ok: boolean } {
    const header = req.headers.authorization ?? '';
    const claims = header.startsWith('Bearer ') ? verifyJwt(header.slice(7), 'access') : null;
    if (!claims) return { user: null, ok: false };
    if (!needed) return { user: claims.sub, ok: true };
    const granted = new Set(
      (claims.access ?? [])
        .filter((a) => a.type === needed.type && a.name === needed.name)
        .flatMap((a) => a.actions),
    );
    return { user: claims.sub, ok: needed.actions.every((action) => granted.has(action) || granted.has('*')) };
  }

  function challenge(res: ServerResponse, needed: Access | null, insufficient: boolean): void {
    const scope = needed ? `,scope="${needed.type}:${needed.name}:${needed.actions.join(',')}"` : '';
    const error = insufficient ? ',error="insufficient_scope"' : '';
    acrError(res, 401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', {
      'WWW-Authenticate': `Bearer realm="${origin}/oauth2/token",service="${service}"${scope}${error}`,
    });
  }

  async function oauth(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    if (path === '/oauth2/token' && req.method === 'GET') {
      const user = basicUser(req);
      if (!user) {
        acrError(res, 401, 'UNAUTHORIZED', 'invalid username or password');
        return;
      }
      if (query.get('service') !== service) {
        acrError(res, 400, 'BAD_REQUEST', `unknown service ${query.get('service') ?? ''}`);
        return;
      }
      sendJson(res, 200, { access_token: accessToken(user, query.getAll('scope')) });
      return;
    }
    if (req.method !== 'POST' || !(path === '/oauth2/token' || path === '/oauth2/exchange')) {
      acrError(res, 404, 'NOT_FOUND', 'not found');
      return;
    }
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    if (form.get('service') !== service) {
      acrError(res, 400, 'BAD_REQUEST', `unknown service ${form.get('service') ?? ''}`);
      return;
    }
    const grant = form.get('grant_type');
    if (path === '/oauth2/exchange') {
      const verdict = grant === 'access_token' ? await verifyEntraToken(form.get('access_token') ?? '') : { error: `grant_type must be access_token, not ${grant ?? '(none)'}` };
      if ('error' in verdict) {
        acrError(res, 401, 'UNAUTHORIZED', `the AAD access token was refused: ${verdict.error}`);
        return;
      }
      const user = verdict.user;
      const now = Math.floor(Date.now() / 1000);
      sendJson(res, 200, { refresh_token: signJwt({ sub: user, iat: now, exp: now + 3 * 3600, typ: 'refresh' }) });
      return;
    }
    let user: string | null = null;
    if (grant === 'refresh_token') user = verifyJwt(form.get('refresh_token') ?? '', 'refresh')?.sub ?? null;
    else if (grant === 'password') user = checkPassword(form.get('username') ?? '', form.get('password') ?? '') ? (form.get('username') ?? null) : null;
    if (!user) {
      acrError(res, 401, 'UNAUTHORIZED', 'the refresh token or password was refused');
      return;
    }
    // The spec's POST form carries one `scope`, several space-delimited.
    sendJson(res, 200, { access_token: accessToken(user, form.getAll('scope').flatMap((scope) => scope.split(' ').filter(Boolean))) });
  }

  // ---------------------------------------------------------------------------------------------
  // The real registry

  async function upstream(path: string, init: { method?: string; accept?: string } = {}): Promise<Response> {
    return fetch(`${registry.origin}${path}`, { method: init.method ?? 'GET', headers: init.accept ? { Accept: init.accept } : {} });
  }

  function proxy(req: IncomingMessage, res: ServerResponse): void {
    const headers = { ...req.headers };
    delete headers.authorization;
    const forward = httpRequest(
      { hostname: registry.hostname, port: registry.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      if (!res.headersSent) acrError(res, 502, 'UNKNOWN', `registry unreachable: ${error.message}`);
      else res.destroy();
    });
    req.pipe(forward);
  }

  const repoDir = (repo: string) => join(options.storageDir, 'docker', 'registry', 'v2', 'repositories', repo);

  /** Every manifest the repository holds, tagged or not (storage: _manifests/revisions). */
  async function manifestDigests(repo: string): Promise<string[]> {
    const dir = join(repoDir(repo), '_manifests', 'revisions', 'sha256');
    const entries = await readdir(dir).catch(() => [] as string[]);
    const digests: string[] = [];
    for (const hex of entries) {
      // A deleted manifest leaves its directory without the link file.
      const link = await readdir(join(dir, hex)).catch(() => [] as string[]);
      if (link.includes('link')) digests.push(`sha256:${hex}`);
    }
    return digests;
  }

  async function tagList(repo: string): Promise<string[] | null> {
    const response = await upstream(`/v2/${repo}/tags/list`);
    if (response.status === 404) return null;
    const body = (await response.json()) as { tags: string[] | null };
    return body.tags ?? [];
  }

  async function digestOf(repo: string, tag: string): Promise<string | null> {
    const response = await upstream(`/v2/${repo}/manifests/${tag}`, { method: 'HEAD', accept: ACCEPT });
    return response.ok ? response.headers.get('Docker-Content-Digest') : null;
  }

  interface ManifestBody {
    mediaType?: string;
    config?: { digest: string; size: number; mediaType: string };
    layers?: { size: number }[];
    manifests?: { digest: string; platform?: { os?: string; architecture?: string } }[];
  }

  async function manifestOf(repo: string, digest: string): Promise<ManifestBody | null> {
    const response = await upstream(`/v2/${repo}/manifests/${digest}`, { accept: ACCEPT });
    if (!response.ok) return null;
    const body = (await response.json()) as ManifestBody;
    return { ...body, mediaType: body.mediaType ?? response.headers.get('Content-Type') ?? undefined };
  }

  async function sizeOf(repo: string, body: ManifestBody, depth = 0): Promise<number> {
    if (body.manifests) {
      if (depth > 1) return 0;
      let total = 0;
      for (const child of body.manifests) {
        const manifest = await manifestOf(repo, child.digest);
        if (manifest) total += await sizeOf(repo, manifest, depth + 1);
      }
      return total;
    }
    return (body.config?.size ?? 0) + (body.layers ?? []).reduce((sum, layer) => sum + layer.size, 0);
  }

  async function platformOf(repo: string, body: ManifestBody): Promise<{ os?: string; architecture?: string }> {
    if (!body.config || !body.config.mediaType.includes('image.config') && !body.config.mediaType.includes('container.image')) return {};
    const response = await upstream(`/v2/${repo}/blobs/${body.config.digest}`);
    if (!response.ok) return {};
    try {
      return (await response.json()) as { os?: string; architecture?: string };
    } catch {
      return {};
    }
  }

  const manifestLock = (repo: string, digest: string) => manifestAttributes.get(`${repo}@${digest}`) ?? OPEN;
  const tagLock = (repo: string, tag: string) => tagAttributes.get(`${repo}:${tag}`) ?? OPEN;

  async function tagsByDigest(repo: string): Promise<Map<string, string[]>> {
    const byDigest = new Map<string, string[]>();
    for (const tag of (await tagList(repo)) ?? []) {
      const digest = await digestOf(repo, tag);
      if (!digest) continue;
      byDigest.set(digest, [...(byDigest.get(digest) ?? []), tag]);
    }
    return byDigest;
  }

  async function tagEntry(repo: string, tag: string) {
    const digest = await digestOf(repo, tag);
    if (!digest) return null;
    const created = seen(`${repo}:${tag}@${digest}`);
    const times = tagTimes.get(`${repo}:${tag}`);
    return {
      name: tag,
      digest,
      createdTime: times?.createdTime ?? created,
      lastUpdateTime: times?.lastUpdateTime ?? times?.createdTime ?? created,
      // `signed` is optional in the spec: left out.
      changeableAttributes: { ...tagLock(repo, tag) },
    };
  }

  async function manifestEntry(repo: string, digest: string, tags: string[]) {
    const body = await manifestOf(repo, digest);
    if (!body) return null;
    const seenAt = seen(`${repo}@${digest}`);
    const times = manifestTimes.get(`${repo}@${digest}`);
    const created = times?.createdTime ?? seenAt;
    const isIndex = INDEX_TYPES.has(body.mediaType ?? '');
    const platform = isIndex ? {} : await platformOf(repo, body);
    return {
      digest,
      imageSize: await sizeOf(repo, body),
      createdTime: created,
      lastUpdateTime: times?.lastUpdateTime ?? created,
      // Optional fields, absent where they say nothing: no platform on an index or an artifact,
      // no configMediaType on an index, no tags on an untagged manifest.
      ...(platform.architecture ? { architecture: platform.architecture } : {}),
      ...(platform.os ? { os: platform.os } : {}),
      references: isIndex ? (body.manifests ?? []).map((child) => ({ digest: child.digest, architecture: child.platform?.architecture, os: child.platform?.os })) : [],
      mediaType: body.mediaType,
      ...(body.config ? { configMediaType: body.config.mediaType } : {}),
      ...(tags.length > 0 ? { tags: [...tags].sort() } : {}),
      changeableAttributes: { ...manifestLock(repo, digest) },
    };
  }

  /** n/last (and orderby by lastUpdateTime) over entries; Link names the next page with the same query. */
  function page<T extends { key: string; time: string }>(path: string, query: URLSearchParams, entries: T[]): { items: T[]; link?: string } {
    const orderby = query.get('orderby') ?? '';
    const sorted = [...entries].sort((a, b) =>
      orderby === 'timedesc' ? b.time.localeCompare(a.time) || a.key.localeCompare(b.key) : orderby === 'timeasc' ? a.time.localeCompare(b.time) || a.key.localeCompare(b.key) : a.key.localeCompare(b.key),
    );
    const nRaw = Number(query.get('n') ?? 100);
    const n = Number.isInteger(nRaw) && nRaw > 0 ? nRaw : 100;
    const last = query.get('last');
    const start = last === null ? 0 : orderby ? sorted.findIndex((e) => e.key === last) + 1 : sorted.findIndex((e) => e.key > last);
    const rest = start < 0 ? [] : sorted.slice(start);
    const items = rest.slice(0, n);
    if (rest.length <= n || items.length === 0) return { items };
    const next = new URLSearchParams({ last: items.at(-1)!.key, n: String(n), orderby });
    return { items, link: `<${path}?${next.toString()}>; rel="next"` };
  }

  // ---------------------------------------------------------------------------------------------
  // /acr/v1/

  async function acr(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    if (path === '/acr/v1/_catalog') {
      const needed = { type: 'registry', name: 'catalog', actions: ['*'] };
      const auth = authorize(req, needed);
      if (!auth.ok) return challenge(res, needed, auth.user !== null);
      const response = await upstream('/v2/_catalog?n=1000');
      const names = ((await response.json()) as { repositories: string[] }).repositories;
      const { items, link } = page('/acr/v1/_catalog', query, names.map((name) => ({ key: name, time: '' })));
      return sendJson(res, 200, { repositories: items.map((e) => e.key) }, link ? { Link: link } : {});
    }
    const match = /^\/acr\/v1\/(.+?)\/(_tags|_manifests)(?:\/([^/]+))?$/.exec(path);
    if (!match) return acrError(res, 404, 'NOT_FOUND', 'not found');
    const repo = decodeURIComponent(match[1]!);
    const kind = match[2]!;
    const reference = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
    const action = req.method === 'GET' || req.method === 'HEAD' ? 'metadata_read' : req.method === 'DELETE' ? 'delete' : 'metadata_write';
    const needed = { type: 'repository', name: repo, actions: [action] };
    const auth = authorize(req, needed);
    if (!auth.ok) return challenge(res, needed, auth.user !== null);
    const tags = await tagList(repo);
    if (tags === null) return acrError(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
    const base = { registry: service, imageName: repo };

    if (kind === '_tags' && reference === undefined) {
      if (req.method !== 'GET') return acrError(res, 405, 'UNSUPPORTED', 'method not allowed');
      const entries = [];
      for (const tag of tags) {
        const entry = await tagEntry(repo, tag);
        if (entry && (query.get('digest') === null || entry.digest === query.get('digest'))) entries.push({ ...entry, key: tag, time: entry.lastUpdateTime });
      }
      const { items, link } = page(`/acr/v1/${repo}/_tags`, query, entries);
      return sendJson(res, 200, { ...base, tags: items.map(({ key: _key, time: _time, ...tag }) => tag) }, link ? { Link: link } : {});
    }
    if (kind === '_manifests' && reference === undefined) {
      if (req.method !== 'GET') return acrError(res, 405, 'UNSUPPORTED', 'method not allowed');
      const byDigest = await tagsByDigest(repo);
      const entries = [];
      for (const digest of await manifestDigests(repo)) {
        const entry = await manifestEntry(repo, digest, byDigest.get(digest) ?? []);
        if (entry) entries.push({ ...entry, key: digest, time: entry.lastUpdateTime });
      }
      const { items, link } = page(`/acr/v1/${repo}/_manifests`, query, entries);
      return sendJson(res, 200, { ...base, manifests: items.map(({ key: _key, time: _time, ...manifest }) => manifest) }, link ? { Link: link } : {});
    }

    const patch = async (): Promise<Partial<Changeable>> => {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
      const out: Partial<Changeable> = {};
      for (const key of ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const) if (typeof body[key] === 'boolean') out[key] = body[key];
      return out;
    };

    if (kind === '_tags' && reference !== undefined) {
      if (!tags.includes(reference)) return acrError(res, 404, 'TAG_UNKNOWN', 'the specified tag does not exist');
      if (req.method === 'PATCH') tagAttributes.set(`${repo}:${reference}`, { ...tagLock(repo, reference), ...(await patch()) });
      if (req.method === 'DELETE') {
        if (!tagLock(repo, reference).deleteEnabled) return acrError(res, 405, 'REGISTRY_DISALLOWED_OPERATION', 'The operation is disallowed on this registry, repository or image.');
        await rm(join(repoDir(repo), '_manifests', 'tags', reference), { recursive: true, force: true });
        res.writeHead(202, { 'Content-Length': '0' });
        return void res.end();
      }
      return sendJson(res, 200, { ...base, tag: await tagEntry(repo, reference) });
    }
    // _manifests/<digest>
    if (!reference || !/^sha256:[a-f0-9]{64}$/.test(reference) || !(await manifestDigests(repo)).includes(reference)) return acrError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
    if (req.method === 'PATCH') manifestAttributes.set(`${repo}@${reference}`, { ...manifestLock(repo, reference), ...(await patch()) });
    const byDigest = await tagsByDigest(repo);
    return sendJson(res, 200, { ...base, manifest: await manifestEntry(repo, reference, byDigest.get(reference) ?? []) });
  }

  // ---------------------------------------------------------------------------------------------
  // /v2/

  function v2Needed(method: string, path: string): Access | null {
    if (path === '/v2/' || path === '/v2') return null;
    if (path === '/v2/_catalog') return { type: 'registry', name: 'catalog', actions: ['*'] };
    const match = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(path);
    if (!match) return null;
    const action = method === 'GET' || method === 'HEAD' ? 'pull' : method === 'DELETE' ? 'delete' : 'push';
    return { type: 'repository', name: decodeURIComponent(match[1]!), actions: [action] };
  }

  async function v2(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const needed = v2Needed(req.method ?? 'GET', path);
    const auth = authorize(req, needed);
    if (!auth.ok) return challenge(res, needed, auth.user !== null);
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    if (manifest) {
      const repo = decodeURIComponent(manifest[1]!);
      const reference = decodeURIComponent(manifest[2]!);
      const disallowed = () => acrError(res, 405, 'REGISTRY_DISALLOWED_OPERATION', 'The operation is disallowed on this registry, repository or image.');
      if (req.method === 'DELETE' && reference.startsWith('sha256:')) {
        if (!manifestLock(repo, reference).deleteEnabled || !manifestLock(repo, reference).writeEnabled) return disallowed();
        const tags = (await tagsByDigest(repo)).get(reference) ?? [];
        if (tags.some((tag) => !tagLock(repo, tag).deleteEnabled || !tagLock(repo, tag).writeEnabled)) return disallowed();
      }
      if (req.method === 'PUT' && !reference.startsWith('sha256:') && (await tagList(repo))?.includes(reference) && !tagLock(repo, reference).writeEnabled) return disallowed();
    }
    proxy(req, res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const header = req.headers.authorization ?? '';
    const claims = header.startsWith('Bearer ') ? verifyJwt(header.slice(7), 'access') : null;
    requests.push({ method: req.method ?? 'GET', path: `${req.url ?? ''}`, ...(claims ? { user: claims.sub } : {}) });
    const handle = path.startsWith('/oauth2/')
      ? oauth(req, res, path, url.searchParams)
      : path.startsWith('/acr/v1/')
        ? acr(req, res, path, url.searchParams)
        : path === '/v2' || path.startsWith('/v2/')
          ? v2(req, res, path)
          : Promise.resolve(acrError(res, 404, 'NOT_FOUND', 'not found'));
    handle.catch((error: unknown) => {
      if (!res.headersSent) acrError(res, 500, 'UNKNOWN', error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });

  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('acr emulator: no TCP address'));
      else resolvePort(address.port);
    });
  });
  origin = `http://127.0.0.1:${port}`;
  service = `127.0.0.1:${port}`;

  return {
    url: origin,
    service,
    pid: process.pid,
    requests,
    setManifestAttributes: (repo, digest, attributes) => manifestAttributes.set(`${repo}@${digest}`, { ...manifestLock(repo, digest), ...attributes }),
    setTagAttributes: (repo, tag, attributes) => tagAttributes.set(`${repo}:${tag}`, { ...tagLock(repo, tag), ...attributes }),
    setTagTimes: (repo, tag, times) => tagTimes.set(`${repo}:${tag}`, { ...tagTimes.get(`${repo}:${tag}`), ...times }),
    setManifestTimes: (repo, digest, times) => manifestTimes.set(`${repo}@${digest}`, { ...manifestTimes.get(`${repo}@${digest}`), ...times }),
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
