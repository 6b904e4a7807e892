// @vitest-environment node
/**
 * Generated hostile input through the client (injected fetch): malformed manifests, indexes,
 * configs, WWW-Authenticate headers and error bodies. Whatever arrives, a call ends in a valid
 * parse or a typed RegistryError — never a TypeError, RangeError or SyntaxError from inside.
 * 5 properties × 60 runs = 300 generated cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client';
import { sha256Digest } from './sha256';
import { RegistryError } from './errors';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from './manifests';

const RUNS = 60;
const BASE = 'http://registry.test';
const encoder = new TextEncoder();

/** Ends in a value or a RegistryError; anything else fails the property with what was thrown. */
async function typedOutcome<T>(call: () => Promise<T>): Promise<T | RegistryError> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw new Error(`untyped failure: ${String(error)}`, { cause: error });
  }
}

const digestLike = fc.oneof(
  fc.stringMatching(/^sha256:[a-f0-9]{64}$/),
  fc.string(),
  fc.constant('sha256:1234'),
  fc.constant(null),
  fc.integer(),
);
const mediaTypeLike = fc.oneof(fc.constantFrom(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, 'application/json', ''), fc.string(), fc.constant(null), fc.integer());
const descriptorLike = fc.oneof(
  fc.record(
    { mediaType: mediaTypeLike, digest: digestLike, size: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(-1)), platform: fc.anything(), urls: fc.anything(), annotations: fc.anything() },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

/** JSON values shaped more or less like a manifest or an index. */
const manifestLike = fc.oneof(
  fc.record(
    {
      schemaVersion: fc.oneof(fc.constant(2), fc.constant(1), fc.integer(), fc.string()),
      mediaType: mediaTypeLike,
      config: descriptorLike,
      layers: fc.oneof(fc.array(descriptorLike, { maxLength: 4 }), fc.anything()),
      manifests: fc.oneof(fc.array(descriptorLike, { maxLength: 4 }), fc.anything()),
      subject: descriptorLike,
      annotations: fc.anything(),
      fsLayers: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

/** Bytes: JSON of the above, truncated JSON, random text, random bytes. */
const bodyBytes = fc.oneof(
  manifestLike.map((value) => encoder.encode(JSON.stringify(value) ?? 'null')),
  fc.tuple(manifestLike, fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify(value) ?? '';
    return encoder.encode(text.slice(0, cut % (text.length + 1)));
  }),
  fc.string().map((text) => encoder.encode(text)),
  fc.uint8Array({ maxLength: 256 }),
);

const contentType = fc.oneof(fc.constantFrom(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, 'application/json', 'text/plain', `${OCI_MANIFEST}; charset=utf-8`), fc.string());

function answering(respond: (url: string, init: RequestInit | undefined) => Response | Promise<Response>): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => respond(String(input), init)) as typeof fetch;
}

function safeHeaders(entries: Record<string, string>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(entries)) {
    try {
      headers.set(name, value);
    } catch {
      // a generated value that is not a legal header value never reaches a client either
    }
  }
  return headers;
}

