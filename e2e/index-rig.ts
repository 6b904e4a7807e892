// The registry index (npm run index) as its own process for e2e/index.spec.ts, and a recorder in
// front of it that keeps every notification body distribution sends, so a spec can replay them.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { repoRoot } from './rig-env.ts';
import { seedRegistry, type ImageSpec, type TagRecord } from '../scripts/seed-registry.ts';

/** Pushes `artifact` as `repository:latest` (what CI does between two visits); returns what was pushed. */
export async function pushLatest(registryUrl: string, repository: string, artifact: ImageSpec): Promise<TagRecord> {
  const record = await seedRegistry(registryUrl, { repositories: [{ name: repository, pushes: [{ tags: ['latest'], artifact }] }] });
  const tag = record.repositories[repository]?.tags.latest;
  if (!tag) throw new Error('seed did not record latest');
  return tag;
}

/** distribution's `notifications` section (extraConfig lines) sending every event to `url` with the shared secret. */
export function notificationsConfig(url: string, secret: string): string[] {
  return [
    'notifications:',
    '  endpoints:',
    '    - name: regatta-index',
    `      url: ${url}`,
    `      headers: { Authorization: [${JSON.stringify(`Bearer ${secret}`)}] }`,
    '      timeout: 2s',
    '      threshold: 3',
    '      backoff: 250ms',
  ];
}

export interface IndexProcess {
  url: string;
  stop(): Promise<void>;
  log(): Promise<string>;
}

/** Starts `tsx index/src/main.ts` on 127.0.0.1:port and waits for /index/v1/status. */
export async function startIndexProcess(args: { storage: string; registry: string; port: number; db: string; secret: string; logFile: string }): Promise<IndexProcess> {
  const log = openSync(args.logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'index', 'src', 'main.ts'), '--storage', args.storage, '--registry', args.registry, '--port', String(args.port), '--db', args.db, '--reconcile-seconds', '3600'],
    { cwd: repoRoot, stdio: ['ignore', log, log], env: { ...process.env, REGATTA_INDEX_SECRET: args.secret } },
  );
  closeSync(log);
  const url = `http://127.0.0.1:${args.port}`;
  const readLog = async () => (await readFile(args.logFile, 'utf8').catch(() => '')).slice(-8000);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`index exited ${child.exitCode}:\n${await readLog()}`);
    const ok = await fetch(`${url}/index/v1/status`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`index not ready:\n${await readLog()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    log: readLog,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface EventRecorder {
  url: string;
  /** Bodies and headers of every POST, in arrival order (including ones the index refused or missed). */
  bodies: { body: string; headers: Record<string, string> }[];
  stop(): Promise<void>;
}

/** Listens on 127.0.0.1:port, records each request and forwards it to `target`, answering with its status (502 when it is down). */
export async function startEventRecorder(port: number, target: () => string): Promise<EventRecorder> {
  const bodies: EventRecorder['bodies'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { 'content-type': req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '' };
      bodies.push({ body: body.toString('utf8'), headers });
      const forward = httpRequest(`${target()}${req.url}`, { method: req.method, headers: { ...headers, 'content-length': body.length } }, (answer) => {
        answer.resume();
        answer.on('end', () => res.writeHead(answer.statusCode ?? 502).end());
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, bodies, stop: () => new Promise((r) => server.close(() => r())) };
}
