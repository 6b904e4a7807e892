// Starts the real rig once per run: registry → seeded → nginx serving the built app.
// Each run has its own folder, e2e/.rig/run-<pid>/ (parallel runs never share a registry):
//   registry/  config.yml + data/        (docker-registry serve)
//   nginx/     nginx.conf, server.conf (deploy/nginx.conf rendered), logs, temp/
//   www/       a copy of dist/ + config.json
//   seed.json  SeedRecord: what the registry holds
//   env.json   RigEnv: baseURL, registryUrl, pids
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareWww, startNginx, startRegistry, type Service } from '../scripts/rig.ts';
import { defaultE2eSpec, seedRegistry } from '../scripts/seed-registry.ts';
import { killLeftovers, removeStaleRigs, repoRoot, rigDir, rigEnvFile, seedFile, type RigEnv } from './rig-env.ts';

export const LOGIN_SERVER = 'registry.example.test';

export default async function globalSetup(): Promise<void> {
  // E2E_DIST_DIR: test another build (or a placeholder) without touching dist/.
  const dist = process.env.E2E_DIST_DIR ?? join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`e2e: ${join(dist, 'index.html')} does not exist. Build the app first: npm run build`);
  }

  await removeStaleRigs();
  await killLeftovers();
  await rm(rigDir, { recursive: true, force: true });
  await mkdir(rigDir, { recursive: true });
  process.env.E2E_RIG_DIR = rigDir;

  const services: Service[] = [];
  globalThis.__regattaRig = { services };
  try {
    const registry = await startRegistry({ dir: join(rigDir, 'registry') });
    services.push(registry);

    const started = performance.now();
    const seed = await seedRegistry(registry.url, defaultE2eSpec());
    await writeFile(seedFile, JSON.stringify(seed, null, 2) + '\n');
    const repositories = Object.keys(seed.repositories).length;
    console.log(`[e2e rig] registry ${registry.url} seeded with ${repositories} repositories in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const config = { registries: [{ name: 'local', url: '', loginServer: LOGIN_SERVER, catalogPageSize: 10 }] };
    const www = await prepareWww(dist, join(rigDir, 'www'), config);

    const nginx = await startNginx({ dir: join(rigDir, 'nginx'), wwwRoot: www, registryUrl: registry.url });
    services.push(nginx);
    console.log(`[e2e rig] nginx ${nginx.url} → /v2/ on ${registry.url}`);

    const env: RigEnv = { baseURL: nginx.url, registryUrl: registry.url, loginServer: LOGIN_SERVER, pids: { registry: registry.pid, nginx: nginx.pid } };
    await writeFile(rigEnvFile, JSON.stringify(env, null, 2) + '\n');
    // Workers are forked after global setup with this environment, and they load
    // playwright.config.ts again: its `baseURL` reads these.
    process.env.E2E_BASE_URL = nginx.url;
    process.env.E2E_REGISTRY_URL = registry.url;
  } catch (error) {
    await Promise.all(services.map((s) => s.stop()));
    globalThis.__regattaRig = undefined;
    throw error;
  }
}
