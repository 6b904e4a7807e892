// `npm start` without REGISTRY_URL: the built-in demo registry (in the page, behind a service
// worker), on a free loopback port of its own, for specs that must not touch the shared rig.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../scripts/rig.ts';
import { repoRoot } from './rig-env.ts';

export interface DemoServer {
  url: string;
  child: ChildProcess;
}

/** Every server this worker started, listening or still building: a hook that timed out must not leave one behind. */
const started = new Set<ChildProcess>();

/** Starts scripts/start.mjs (building first when dist/ is stale: give the caller's hook time). */
export async function startDemoServer(): Promise<DemoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), REGISTRY_URL: undefined, CONFIG_FILE: undefined },
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const check = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Regatta on ${url}/`)) resolve();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)));
  });
  return { url, child };
}

/** Stops the process group of every server startDemoServer started (even one still building) and waits for them. */
export async function stopDemoServers(): Promise<void> {
  await Promise.all(
    [...started].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }),
  );
}
