// Wires the index together: database, storage reader, indexer, HTTP server, periodic reconcile.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCHEMA_VERSION } from './migrations.ts';
import { FsStorageReader } from './fs-storage-reader.ts';
import { createApiHandler } from './http-api.ts';
import { IndexQueries } from './index-queries.ts';
import { Indexer, type BackfillStats } from './indexer.ts';
import { openIndexDb } from './open-db.ts';
import { RegistryAccess } from './registry-access.ts';
import type { ServiceOptions } from './service-options.ts';

export interface RunningIndex {
  url: string;
  /** Resolves after the first backfill (or reconcile) completes. */
  ready: Promise<BackfillStats>;
  reconcile(): Promise<BackfillStats>;
  close(): Promise<void>;
}

export async function startIndexService(options: ServiceOptions, log: (message: string) => void = (m) => console.log(`[index] ${m}`)): Promise<RunningIndex> {
  const db = openIndexDb(options.db);
  const indexer = new Indexer(db, new FsStorageReader(options.storage), (m) => log(`warning: ${m}`));
  const access = new RegistryAccess({ registryUrl: options.registry, ttlMs: options.authCacheSeconds * 1000, perRepository: options.accessChecks === 'per-repository' });
  let lastScan: (BackfillStats & { at: string }) | null = null;

  const handler = createApiHandler({
    queries: new IndexQueries(db),
    indexer,
    access,
    eventsSecret: options.secret,
    status: () => ({ schemaVersion: SCHEMA_VERSION, lastScan, eventsEnabled: options.secret !== null }),
    log,
  });
  const server = createServer(handler);
  // An SSE client holds its connection open; keep-alive sockets should not stall close().
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let scanning: Promise<BackfillStats> | null = null;
  // One scan at a time: a timer tick during a long scan joins it instead of queueing another.
  const reconcile = () => (scanning ??= scan().finally(() => (scanning = null)));
  const scan = async () => {
    const stats = await indexer.backfill();
    lastScan = { ...stats, at: new Date().toISOString() };
    log(`scan: ${stats.repositories} repositories, ${stats.scanned} rescanned, ${stats.unchanged} unchanged, ${stats.removed} removed in ${stats.ms} ms`);
    return stats;
  };
  const ready = reconcile();
  ready.catch((error: unknown) => log(`first scan failed: ${(error as Error).message}`));
  const timer = setInterval(() => {
    reconcile().catch((error: unknown) => log(`reconcile failed: ${(error as Error).message}`));
  }, options.reconcileSeconds * 1000);
  timer.unref();

  return {
    url,
    ready,
    reconcile,
    async close() {
      clearInterval(timer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      // Stops a running scan at its next repository and waits for writes in flight (an event being applied).
      await indexer.stop();
      await ready.catch(() => undefined);
      db.close();
    },
  };
}
