// Copies one large layer between two repositories of a real registry (CNCF distribution, started
// here on 127.0.0.1) through streamBlob — the copy fallback when a mount is refused — and reports
// the peak memory of this process while it runs. Usage: tsx scripts/measure-copy-memory.ts [MiB]
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient } from '../src/registry/client.ts';
import { streamBlob, UPLOAD_CHUNK_BYTES } from '../src/registry/write-operations.ts';
import { startRegistry } from './rig.ts';

const MIB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? 256);

const dir = await mkdtemp(join(tmpdir(), 'regatta-copy-memory-'));
const registry = await startRegistry({ dir });
try {
  const client = createRegistryClient({ baseUrl: registry.url, fetch: (...args) => fetch(...args), requestTimeoutMs: 120_000 });

  // The source layer, pushed in chunks of pseudo-random bytes (never whole in memory either).
  const hasher = sha256.create();
  const started = await client.request({ method: 'POST', url: '/v2/measure/source/blobs/uploads/', authKey: 'push' });
  let location = started.headers.get('Location') ?? '';
  let x = 1;
  for (let sent = 0; sent < sizeMiB * MIB; sent += UPLOAD_CHUNK_BYTES) {
    const chunk = new Uint8Array(UPLOAD_CHUNK_BYTES);
    for (let i = 0; i < chunk.length; i += 4) {
      x = (x * 1664525 + 1013904223) >>> 0;
      chunk[i] = x & 255;
      chunk[i + 1] = (x >>> 8) & 255;
      chunk[i + 2] = (x >>> 16) & 255;
      chunk[i + 3] = x >>> 24;
    }
    hasher.update(chunk);
    const patched = await client.request({ method: 'PATCH', url: location, authKey: 'push', contentType: 'application/octet-stream', contentRange: `${sent}-${sent + chunk.length - 1}`, body: chunk.buffer });
    location = patched.headers.get('Location') ?? '';
  }
  const digest = `sha256:${bytesToHex(hasher.digest())}`;
  await client.request({ method: 'PUT', url: `${location}&digest=${digest}`, authKey: 'push' });

  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeapAndBuffers = before.heapUsed + before.arrayBuffers;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeapAndBuffers = Math.max(peakHeapAndBuffers, now.heapUsed + now.arrayBuffers);
  }, 10);
  const t0 = performance.now();
  await streamBlob(client, 'measure/source', 'measure/target', digest);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const head = await client.request({ method: 'HEAD', url: `/v2/measure/target/blobs/${digest}`, authKey: 'pull' });
  console.log(
    JSON.stringify({
      layerMiB: sizeMiB,
      chunkMiB: UPLOAD_CHUNK_BYTES / MIB,
      copiedBytes: Number(head.headers.get('Content-Length')),
      seconds: Math.round(seconds * 10) / 10,
      rssBeforeMiB: Math.round(before.rss / MIB),
      peakRssMiB: Math.round(peakRss / MIB),
      heapAndBuffersBeforeMiB: Math.round((before.heapUsed + before.arrayBuffers) / MIB),
      peakHeapAndBuffersMiB: Math.round(peakHeapAndBuffers / MIB),
    }),
  );
} finally {
  await registry.stop();
  await rm(dir, { recursive: true, force: true });
}
