// @vitest-environment node
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client';
import { RegistryError } from './errors';
import { streamBlob } from './write-operations';

const BASE = 'http://registry.test';
const CHUNK = 64 * 1024;

/**
 * A registry that serves one source blob as a stream of uneven pieces and takes chunked uploads
 * the way distribution does: PATCH with Content-Range continuing where the session stands, a new
 * Location each time, PUT ?digest= checked against what arrived (400 DIGEST_INVALID otherwise).
 */
function fakeRegistry(blob: Uint8Array) {
  const hasher = sha256.create();
  const patches: { range: string | null; size: number }[] = [];
  let received = 0;
  let sessions = 0;
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    if (method === 'GET') {
      let offset = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= blob.byteLength) return controller.close();
          const size = 1000 + ((offset * 7919) % 50_000);
          controller.enqueue(blob.slice(offset, offset + size));
          offset += size;
        },
      });
      return new Response(stream);
    }
    if (method === 'POST') return new Response(null, { status: 202, headers: { Location: `${BASE}/v2/b/blobs/uploads/s${++sessions}?_state=0` } });
    if (method === 'PATCH') {
      const body = new Uint8Array(init?.body as ArrayBuffer);
      const range = headers.get('Content-Range');
      patches.push({ range, size: body.byteLength });
      if (range !== `${received}-${received + body.byteLength - 1}`) return new Response(null, { status: 416 });
      hasher.update(body);
      received += body.byteLength;
      return new Response(null, { status: 202, headers: { Location: `${BASE}/v2/b/blobs/uploads/s${sessions}?_state=${received}`, Range: `0-${received - 1}` } });
    }
    if (method === 'PUT') {
      const expected = `sha256:${bytesToHex(hasher.digest())}`;
      if (url.searchParams.get('digest') !== expected) {
        return Response.json({ errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' }] }, { status: 400 });
      }
      return new Response(null, { status: 201, headers: { 'Docker-Content-Digest': expected } });
    }
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  return { fetchFn, patches, received: () => received };
}

function randomBlob(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 12345;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('streamBlob (the copy fallback when a mount is refused)', () => {
  it('uploads in PATCH chunks no larger than the chunk size, then PUT ?digest=', async () => {
    const blob = randomBlob(1_000_003);
    const digest = `sha256:${bytesToHex(sha256(blob))}`;
    const registry = fakeRegistry(blob);
    const client = createRegistryClient({ baseUrl: BASE, fetch: registry.fetchFn });
    const progress: number[] = [];
    await expect(streamBlob(client, 'a', 'b', digest, { chunkBytes: CHUNK, onProgress: (sent) => progress.push(sent) })).resolves.toBe(digest);
    expect(registry.received()).toBe(blob.byteLength);
    expect(registry.patches.length).toBe(Math.ceil(blob.byteLength / CHUNK));
    expect(Math.max(...registry.patches.map((patch) => patch.size))).toBeLessThanOrEqual(CHUNK);
    expect(registry.patches[0]?.range).toBe(`0-${CHUNK - 1}`);
    expect(progress.at(-1)).toBe(blob.byteLength);
  });

  it("relies on the registry's digest check: content that does not hash to the digest is refused at PUT", async () => {
    const blob = randomBlob(200_000);
    const registry = fakeRegistry(blob);
    const client = createRegistryClient({ baseUrl: BASE, fetch: registry.fetchFn });
    const error = await streamBlob(client, 'a', 'b', `sha256:${'0'.repeat(64)}`, { chunkBytes: CHUNK }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ status: 400, code: 'DIGEST_INVALID' });
  });

  it('an empty blob is a PUT without PATCH', async () => {
    const registry = fakeRegistry(new Uint8Array(0));
    const client = createRegistryClient({ baseUrl: BASE, fetch: registry.fetchFn });
    const digest = `sha256:${bytesToHex(sha256(new Uint8Array(0)))}`;
    await expect(streamBlob(client, 'a', 'b', digest, { chunkBytes: CHUNK })).resolves.toBe(digest);
    expect(registry.patches).toEqual([]);
  });
});
