// The local test rig: a real CNCF distribution registry and nginx rendering deploy/nginx.conf,
// both on 127.0.0.1 and on free ports. Used by the Playwright global setup and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
export const NGINX_BIN = '/usr/sbin/nginx';
const SETPRIV_BIN = '/usr/bin/setpriv';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NGINX_TEMPLATE = join(repoRoot, 'deploy', 'nginx.conf');
export const NGINX_TLS_TEMPLATE = join(repoRoot, 'deploy', 'nginx-tls.conf');

export interface Service {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('freePort: no TCP address'));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

// Children die with us: on a normal exit we kill what is still tracked; on a hard kill of this
// process (SIGKILL, crash) setpriv's parent-death signal makes the kernel send SIGTERM to them.
const tracked = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of tracked) c.kill('SIGKILL');
    });
  }
}

interface Spawned {
  child: ChildProcess;
  /** The tail of what the process wrote to stdout/stderr. */
  output: () => Promise<string>;
}

/**
 * stdout and stderr go to `logFile`, not to a pipe: a pipe nobody drains (the parent busy in
 * synchronous work) fills up and the registry, which logs every 4xx at level error, stalls.
 */
function spawnTracked(command: string, args: string[], cwd: string, logFile: string): Spawned {
  const log = openSync(logFile, 'a');
  // nginx's master gets SIGTERM (fast shutdown, which also stops its workers) rather than SIGKILL,
  // which would leave the workers serving.
  const [bin, argv] = existsSync(SETPRIV_BIN)
    ? [SETPRIV_BIN, ['--pdeathsig', 'TERM', '--', command, ...args]]
    : [command, args];
  const child = spawn(bin, argv, { cwd, stdio: ['ignore', log, log] });
  closeSync(log);
  track(child);
  const output = async () => (await readFile(logFile, 'utf8').catch(() => '')).slice(-16_000).trim();
  return { child, output };
}

async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(
  what: string,
  { child, output }: Spawned,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready.\n--- output ---\n${await output()}`);
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = String(error);
    }
    await sleep(100);
  }
  await stopChild(child);
  throw new Error(`${what} not ready after ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}.\n--- output ---\n${await output()}`);
}

async function probeStatus(url: string, expected: number): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await response.arrayBuffer();
  return response.status === expected;
}

export interface RegistryOptions {
  /** Working directory: config.yml and the storage (data/) go here. */
  dir: string;
  port?: number;
  timeoutMs?: number;
  /** `storage.delete.enabled` (default true). false: every DELETE answers 405 UNSUPPORTED, as on a default install. */
  deleteEnabled?: boolean;
  /** `auth:` of the registry config; none by default. With auth, readiness is `GET /v2/` → 401. */
  auth?: RegistryAuth;
  /** More `http.headers` sent on every answer (e.g. CORS: Access-Control-Allow-Origin: [http://ui]). */
  headers?: Record<string, string[]>;
  /**
   * More top-level sections of config.yml, as YAML lines, e.g. `['compatibility:', '  schema1:',
   * '    enabled: true']` (distribution refuses schema 1 manifests without it).
   */
  extraConfig?: string[];
}

/**
 * distribution's two real auth modes: a bcrypt htpasswd file, or Docker token auth (JWTs from
 * `realm`); and `silly` (its test controller: any non-empty Authorization header passes).
 */
export type RegistryAuth =
  | { htpasswd: { realm: string; path: string } }
  | { token: { realm: string; service: string; issuer: string; rootcertbundle: string } }
  | { silly: { realm: string; service: string } };

function authConfigLines(auth: RegistryAuth | undefined): string[] {
  if (!auth) return [];
  if ('silly' in auth) return ['auth:', '  silly:', `    realm: ${JSON.stringify(auth.silly.realm)}`, `    service: ${JSON.stringify(auth.silly.service)}`];
  if ('htpasswd' in auth) {
    return ['auth:', '  htpasswd:', `    realm: ${JSON.stringify(auth.htpasswd.realm)}`, `    path: ${JSON.stringify(resolve(auth.htpasswd.path))}`];
  }
  const { realm, service, issuer, rootcertbundle } = auth.token;
  return [
    'auth:',
    '  token:',
    `    realm: ${JSON.stringify(realm)}`,
    `    service: ${JSON.stringify(service)}`,
    `    issuer: ${JSON.stringify(issuer)}`,
    `    rootcertbundle: ${JSON.stringify(resolve(rootcertbundle))}`,
  ];
}

/**
 * Starts `docker-registry serve` (deletes enabled unless told otherwise, no auth unless `auth`)
 * and waits for `GET /v2/` → 200 (401 with auth).
 */
export async function startRegistry({ dir, port, timeoutMs = 20_000, deleteEnabled = true, auth, headers = {}, extraConfig = [] }: RegistryOptions): Promise<Service> {
  dir = resolve(dir);
  const listenPort = port ?? (await freePort());
  await mkdir(join(dir, 'data'), { recursive: true });
  const configPath = join(dir, 'config.yml');
  await writeFile(
    configPath,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${JSON.stringify(join(dir, 'data'))}`,
      '  delete:',
      `    enabled: ${deleteEnabled}`,
      // No blob descriptor cache: after deletes the registry must answer from storage.
      'http:',
      `  addr: 127.0.0.1:${listenPort}`,
      // Without one the registry warns and signs upload state with a random secret per start.
      `  secret: ${randomBytes(16).toString('hex')}`,
      '  headers:',
      '    X-Content-Type-Options: [nosniff]',
      ...Object.entries(headers).map(([name, values]) => `    ${name}: ${JSON.stringify(values)}`),
      ...authConfigLines(auth),
      ...extraConfig,
      '',
    ].join('\n'),
  );
  const spawned = spawnTracked(REGISTRY_BIN, ['serve', configPath], dir, join(dir, 'registry.log'));
  const url = `http://127.0.0.1:${listenPort}`;
  await waitUntil(`docker-registry on ${url}`, spawned, () => probeStatus(`${url}/v2/`, auth ? 401 : 200), timeoutMs);
  const { child } = spawned;
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

