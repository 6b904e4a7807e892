// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRegistryClient, DEFAULT_REQUEST_TIMEOUT_MS } from './client';
import { RegistryError } from './errors';

const BASE = 'http://registry.test';
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A fetch that never answers, but rejects like the platform's when its signal aborts. */
function silentFetch() {
  const signals: AbortSignal[] = [];
  const fetchFn = ((_input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      const signal = init?.signal;
      if (signal) {
        signals.push(signal);
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      }
    })) as typeof fetch;
  return { fetchFn, signals };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('request timeouts', () => {
  it('a manifest request that never answers fails with TIMEOUT after the default 30 s, aborting the fetch', async () => {
    vi.useFakeTimers();
    const { fetchFn, signals } = silentFetch();
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
    let settled = false;
    const result = client.getManifest('team/app', 'v1').then(
      () => 'resolved',
      (error: unknown) => error,
    );
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(DEFAULT_REQUEST_TIMEOUT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'TIMEOUT', status: 0, url: `${BASE}/v2/team/app/manifests/v1` });
    expect((error as RegistryError).message).toContain(`${BASE}/v2/team/app/manifests/v1`);
    expect((error as RegistryError).message).toContain('30 s');
    expect(signals[0]?.aborted).toBe(true);
  });

  it('honours a configured requestTimeoutMs, even with a fetch that ignores its signal', async () => {
    const fetchFn = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn, requestTimeoutMs: 25 });
    await expect(client.headManifest('team/app', 'v1')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(client.listTags('team/app')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(client.getImageConfig('team/app', DIGEST)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(client.request({ method: 'PATCH', url: '/v2/team/app/blobs/uploads/x', authKey: 'k' })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('a body that stops arriving times out too', async () => {
    const fetchFn = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"schemaVersion":2,'));
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
        },
      });
      return new Response(body, { headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
    }) as typeof fetch;
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn, requestTimeoutMs: 25 });
    await expect(client.getManifest('team/app', 'v1')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it("the caller's abort stays an AbortError (not a timeout) and clears the timer", async () => {
    vi.useFakeTimers();
    const { fetchFn } = silentFetch();
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
    const caller = new AbortController();
    const pending = client.getManifest('team/app', 'v1', { signal: caller.signal });
    caller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
