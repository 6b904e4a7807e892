import { afterEach, describe, expect, it, vi } from 'vitest';
import { adaptToConnection, concurrencyForProtocol, HTTP1_CONCURRENCY, MULTIPLEXED_CONCURRENCY, registryProtocol } from './connection-concurrency';
import { createRequestQueue } from './request-queue';

describe('concurrencyForProtocol', () => {
  it('raises the limit for HTTP/2 and HTTP/3, stays at 6 for HTTP/1.x and an unknown protocol', () => {
    for (const protocol of ['h2', 'h3', 'h3-29']) expect(concurrencyForProtocol(protocol)).toBe(MULTIPLEXED_CONCURRENCY);
    for (const protocol of ['http/1.1', 'http/1.0', '']) expect(concurrencyForProtocol(protocol)).toBe(HTTP1_CONCURRENCY);
    expect(MULTIPLEXED_CONCURRENCY).toBeGreaterThanOrEqual(24);
    expect(HTTP1_CONCURRENCY).toBe(6);
  });
});

describe('registryProtocol', () => {
  const base = 'https://ui.example/reg';
  it("reads the latest registry response that names its protocol, ignoring the app's own files", () => {
    const entries = [
      { name: 'https://ui.example/reg/v2/a/manifests/v1', nextHopProtocol: 'http/1.1' },
      { name: 'https://ui.example/reg/v2/a/manifests/v2', nextHopProtocol: 'h2' },
      { name: 'https://ui.example/reg/v2/a/manifests/v3', nextHopProtocol: '' },
      { name: 'https://ui.example/assets/index.js', nextHopProtocol: 'h3' },
      { name: 'https://ui.example/v2/other-registry', nextHopProtocol: 'h3' },
    ];
    expect(registryProtocol(entries, base)).toBe('h2');
    expect(registryProtocol(entries, `${base}/`)).toBe('h2');
  });

  it('is null until a registry response names one (cached answers and cross-origin without Timing-Allow-Origin do not)', () => {
    expect(registryProtocol([], base)).toBeNull();
    expect(registryProtocol([{ name: 'https://ui.example/reg/v2/', nextHopProtocol: '' }], base)).toBeNull();
  });
});

describe('adaptToConnection', () => {
  type Callback = (list: { getEntries: () => unknown[] }) => void;
  const observers: { callback: Callback; options?: unknown; disconnected: boolean }[] = [];
  class FakeObserver {
    static supportedEntryTypes = ['resource'];
    record: (typeof observers)[number];
    constructor(callback: Callback) {
      this.record = { callback, disconnected: false };
      observers.push(this.record);
    }
    observe(options: unknown) {
      this.record.options = options;
    }
    disconnect() {
      this.record.disconnected = true;
    }
  }
  const deliver = (...entries: { name: string; nextHopProtocol: string }[]) => observers.at(-1)!.callback({ getEntries: () => entries });

  afterEach(() => {
    vi.unstubAllGlobals();
    observers.length = 0;
  });

  it('raises the queue to the multiplexed limit on the first h2 answer, then stops watching', () => {
    vi.stubGlobal('PerformanceObserver', FakeObserver);
    const queue = createRequestQueue(HTTP1_CONCURRENCY);
    adaptToConnection(queue, 'http://ui.test', (url) => url);
    expect(observers[0]!.options).toEqual({ type: 'resource', buffered: true });
    deliver({ name: 'http://ui.test/assets/app.js', nextHopProtocol: 'h2' });
    expect(queue.concurrency).toBe(HTTP1_CONCURRENCY);
    deliver({ name: 'http://ui.test/v2/_catalog?n=1000', nextHopProtocol: 'h2' });
    expect(queue.concurrency).toBe(MULTIPLEXED_CONCURRENCY);
    expect(observers[0]!.disconnected).toBe(true);
  });

  it('keeps 6 on HTTP/1.1', () => {
    vi.stubGlobal('PerformanceObserver', FakeObserver);
    const queue = createRequestQueue(HTTP1_CONCURRENCY);
    adaptToConnection(queue, 'http://ui.test', (url) => url);
    deliver({ name: 'http://ui.test/v2/a/tags/list', nextHopProtocol: 'http/1.1' });
    expect(queue.concurrency).toBe(HTTP1_CONCURRENCY);
    expect(observers[0]!.disconnected).toBe(true);
  });

  it('does nothing where Resource Timing is missing', () => {
    vi.stubGlobal('PerformanceObserver', undefined);
    const queue = createRequestQueue(HTTP1_CONCURRENCY);
    expect(() => adaptToConnection(queue, 'http://ui.test')()).not.toThrow();
    expect(queue.concurrency).toBe(HTTP1_CONCURRENCY);
  });
});
