// Backfill and query times of the registry index (index/) on synthetic storage written straight
// to disk in a temp dir: `npx tsx scripts/bench-index.ts [--repositories 10000] [--tags 500]`.
// Prints figures; asserts nothing about time.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FsStorageReader } from '../index/src/fs-storage-reader.ts';
import { IndexQueries } from '../index/src/index-queries.ts';
import { Indexer } from '../index/src/indexer.ts';
import { openIndexDb } from '../index/src/open-db.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from '../index/src/http-api.ts';
import { RegistryAccess } from '../index/src/registry-access.ts';
import { createIndexClient } from '../src/registry/index-client.ts';
import { readIndexAudit } from '../src/queries/index-queries.ts';
import { auditInputFromIndex } from '../src/queries/index-audit.ts';
import { computeAudit } from '../src/queries/audit.ts';
import { BIG_REPOSITORY, writeBenchStorage } from './bench-index-storage.ts';

const { values } = parseArgs({ options: { repositories: { type: 'string', default: '10000' }, tags: { type: 'string', default: '500' }, keep: { type: 'boolean', default: false } } });
const repositories = Number(values.repositories);
const tagsInBig = Number(values.tags);

const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`;

const dir = await mkdtemp(join(tmpdir(), 'regatta-bench-index-'));
try {
  const root = join(dir, 'storage');
  let started = performance.now();
  const { sharedLayer: lastImage } = await writeBenchStorage(root, { repositories, tagsInBig });
  const big = BIG_REPOSITORY;
  console.log(`storage: ${repositories} repositories (2 manifests, 2 tags each) + 1 with ${tagsInBig} tags written in ${ms(started)}`);

  const db = openIndexDb(join(dir, 'index.db'));
  const indexer = new Indexer(db, new FsStorageReader(root));
  // CPU time is the fair figure on a shared machine; wall time under load is the honest one.
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return `${Math.round((used.user + used.system) / 1000)} ms CPU (${Math.round(used.system / 1000)} ms system)`;
  };
  const load = () => `load average ${loadavg()[0]?.toFixed(1)}`;
  started = performance.now();
  let cpu = process.cpuUsage();
  const cold = await indexer.backfill();
  console.log(`backfill, cold: ${cold.repositories} repositories in ${cold.ms} ms wall, ${cpuMs(cpu)}, ${load()}`);
  cpu = process.cpuUsage();
  const warm = await indexer.backfill();
  console.log(`rescan, nothing changed: ${warm.unchanged} unchanged, ${warm.scanned} read, in ${warm.ms} ms wall, ${cpuMs(cpu)}, ${load()}`);

  const queries = new IndexQueries(db);
  const time = <T>(label: string, run: () => T): T => {
    const t = performance.now();
    const result = run();
    console.log(`${label}: ${ms(t)}`);
    return result;
  };
  time('repositories, first page of 100 with counts and sizes', () => queries.repositories({ limit: 100 }));
  time('repositories, 1000 in one namespace', () => queries.repositories({ namespace: 'team-3', limit: 1000 }));
  const all = time(`repositories, all ${repositories + 1} (catalog counts)`, () => queries.repositories({ limit: repositories + 1 }));
  console.log(`  untagged manifests in total: ${all.reduce((sum, r) => sum + r.untaggedCount, 0)}`);
  const tags = time(`tags of a ${tagsInBig}-tag repository with digest, size, created`, () => queries.tags(big));
  console.log(`  ${tags.length} tags`);
  time('manifests of one repository with reclaimable bytes', () => queries.manifests('team-1/app-1'));
  time('tag history', () => queries.history('team-1/app-1', 'latest'));
  time('search label app=team-5/app-5', () => queries.search({ label: { key: 'app', value: 'team-5/app-5' } }, { limit: 100 }));
  time('search layer digest (shared by 1/20 of images), first 100', () => queries.search({ layer: lastImage }, { limit: 100 }));
  time('search tag prefix v2, first 100', () => queries.search({ tag: 'v2' }, { limit: 100 }));
  time('bulk tag list, first page of 1000 with blobs', () => queries.tagList({ limit: 1000 }));

  // The audit page's read with an index: every repository and tag over HTTP in pages of 1000
  // (what the SPA's readIndexAudit does), then the audit figures. The registry's access answer is
  // a stub that allows everything (no network), so this is the index's side plus the client's.
  const access = new RegistryAccess({ registryUrl: 'http://registry.invalid', fetch: async () => new Response('{}', { status: 200 }) });
  const server = createServer(createApiHandler({ queries, indexer, access, eventsSecret: null, status: () => ({}) }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createIndexClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, fetch });
  for (const round of ['access not cached yet', 'access cached']) {
    const t = performance.now();
    const data = await readIndexAudit(client);
    const read = performance.now() - t;
    const audit = computeAudit({ ...auditInputFromIndex(data, Date.now()), now: Date.now(), staleDays: 90 });
    console.log(
      `audit from the index (${round}): ${data.repositories.length} repositories, ${data.tags.length} tags read in ${read.toFixed(0)} ms (${Math.ceil(data.repositories.length / 1000) + Math.ceil(data.tags.length / 1000)} requests), figures computed in ${(performance.now() - t - read).toFixed(0)} ms; ${audit.root.images} distinct images, ${audit.root.storedBytes} bytes stored`,
    );
  }
  await new Promise((resolve) => server.close(resolve));
  const rows = db.prepare('SELECT (SELECT count(*) FROM manifests) AS manifests, (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM tag_history) AS history').get();
  console.log('rows:', rows, `database ${(db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number)} bytes`);
  db.close();
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