export interface NginxOptions {
  /** Working directory: rendered configs, logs, pid and temp paths go here. */
  dir: string;
  /** Served as the nginx `root` (a built dist/ with config.json). */
  wwwRoot: string;
  /** REGISTRY_UPSTREAM: scheme://host:port, no path. */
  registryUrl: string;
  port?: number;
  timeoutMs?: number;
  /** origin of a token server: `location = /token` proxies to `${tokenUpstream}/token` (same-origin realm). */
  tokenUpstream?: string;
  /** More registries on this origin: `${prefix}/v2/…` proxies to `${url}/v2/…` (config.json url: prefix). */
  extraRegistries?: { prefix: string; url: string }[];
  /** regatta-index's origin: deploy/nginx-index.conf proxies /index/v1/ to it. */
  indexUpstream?: string;
  /** REGATTA_CONNECT_SRC, the CSP's connect-src; default `'self'`. */
  connectSrc?: string;
  /** deploy/nginx-tls.conf rendered into regatta.d/: an https (HTTP/2) listener on `port` (default: a free one). */
  tls?: { cert: string; key: string; port?: number };
}

export interface NginxService extends Service {
  /** https://127.0.0.1:<port> when started with `tls`. */
  tlsUrl?: string;
}

/** deploy/nginx-tls.conf with its three variables substituted, as the README's envsubst does. */
export function renderTlsConfig(template: string, vars: { listen: string; cert: string; key: string }): string {
  return template
    .replaceAll('${REGATTA_TLS_LISTEN}', vars.listen)
    .replaceAll('${REGATTA_TLS_CERT}', vars.cert)
    .replaceAll('${REGATTA_TLS_KEY}', vars.key);
}

const PROXY_HEADERS = [
  '        proxy_set_header Host $http_host;',
  '        proxy_set_header X-Forwarded-Proto $scheme;',
  '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
];

