// Does the index hold 1,000,000 tags, and how fast does it answer at that size? Builds the rows
// through the index's own writer from synthetic snapshots (no storage on disk: writing 1M tag
// folders would measure the file system, scripts/bench-index.ts does that), then times queries.
//   npx tsx scripts/bench-index-million-tags.ts [--repositories 1000] [--tags 1000]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IndexQueries } from '../index/src/index-queries.ts';
import { IndexWriter } from '../index/src/index-writer.ts';
import type { ManifestFacts } from '../index/src/manifest-facts.ts';
import { openIndexDb } from '../index/src/open-db.ts';
import type { RepositorySnapshot } from '../index/src/repository-snapshot.ts';

const { values } = parseArgs({ options: { repositories: { type: 'string', default: '1000' }, tags: { type: 'string', default: '1000' } } });
const repositories = Number(values.repositories);
const tagsPerRepository = Number(values.tags);
const MANIFESTS = 10;

const hex = (n: number) => n.toString(16).padStart(64, '0');
const digest = (n: number) => `sha256:${hex(n)}`;

function snapshot(r: number): RepositorySnapshot {
  const at = Date.UTC(2025, 0, 1) + r * 1000;
  const link = (d: string, ms = at) => ({ digest: d, writtenMs: ms, createdMs: ms });
  const manifests = Array.from({ length: MANIFESTS }, (_, m) => digest(r * MANIFESTS + m + 1));
  const newFacts = new Map<string, ManifestFacts>(
    manifests.map((d, m) => [
      d,
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 500,
        configDigest: digest(10_000_000 + r * MANIFESTS + m),
        created: new Date(at).toISOString(),
        platform: { os: 'linux', architecture: 'amd64' },
        subject: null,
        children: [],
        blobs: [
          { digest: digest(10_000_000 + r * MANIFESTS + m), size: 1500, kind: 'config' },
          { digest: digest(20_000_000 + (r % 50)), size: 30_000_000, kind: 'layer' },
          { digest: digest(30_000_000 + r * MANIFESTS + m), size: 5_000_000, kind: 'layer' },
        ],
        labels: { 'org.opencontainers.image.version': `${m}` },
      },
    ]),
  );
  return {
    repository: `ns-${r % 20}/repo-${r}`,
    stamp: `bench-${r}`,
    revisions: manifests.map((d) => link(d)),
    tags: Array.from({ length: tagsPerRepository }, (_, t) => {
      const current = link(manifests[t % MANIFESTS] ?? '', at + t);
      return { name: `v${t}`, current, history: [current] };
    }),
    newFacts,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'regatta-bench-million-'));
try {
  const db = openIndexDb(join(dir, 'index.db'));
  const writer = new IndexWriter(db);
  let started = performance.now();
  for (let r = 0; r < repositories; r += 50) {
    const batch = Array.from({ length: Math.min(50, repositories - r) }, (_, i) => snapshot(r + i));
    db.transaction(() => batch.forEach((s) => writer.applySnapshot(s, Date.now())))();
  }
  const counts = db.prepare('SELECT (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM tag_history) AS history, (SELECT count(*) FROM manifests) AS manifests').get();
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  console.log(`wrote ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s; database ${(bytes / 1024 / 1024).toFixed(0)} MiB`);

  const queries = new IndexQueries(db);
  const time = (label: string, run: () => unknown) => {
    started = performance.now();
    const result = run();
    console.log(`${label}: ${(performance.now() - started).toFixed(1)} ms (${Array.isArray(result) ? result.length : 1} rows)`);
  };
  time(`tags of one repository (${tagsPerRepository})`, () => queries.tags('ns-7/repo-7'));
  time('manifests of one repository with reclaimable bytes', () => queries.manifests('ns-7/repo-7'));
  time('repositories, first page of 100 with counts', () => queries.repositories({ limit: 100 }));
  time(`repositories, all ${repositories} with counts and sizes`, () => queries.repositories({ limit: repositories }));
  time('tag history', () => queries.history('ns-7/repo-7', 'v3'));
  time('search tag prefix "v99", first 100', () => queries.search({ tag: 'v99' }, { limit: 100 }));
  time('search digest prefix', () => queries.search({ digest: hex(77).slice(0, 63) }, { limit: 100 }));
  time('search label version=3, first 100', () => queries.search({ label: { key: 'org.opencontainers.image.version', value: '3' } }, { limit: 100 }));
  db.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
