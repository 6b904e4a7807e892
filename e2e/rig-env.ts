// Where the e2e rig lives and what global setup leaves there for the tests.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Service } from '../scripts/rig.ts';
import type { SeedRecord } from '../scripts/seed-registry.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** All runs' rigs; each Playwright run gets its own folder so parallel runs never share a registry. */
export const rigsRoot = join(repoRoot, 'e2e', '.rig');
// Global setup sets E2E_RIG_DIR; workers are forked after it and inherit the variable.
export const rigDir = process.env.E2E_RIG_DIR ?? join(rigsRoot, `run-${process.pid}`);
export const rigEnvFile = join(rigDir, 'env.json');
export const seedFile = join(rigDir, 'seed.json');

export interface RigEnv {
  /** nginx serving e2e/.rig/www with /v2/ proxied: the app's origin. */
  baseURL: string;
  /** The registry itself (bypassing nginx), for arranging state behind the UI's back. */
  registryUrl: string;
  /** Login server name written to config.json (what `docker pull` commands should show). */
  loginServer: string;
  pids: { registry: number; nginx: number };
}

declare global {
  // Global setup and teardown run in the same runner process: the running services.
  var __regattaRig: { services: Service[] } | undefined;
}

export function readRigEnv(): RigEnv {
  return JSON.parse(readFileSync(rigEnvFile, 'utf8')) as RigEnv;
}

export function readSeed(): SeedRecord {
  return JSON.parse(readFileSync(seedFile, 'utf8')) as SeedRecord;
}

/**
 * Stops what a previous run left behind (its runner was killed before teardown): only processes
 * whose command line names this rig's directory, so a reused PID is never hit.
 */
export async function killLeftovers(dir = rigDir): Promise<void> {
  let pids: number[];
  try {
    pids = Object.values(JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as RigEnv['pids']);
  } catch {
    return;
  }
  const ours = async (pid: number) => (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(dir);
  for (const pid of pids) {
    if (!(await ours(pid))) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      continue;
    }
    for (let i = 0; i < 50 && (await ours(pid)); i++) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Removes the folders of earlier runs whose runner process is gone (stopping what they left running). */
export async function removeStaleRigs(): Promise<void> {
  const entries = await readdir(rigsRoot).catch(() => [] as string[]);
  for (const entry of entries) {
    const dir = join(rigsRoot, entry);
    if (dir === rigDir) continue;
    const pid = Number(/^run-(\d+)$/.exec(entry)?.[1]);
    if (!pid || existsSync(`/proc/${pid}`)) continue;
    await killLeftovers(dir);
    await rm(dir, { recursive: true, force: true });
  }
}
