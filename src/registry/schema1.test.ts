// Real answers of distribution 2.8.2 for one schema 1 manifest (see fixtures/README.md).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRegistryClient } from './client';
import { sha256Digest } from './sha256';
import { DOCKER_SCHEMA1_SIGNED, describeManifestKind, parseManifest } from './manifests';
import { digestedBytes, schema1Facts, schema1Payload } from './schema1';
// ASCII files, no trailing newline: the text encodes back to the exact bytes received.
import firstText from './fixtures/schema1-distribution-2.8.2.json?raw';
import secondText from './fixtures/schema1-distribution-2.8.2-second-get.json?raw';

const first = new TextEncoder().encode(firstText);
const second = new TextEncoder().encode(secondText);
const DIGEST = 'sha256:07ad41507a25589a6e18a77829c0dcceecf76e113d05f02722755d3b2e9c3eb4';

describe('Docker schema 1 as distribution 2.8.2 serves it', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('hashes to Docker-Content-Digest over the payload, not over the bytes received', async () => {
    expect(await sha256Digest(first)).not.toBe(DIGEST);
    expect(await sha256Digest(schema1Payload(first))).toBe(DIGEST);
    // Re-signed on every GET: other bytes, same payload, same digest.
    expect(second).not.toEqual(first);
    expect(await sha256Digest(schema1Payload(second))).toBe(DIGEST);
    expect(await sha256Digest(digestedBytes(first, `${DOCKER_SCHEMA1_SIGNED}; charset=utf-8`))).toBe(DIGEST);
    expect(await sha256Digest(digestedBytes(first, 'application/json'))).toBe(DIGEST);
  });

  it('verifies without crypto.subtle too', async () => {
    vi.stubGlobal('crypto', { subtle: undefined });
    expect(await sha256Digest(schema1Payload(first))).toBe(DIGEST);
  });

  it('payload = first formatLength bytes + formatTail', () => {
    const payload = schema1Payload(first);
    expect(payload.byteLength).toBe(1452);
    expect(new TextDecoder().decode(payload.subarray(1451))).toBe('}');
    const json = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    expect(json.schemaVersion).toBe(1);
    expect(json).not.toHaveProperty('signatures');
  });

  it('a tampered payload no longer matches', async () => {
    const tampered = first.slice();
    const at = new TextDecoder().decode(first).indexOf('"amd64"') + 1;
    tampered[at] = 'b'.charCodeAt(0);
    expect(await sha256Digest(schema1Payload(tampered))).not.toBe(DIGEST);
  });

  it('an unsigned body is its own payload; a broken protected header throws', () => {
    const unsigned = new TextEncoder().encode('{"schemaVersion":1,"fsLayers":[],"history":[]}');
    expect(schema1Payload(unsigned)).toBe(unsigned);
    const broken = new TextEncoder().encode('{"schemaVersion":1,"fsLayers":[],"signatures":[{"protected":"eyJmb28iOjF9"}]}');
    expect(() => schema1Payload(broken)).toThrow(/formatLength/);
    expect(digestedBytes(broken, DOCKER_SCHEMA1_SIGNED)).toBe(broken);
    const oci = new TextEncoder().encode('{"schemaVersion":2}');
    expect(digestedBytes(oci, 'application/vnd.oci.image.manifest.v1+json')).toBe(oci);
  });

  it('parses as kind schema1 with its layers, created and architecture', () => {
    const manifest = parseManifest(first, DOCKER_SCHEMA1_SIGNED);
    expect(manifest.kind).toBe('schema1');
    if (manifest.kind !== 'schema1') return;
    expect(manifest.mediaType).toBe(DOCKER_SCHEMA1_SIGNED);
    expect(manifest.signed).toBe(true);
    expect(describeManifestKind(manifest)).toBe('docker-schema1');
    expect(manifest.fsLayers.map((layer) => layer.blobSum)).toEqual([
      'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4',
      'sha256:7be5f765bc7a5bafbcbe74675e4e81e25fb4212e7e03a8b7d5ad0e69b867b20a',
      'sha256:815a53a15b379dde93ff6fb0e5b19b3d215d86747b2628235f902c483b304866',
    ]);
    const facts = schema1Facts(manifest);
    expect(facts).toMatchObject({ created: '2024-03-01T10:00:00.000Z', architecture: 'amd64', os: 'linux' });
    // Base first: fsLayers and history list the top layer first.
    expect(facts.layers).toEqual([
      { digest: 'sha256:815a53a15b379dde93ff6fb0e5b19b3d215d86747b2628235f902c483b304866', createdBy: 'ADD rootfs /', created: '2024-03-01T08:00:00Z', throwaway: false },
      { digest: 'sha256:7be5f765bc7a5bafbcbe74675e4e81e25fb4212e7e03a8b7d5ad0e69b867b20a', createdBy: 'COPY app /app', created: '2024-03-01T09:00:00Z', throwaway: false },
      { digest: 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4', created: '2024-03-01T10:00:00.000Z', throwaway: true },
    ]);
  });

  it('is recognised by its body when served as application/json', () => {
    expect(parseManifest(first, 'application/json').kind).toBe('schema1');
  });
});

describe('the client and a schema 1 tag', () => {
  // The headers distribution 2.8.2 answered with, HEAD and GET alike (see fixtures/README.md).
  const headers = { 'Content-Type': DOCKER_SCHEMA1_SIGNED, 'Content-Length': String(first.byteLength), 'Docker-Content-Digest': DIGEST };
  function registry() {
    const requests: string[] = [];
    const fetchStub = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const path = new URL(String(input)).pathname;
      requests.push(`${method} ${path}`);
      if (method === 'PUT') return new Response(null, { status: 201, headers: { 'Docker-Content-Digest': DIGEST } });
      if (path !== '/v2/team/app/manifests/legacy' && path !== `/v2/team/app/manifests/${DIGEST}`) return new Response('404 page not found', { status: 404 });
      return new Response(method === 'HEAD' ? null : new Uint8Array(first), { status: 200, headers });
    }) as typeof fetch;
    return { client: createRegistryClient({ baseUrl: 'http://registry.test', fetch: fetchStub }), requests };
  }

  it('resolves the tag from the HEAD alone', async () => {
    const { client, requests } = registry();
    expect(await client.headManifest('team/app', 'legacy')).toEqual({ digest: DIGEST, mediaType: DOCKER_SCHEMA1_SIGNED, size: first.byteLength });
    expect(requests).toEqual(['HEAD /v2/team/app/manifests/legacy']);
  });

  it('fetches it by tag and by digest with the digest verified over the payload', async () => {
    const { client } = registry();
    const byTag = await client.getManifest('team/app', 'legacy');
    expect(byTag.digest).toBe(DIGEST);
    expect(byTag.manifest.kind).toBe('schema1');
    expect(new TextDecoder().decode(byTag.bytes)).toBe(firstText);
    expect((await client.getManifest('team/app', DIGEST)).digest).toBe(DIGEST);
  });

  it('re-tags the exact bytes: the digest pushed is the payload digest', async () => {
    const { client, requests } = registry();
    expect(await client.putManifest('team/app', 'again', second, DOCKER_SCHEMA1_SIGNED)).toBe(DIGEST);
    expect(await client.putManifest('team/app', DIGEST, second, DOCKER_SCHEMA1_SIGNED)).toBe(DIGEST);
    expect(requests).toEqual(['PUT /v2/team/app/manifests/again', `PUT /v2/team/app/manifests/${DIGEST}`]);
  });
});