/** The files for deploy/nginx.conf's `include /etc/nginx/regatta.d/*.conf`, as its comments describe them. */
export function extraLocationFiles({ tokenUpstream, extraRegistries = [], indexUpstream }: Pick<NginxOptions, 'tokenUpstream' | 'extraRegistries' | 'indexUpstream'>): Record<string, string> {
  const files: Record<string, string> = {};
  // The file as users mount it, with its proxy_pass pointed at this index (as the README says to edit it).
  if (indexUpstream) files['index.conf'] = readFileSync(join(repoRoot, 'deploy', 'nginx-index.conf'), 'utf8').replace(/^(\s*)proxy_pass [^;\n]+;/m, (_m, indent: string) => `${indent}proxy_pass ${new URL(indexUpstream).origin};`);
  if (tokenUpstream) {
    const origin = new URL(tokenUpstream).origin;
    files['token.conf'] = ['    location = /token {', `        proxy_pass ${origin};`, ...PROXY_HEADERS, '    }', ''].join('\n');
  }
  for (const { prefix, url } of extraRegistries) {
    if (!/^(\/[a-z0-9][a-z0-9._-]*)+$/i.test(prefix)) throw new Error(`startNginx: bad registry prefix ${prefix}`);
    const origin = new URL(url).origin;
    // The same three paths deploy/nginx.conf forwards at the root: v2, ACR's metadata API and token service.
    files[`registry-${prefix.slice(1).replaceAll('/', '-')}.conf`] = ['v2', 'acr/v1', 'oauth2']
      .flatMap((path) => [
        `    location ${prefix}/${path}/ {`,
        `        proxy_pass ${origin}/${path}/;`,
        ...PROXY_HEADERS,
        '        client_max_body_size 0;',
        '        proxy_request_buffering off;',
        '        proxy_buffering off;',
        '        proxy_http_version 1.1;',
        '    }',
      ])
      .concat([''])
      .join('\n');
  }
  return files;
}

/**
 * Renders deploy/nginx.conf the way the official image does (envsubst of REGATTA_LISTEN and
 * REGISTRY_UPSTREAM, REGISTRY_UPSTREAM_HOST (default `$http_host`, as the Dockerfile sets it)), plus `root` → wwwRoot.
 */
export function renderServerConfig(template: string, vars: { listen: string; upstream: string; root: string; includeDir?: string; connectSrc?: string; upstreamHost?: string }): string {
  const rootLine = /^(\s*)root\s+\/usr\/share\/nginx\/html\s*;/m;
  if (!rootLine.test(template)) throw new Error('deploy/nginx.conf: no `root /usr/share/nginx/html;` line to rewrite');
  const includeLine = /^(\s*)include\s+\/etc\/nginx\/regatta\.d\/\*\.conf\s*;/m;
  if (vars.includeDir !== undefined && !includeLine.test(template)) throw new Error('deploy/nginx.conf: no `include /etc/nginx/regatta.d/*.conf;` line to rewrite');
  const rendered = template
    .replaceAll('${REGATTA_LISTEN}', vars.listen)
    .replaceAll('${REGISTRY_UPSTREAM_HOST}', vars.upstreamHost ?? '$http_host')
    .replaceAll('${REGISTRY_UPSTREAM}', vars.upstream)
    .replaceAll('${REGATTA_CONNECT_SRC}', vars.connectSrc ?? "'self'")
    .replace(rootLine, (_m, indent: string) => `${indent}root ${vars.root};`);
  return vars.includeDir === undefined ? rendered : rendered.replace(includeLine, (_m, indent: string) => `${indent}include ${join(vars.includeDir ?? '', '*.conf')};`);
}

