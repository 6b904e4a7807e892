// For specs that start their own registries (and token server) with nginx serving the built app in
// front of them, so the shared seeded registry never sees what they push or how they authenticate.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareWww, startNginx, type NginxOptions, type Service } from '../scripts/rig.ts';
import { rigDir } from './rig-env.ts';

// The app as global setup copied it for this run (dist/ itself may be rebuilt meanwhile).
const builtApp = join(rigDir, 'www');

export interface OwnRig {
  /** A path inside the rig's work directory (open() first). */
  path(...parts: string[]): string;
  /** Makes the work directory: under the system temp dir, not e2e/.rig, which a concurrent run's global setup wipes (stopping what runs from it). */
  open(): Promise<void>;
  /** Stopped by close(), in reverse order of adding. */
  add<T extends Pick<Service, 'stop'>>(service: T): T;
  /** The built app with this config.json behind its own nginx; returns the app's origin. */
  serveApp(key: string, config: unknown, nginx: Omit<NginxOptions, 'dir' | 'wwwRoot'>): Promise<string>;
  /** Stops every service, last started first, and removes the work directory. */
  close(): Promise<void>;
}

export function ownRig(name: string): OwnRig {
  let dir = '';
  const services: Pick<Service, 'stop'>[] = [];
  const rig: OwnRig = {
    path: (...parts) => {
      if (!dir) throw new Error(`own rig ${name}: open() first`);
      return join(dir, ...parts);
    },
    async open() {
      dir = await mkdtemp(join(tmpdir(), `regatta-${name}-e2e-`));
      await chmod(dir, 0o755); // nginx workers (nobody) must reach www/ inside it
    },
    add(service) {
      services.push(service);
      return service;
    },
    async serveApp(key, config, nginx) {
      const www = await prepareWww(builtApp, rig.path(`www-${key}`), config);
      return rig.add(await startNginx({ ...nginx, dir: rig.path(`nginx-${key}`), wwwRoot: www })).url;
    },
    async close() {
      for (const service of services.splice(0).reverse()) await service.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
      dir = '';
    },
  };
  return rig;
}
