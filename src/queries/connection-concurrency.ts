/**
 * Requests in flight that fit the connection. Over HTTP/1.1 a browser opens at most 6 connections
 * per origin, so more than 6 in flight only queue inside the browser, in arrival order (the rows on
 * screen would wait behind the rest). HTTP/2 and HTTP/3 multiplex one connection: at 40 ms from the
 * registry, 32 in flight took 7.6 s for 500 tags where 6 took 13 s (issue 13). The protocol is read
 * from the Resource Timing entry of a registry response (`nextHopProtocol`).
 */
import type { RequestQueue } from './request-queue';

/** HTTP/1.x, or a protocol the browser does not tell (cross-origin without Timing-Allow-Origin). */
export const HTTP1_CONCURRENCY = 6;
/** A multiplexed connection: enough to hide the latency, few enough to keep visible rows first. */
export const MULTIPLEXED_CONCURRENCY = 32;

/** `nextHopProtocol` values: 'http/1.1', 'h2', 'h3', 'h3-29'…; '' when the browser does not say. */
export function isMultiplexed(protocol: string): boolean {
  return protocol === 'h2' || protocol === 'h2c' || protocol === 'h3' || protocol.startsWith('h3-') || protocol === 'quic';
}

export function concurrencyForProtocol(protocol: string): number {
  return isMultiplexed(protocol) ? MULTIPLEXED_CONCURRENCY : HTTP1_CONCURRENCY;
}

interface ResourceEntry {
  name: string;
  nextHopProtocol?: string;
}

/**
 * The protocol of the latest registry response among `entries` (`/v2/` under `baseUrl`) that names
 * one, or null. A response from the memory or disk cache names none ('').
 */
export function registryProtocol(entries: readonly ResourceEntry[], baseUrl: string): string | null {
  const prefix = `${baseUrl.replace(/\/+$/, '')}/v2/`;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.nextHopProtocol && entry.name.startsWith(prefix)) return entry.nextHopProtocol;
  }
  return null;
}

/**
 * Sets the queue's concurrency from the first registry response that names its protocol, then
 * stops watching. Returns the stop. Without Resource Timing (jsdom, Node) the queue keeps its limit.
 */
export function adaptToConnection(queue: RequestQueue, baseUrl: string, absolute: (url: string) => string = toAbsolute): () => void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return () => undefined;
  const base = absolute(baseUrl);
  const observer = new PerformanceObserver((list) => {
    const protocol = registryProtocol(list.getEntries() as PerformanceResourceTiming[], base);
    if (protocol === null) return;
    observer.disconnect();
    queue.setConcurrency(concurrencyForProtocol(protocol));
  });
  // buffered: responses that arrived before the queue was made count too.
  observer.observe({ type: 'resource', buffered: true });
  return () => observer.disconnect();
}

/** Entry names are absolute URLs; a registry on the app's origin may be configured as ''. */
function toAbsolute(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url || '/', location.href).href;
}