describe('fuzzed registry answers end in a parse or a RegistryError', () => {
  it('manifests and indexes (by tag and by digest)', async () => {
    await fc.assert(
      fc.asyncProperty(bodyBytes, contentType, fc.option(digestLike.map(String)), fc.boolean(), async (bytes, type, announced, byDigest) => {
        const digest = await sha256Digest(bytes);
        const client = createRegistryClient({
          baseUrl: BASE,
          fetch: answering(() => new Response(bytes.slice().buffer, { headers: safeHeaders({ 'Content-Type': type, ...(announced ? { 'Docker-Content-Digest': announced } : {}) }) })),
        });
        const outcome = await typedOutcome(() => client.getManifest('team/app', byDigest ? digest : 'v1'));
        if (!(outcome instanceof RegistryError)) expect(outcome.digest).toMatch(/^sha\d+:/);
      }),
      { numRuns: RUNS },
    );
  });

  it('HEAD answers with generated headers', async () => {
    await fc.assert(
      fc.asyncProperty(contentType, fc.option(fc.string()), fc.option(fc.oneof(fc.string(), fc.integer().map(String))), bodyBytes, async (type, digest, length, bytes) => {
        const client = createRegistryClient({
          baseUrl: BASE,
          fetch: answering((_, init) => {
            if (init?.method === 'HEAD') {
              return new Response(null, { headers: safeHeaders({ 'Content-Type': type, ...(digest !== null ? { 'Docker-Content-Digest': digest } : {}), ...(length !== null ? { 'Content-Length': length } : {}) }) });
            }
            return new Response(bytes.slice().buffer, { headers: safeHeaders({ 'Content-Type': type }) });
          }),
        });
        await typedOutcome(() => client.headManifest('team/app', 'v1'));
      }),
      { numRuns: RUNS },
    );
  });

  it('config blobs', async () => {
    const configLike = fc.oneof(
      fc.record(
        {
          architecture: fc.anything(),
          os: fc.anything(),
          created: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
          config: fc.oneof(fc.record({ Env: fc.anything(), Cmd: fc.anything(), Labels: fc.anything(), ExposedPorts: fc.anything(), Entrypoint: fc.anything() }, { requiredKeys: [] }), fc.anything()),
          rootfs: fc.anything(),
          history: fc.oneof(fc.array(fc.record({ created_by: fc.anything(), empty_layer: fc.anything(), created: fc.anything() }, { requiredKeys: [] }), { maxLength: 3 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const configBytes = fc.oneof(configLike.map((value) => encoder.encode(JSON.stringify(value) ?? 'null')), fc.uint8Array({ maxLength: 128 }), fc.string().map((text) => encoder.encode(text)));
    await fc.assert(
      fc.asyncProperty(configBytes, async (bytes) => {
        const digest = await sha256Digest(bytes);
        const client = createRegistryClient({ baseUrl: BASE, fetch: answering(() => new Response(bytes.slice().buffer)) });
        await typedOutcome(() => client.getImageConfig('team/app', digest));
      }),
      { numRuns: RUNS },
    );
  });

  it('WWW-Authenticate challenges and token answers', async () => {
    const param = fc.tuple(fc.constantFrom('realm', 'service', 'scope', 'error', 'Realm', 'charset', ''), fc.oneof(fc.string(), fc.constantFrom(`${BASE}/token`, '/token', 'http://evil.invalid/token', '"', '\\', 'a,b')));
    const challenge = fc.tuple(fc.constantFrom('Bearer', 'Basic', 'bearer', 'Negotiate', 'Digest', ''), fc.array(param, { maxLength: 4 }), fc.boolean()).map(([scheme, params, quote]) =>
      `${scheme} ${params.map(([key, value]) => `${key}=${quote ? `"${value.replace(/"/g, '\\"')}"` : value}`).join(', ')}`,
    );
    const header = fc.oneof(fc.array(challenge, { minLength: 1, maxLength: 3 }).map((all) => all.join(', ')), fc.string());
    const tokenBody = fc.oneof(
      fc.record({ token: fc.oneof(fc.string(), fc.integer()), access_token: fc.anything(), expires_in: fc.anything(), issued_at: fc.anything() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(header, tokenBody, fc.constantFrom(200, 401, 403, 500), fc.boolean(), async (challengeHeader, tokenText, tokenStatus, withCredentials) => {
        const client = createRegistryClient({
          baseUrl: BASE,
          credentials: () => (withCredentials ? { username: 'u', password: 'p' } : null),
          fetch: answering((url) => {
            if (url.includes('/token')) return new Response(tokenText, { status: tokenStatus });
            return new Response(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }), { status: 401, headers: safeHeaders({ 'WWW-Authenticate': challengeHeader }) });
          }),
        });
        const outcome = await typedOutcome(() => client.listTags('team/app'));
        expect(outcome).toBeInstanceOf(RegistryError);
      }),
      { numRuns: RUNS },
    );
  });

  it('error bodies of any status', async () => {
    const errorBody = fc.oneof(
      fc
        .record({ errors: fc.oneof(fc.array(fc.record({ code: fc.anything(), message: fc.anything(), detail: fc.anything() }, { requiredKeys: [] }), { maxLength: 3 }), fc.anything()) }, { requiredKeys: [] })
        .map((value) => JSON.stringify(value)),
      fc.string().map((text) => `<html><title>${text}</title></html>`),
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value) ?? ''),
    );
    const status = fc.integer({ min: 400, max: 599 });
    const retryAfter = fc.option(fc.oneof(fc.nat().map(String), fc.string(), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString())));
    await fc.assert(
      fc.asyncProperty(status, errorBody, retryAfter, fc.constantFrom('manifest', 'tags', 'catalog', 'config', 'delete'), async (code, body, after, call) => {
        const client = createRegistryClient({
          baseUrl: BASE,
          fetch: answering(() => new Response(code === 401 ? '' : body, { status: code === 401 ? 403 : code, headers: safeHeaders(after !== null ? { 'Retry-After': after } : {}) })),
        });
        const digest = `sha256:${'c'.repeat(64)}`;
        const calls: Record<string, () => Promise<unknown>> = {
          manifest: () => client.getManifest('team/app', 'v1'),
          tags: () => client.listTags('team/app'),
          catalog: async () => {
            for await (const page of client.catalogPages()) void page;
          },
          config: () => client.getImageConfig('team/app', digest),
          delete: () => client.deleteManifest('team/app', digest),
        };
        const outcome = await typedOutcome(calls[call] ?? (() => Promise.resolve()));
        if (call !== 'delete' || code !== 404) {
          expect(outcome).toBeInstanceOf(RegistryError);
          expect((outcome as RegistryError).status).toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