/** Starts nginx in the foreground on deploy/nginx.conf and waits until it serves index.html. */
export async function startNginx({ dir, wwwRoot, registryUrl, port, timeoutMs = 10_000, tokenUpstream, extraRegistries, indexUpstream, connectSrc, tls }: NginxOptions): Promise<NginxService> {
  dir = resolve(dir);
  wwwRoot = resolve(wwwRoot);
  const upstream = new URL(registryUrl);
  if (upstream.pathname !== '/' || upstream.search) throw new Error(`startNginx: registryUrl must have no path: ${registryUrl}`);
  const listenPort = port ?? (await freePort());
  await mkdir(join(dir, 'temp'), { recursive: true });

  const serverConf = join(dir, 'server.conf');
  const mainConf = join(dir, 'nginx.conf');
  const includeDir = join(dir, 'regatta.d');
  await mkdir(includeDir, { recursive: true });
  for (const [name, text] of Object.entries(extraLocationFiles({ tokenUpstream, extraRegistries, indexUpstream }))) await writeFile(join(includeDir, name), text);
  const tlsPort = tls ? (tls.port ?? (await freePort())) : undefined;
  if (tls) {
    const text = renderTlsConfig(await readFile(NGINX_TLS_TEMPLATE, 'utf8'), { listen: `127.0.0.1:${tlsPort}`, cert: resolve(tls.cert), key: resolve(tls.key) });
    await writeFile(join(includeDir, 'tls.conf'), text);
  }
  await writeFile(
    serverConf,
    renderServerConfig(await readFile(NGINX_TEMPLATE, 'utf8'), {
      listen: `127.0.0.1:${listenPort}`,
      upstream: upstream.origin,
      root: wwwRoot,
      includeDir,
      connectSrc,
    }),
  );
  const temp = (name: string) => join(dir, 'temp', name);
  await writeFile(
    mainConf,
    [
      'daemon off;',
      'worker_processes 2;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  access_log ${join(dir, 'access.log')};`,
      `  client_body_temp_path ${temp('client_body')};`,
      `  proxy_temp_path ${temp('proxy')};`,
      `  fastcgi_temp_path ${temp('fastcgi')};`,
      `  uwsgi_temp_path ${temp('uwsgi')};`,
      `  scgi_temp_path ${temp('scgi')};`,
      `  include ${serverConf};`,
      '}',
      '',
    ].join('\n'),
  );

  // Started as root, nginx's workers run as `nobody`: they must be able to read the files.
  await makeWorldReadable(wwwRoot);
  await makeWorldReadable(dir);
  await assertTraversable(wwwRoot);

  // -e: the error log before the config is read (the compiled-in default may not be writable).
  // The error log (-e: before the config is read, too) gets nginx's own stderr as well.
  const errorLog = join(dir, 'error.log');
  const spawned = spawnTracked(NGINX_BIN, ['-p', dir, '-c', mainConf, '-e', errorLog], dir, errorLog);
  const url = `http://127.0.0.1:${listenPort}`;
  await waitUntil(`nginx on ${url}`, spawned, () => probeStatus(`${url}/`, 200), timeoutMs);
  const { child } = spawned;
  const tlsUrl = tlsPort === undefined ? undefined : `https://127.0.0.1:${tlsPort}`;
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child), ...(tlsUrl ? { tlsUrl } : {}) };
}

async function makeWorldReadable(path: string): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    await chmod(path, info.mode | 0o555);
    for (const entry of await readdir(path)) await makeWorldReadable(join(path, entry));
  } else {
    await chmod(path, info.mode | 0o444);
  }
}

async function assertTraversable(path: string): Promise<void> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(`nginx workers (user nobody) cannot reach ${path}: ${dir} is not world-executable (chmod o+x ${dir})`);
    }
    if (dirname(dir) === dir) return;
  }
}

/**
 * A copy of a built app (`dist`, or another rig's www/) with its own config.json (none when
 * `config` is undefined), ready for
 * startNginx's `wwwRoot`: e2e specs that need their own registries serve the app this way.
 */
export async function prepareWww(fromDir: string, www: string, config: unknown): Promise<string> {
  if (!existsSync(join(fromDir, 'index.html'))) throw new Error(`prepareWww: ${join(fromDir, 'index.html')} does not exist (npm run build)`);
  await cp(fromDir, www, { recursive: true });
  // undefined: no config.json at all, as a deploy that never wrote one.
  if (config === undefined) await rm(join(www, 'config.json'), { force: true });
  else await writeFile(join(www, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  return www;
}
