// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client';
import { RegistryError } from './errors';
import { MAX_CONFIG_BYTES, MAX_ERROR_BODY_BYTES, MAX_MANIFEST_BYTES, readLimited } from './read-limited';

const BASE = 'http://registry.test';
const DIGEST = `sha256:${'b'.repeat(64)}`;

/**
 * A body produced on demand, 64 KiB at a time, without end unless `total` is given; counts what
 * was pulled from it, so a test can see the reader stopped near the cap.
 */
function endlessBody(total = Number.POSITIVE_INFINITY) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= total) {
        controller.close();
        return;
      }
      const piece = chunk.subarray(0, Math.min(chunk.byteLength, total - state.pulled));
      state.pulled += piece.byteLength;
      controller.enqueue(piece);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('bounded bodies', () => {
  it('readLimited stops at the cap and cancels the rest of the stream', async () => {
    const { stream, state } = endlessBody();
    const body = await readLimited(new Response(stream), 100_000);
    expect(body).toMatchObject({ truncated: true });
    expect(body.bytes.byteLength).toBe(100_000);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(100_000 + 3 * 64 * 1024);
  });

  it('a manifest past 4 MiB is BODY_TOO_LARGE, read as a stream (no Content-Length) and not further', async () => {
    const { stream, state } = endlessBody();
    const client = createRegistryClient({ baseUrl: BASE, fetch: (async () => new Response(stream, { headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } })) as typeof fetch });
    const error = await client.getManifest('team/app', 'v1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'BODY_TOO_LARGE', repository: 'team/app', reference: 'v1' });
    expect((error as RegistryError).message).toContain('4 MiB');
    expect(state.pulled).toBeLessThan(MAX_MANIFEST_BYTES + 3 * 64 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it('a manifest whose Content-Length says too large is refused without reading it', async () => {
    const { stream, state } = endlessBody();
    const client = createRegistryClient({
      baseUrl: BASE,
      fetch: (async () => new Response(stream, { headers: { 'Content-Length': String(MAX_MANIFEST_BYTES + 1) } })) as typeof fetch,
    });
    await expect(client.getManifest('team/app', 'v1')).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('a Content-Length that lies small does not get past the cap', async () => {
    const { stream } = endlessBody();
    const client = createRegistryClient({ baseUrl: BASE, fetch: (async () => new Response(stream, { headers: { 'Content-Length': '10' } })) as typeof fetch });
    await expect(client.getImageConfig('team/app', DIGEST)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('a config past 8 MiB is BODY_TOO_LARGE; one just under the cap is read (and then judged)', async () => {
    const over = endlessBody(MAX_CONFIG_BYTES + 1);
    const client = createRegistryClient({ baseUrl: BASE, fetch: (async () => new Response(over.stream)) as typeof fetch });
    await expect(client.getImageConfig('team/app', DIGEST)).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
    const under = endlessBody(MAX_CONFIG_BYTES);
    const fine = createRegistryClient({ baseUrl: BASE, fetch: (async () => new Response(under.stream)) as typeof fetch });
    // All spaces: read in full, then refused for its content (digest), not its size.
    await expect(fine.getImageConfig('team/app', DIGEST)).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });

  it('an error body is read up to 64 KiB only; the error still says what happened', async () => {
    const { stream, state } = endlessBody();
    const client = createRegistryClient({ baseUrl: BASE, fetch: (async () => new Response(stream, { status: 502 })) as typeof fetch });
    const error = await client.listTags('team/app').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502' });
    expect((error as RegistryError).message).toContain('cut at 64 KiB');
    expect(state.pulled).toBeLessThan(MAX_ERROR_BODY_BYTES + 3 * 64 * 1024);
    expect(state.cancelled).toBe(true);
  });
});
