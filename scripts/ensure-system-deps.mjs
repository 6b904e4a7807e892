// The e2e rig and the benchmark need a real registry, nginx and a browser from Debian packages
// (Playwright cannot download browsers here). Installs what is missing when root; never skips.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import console from 'node:console';
import process from 'node:process';

const required = [
  { bin: '/usr/bin/docker-registry', pkg: 'docker-registry' },
  { bin: '/usr/sbin/nginx', pkg: 'nginx' },
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  // Images written by a real tool (schema 1, OCI from skopeo) and a TLS certificate made at test time.
  { bin: '/usr/bin/skopeo', pkg: 'skopeo' },
  { bin: '/usr/bin/openssl', pkg: 'openssl' },
];

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

const missing = required.filter(({ bin }) => !isExecutable(bin));
if (missing.length === 0) process.exit(0);

const packages = missing.map(({ pkg }) => pkg);
const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
console.error(`Missing system packages for the e2e rig: ${missing.map(({ bin, pkg }) => `${pkg} (${bin})`).join(', ')}`);

if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.error(`Not root: install them with\n  sudo sh -c '${command}'`);
  process.exit(1);
}

console.error(`Installing: ${command}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update'], ['install', '-y', ...packages]]) {
  const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

const stillMissing = required.filter(({ bin }) => !isExecutable(bin));
if (stillMissing.length > 0) {
  console.error(`Still missing after apt-get: ${stillMissing.map(({ bin }) => bin).join(', ')}`);
  process.exit(1);
}
console.error('System packages installed.');
