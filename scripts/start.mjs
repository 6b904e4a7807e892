// `npm start`: build if needed, then serve dist/ on http://127.0.0.1:${PORT:-8080}.
//   REGISTRY_URL=http://127.0.0.1:5000  proxy /v2/, /acr/v1/, /oauth2/ (and TOKEN_REALM_PATH) to that
//                                       registry; the served config names it as `upstream`, so a
//                                       token realm on its origin (ACR) is fetched through /oauth2/
//   LOGIN_SERVER=registry.example.com   shown in pull commands (with REGISTRY_URL)
//   INDEX_URL=http://127.0.0.1:5050     proxy /index/v1/ to regatta-index (with REGISTRY_URL)
//   CONFIG_FILE=./my-config.json        serve this as /config.json instead; the CSP's connect-src
//                                       allows its registries' and token realms' origins
//   PROXY_CHANGE_ORIGIN=1               send the registry's own Host (default for https upstreams)
// Without REGISTRY_URL or CONFIG_FILE the app runs its in-browser demo registry.
// Static files get deploy/nginx.conf's headers and the build's .br/.gz when Accept-Encoding allows;
// proxied answers get `default-src 'none'; sandbox` and nosniff. /config.json comes with
// X-Regatta-Config-Source, which the boot error names (scripts/start-config.mjs).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import console from 'node:console';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { setTimeout } from 'node:timers';
import { configSource, connectSrcFor, generatedConfig, headerSafe, isProxiedPath, pickEncoding, portalCsp, PROXIED_CSP } from './start-config.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

// ---------------------------------------------------------------------------------------------
// Build when dist/ is missing or older than its sources.

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
const sourcesAt = Math.max(...['src', 'public', 'index.html', 'package.json'].map((p) => newestMtime(join(root, p))));
if (builtAt === 0 || sourcesAt > builtAt) {
  console.log(builtAt === 0 ? 'dist/ missing: npm run build' : 'sources newer than dist/: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm run build failed');
    process.exit(build.status ?? 1);
  }
}

// ---------------------------------------------------------------------------------------------
// /config.json

const registryUrl = process.env.REGISTRY_URL ? new URL(process.env.REGISTRY_URL) : undefined;
if (registryUrl && (registryUrl.pathname !== '/' || registryUrl.search)) {
  console.error(`REGISTRY_URL must be scheme://host[:port] without a path: ${process.env.REGISTRY_URL}`);
  process.exit(2);
}
const tokenRealmPath = process.env.TOKEN_REALM_PATH;
const indexUrl = process.env.INDEX_URL ? new URL(process.env.INDEX_URL) : undefined;
if (indexUrl && (indexUrl.pathname !== '/' || indexUrl.search)) {
  console.error(`INDEX_URL must be scheme://host[:port] without a path: ${process.env.INDEX_URL}`);
  process.exit(2);
}

const configFile = process.env.CONFIG_FILE ? resolve(process.env.CONFIG_FILE) : undefined;

function configJson() {
  if (configFile) return readFileSync(configFile, 'utf8');
  if (registryUrl) return JSON.stringify(generatedConfig(registryUrl, process.env.LOGIN_SERVER, indexUrl), null, 2);
  return JSON.stringify({ registries: [{ name: 'demo', url: '' }], demo: true }, null, 2);
}
// Sent with /config.json: a configuration error in the browser names this, not a file nobody wrote.
const source = configSource({ configFile, registryUrl: registryUrl?.origin });

// connect-src follows the configuration: registries on other origins (and their token realms)
// are allowed, nothing else. Read once: a changed CONFIG_FILE needs a restart for its CSP.
let startupConfig;
try {
  startupConfig = JSON.parse(configJson());
} catch (error) {
  console.error(`${source} is not valid JSON: ${error.message}`);
  process.exit(2);
}
const connectSrc = connectSrcFor(startupConfig);

// ---------------------------------------------------------------------------------------------
// Proxy to the registry: streamed both ways, status and headers passed through untouched
// (Location, Link, WWW-Authenticate, Docker-Content-Digest …).

// Hop-by-hop headers belong to one connection; Node frames the body itself.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

// Like deploy/nginx.conf, the registry sees the browser's Host so the URLs it builds (upload
// Location, Link) point back here. A TLS or virtual-hosted upstream needs its own Host instead.
const changeOrigin = registryUrl?.protocol === 'https:' || process.env.PROXY_CHANGE_ORIGIN === '1';

// Registry answers share the portal's origin: an HTML error page opened at /v2/… must not run
// script there or be sniffed into something else. Replaces whatever the registry sent.
const proxiedHeaders = {
  'content-security-policy': PROXIED_CSP,
  'x-content-type-options': 'nosniff',
};

function proxy(req, res, upstreamUrl = registryUrl) {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!hopByHop.has(name) && value !== undefined) headers[name] = value;
  }
  if (changeOrigin || upstreamUrl !== registryUrl) headers.host = upstreamUrl.host;
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${req.socket.remoteAddress}` : req.socket.remoteAddress;
  headers['x-forwarded-proto'] = 'http';

  const send = upstreamUrl.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    { protocol: upstreamUrl.protocol, hostname: upstreamUrl.hostname, port: upstreamUrl.port || undefined, method: req.method, path: req.url, headers },
    (answer) => {
      const raw = [];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        const name = answer.rawHeaders[i].toLowerCase();
        if (!hopByHop.has(name) && !(name in proxiedHeaders)) raw.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
      }
      for (const [name, value] of Object.entries(proxiedHeaders)) raw.push(name, value);
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', (error) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { ...proxiedHeaders, 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Bad gateway: ${upstreamUrl.origin}: ${error.message}\n`);
  });
  req.on('aborted', () => upstream.destroy());
  req.pipe(upstream);
}

// ---------------------------------------------------------------------------------------------
// Static files with the SPA fallback and the headers of deploy/nginx.conf.

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

const securityHeaders = {
  'content-security-policy': portalCsp(connectSrc),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

// The build writes file.br and file.gz next to every compressible file (scripts/compress-plugin.ts).
const precompressed = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

function sendFile(req, res, file, cacheControl) {
  const variants = precompressed.filter(([, suffix]) => existsSync(file + suffix));
  const encoding = pickEncoding(req.headers['accept-encoding'], variants.map(([name]) => name));
  const served = encoding ? file + variants.find(([name]) => name === encoding)[1] : file;
  const info = statSync(served);
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': cacheControl,
    'last-modified': statSync(file).mtime.toUTCString(),
    ...(encoding ? { 'content-encoding': encoding } : {}),
    // Caches must key on Accept-Encoding whenever another encoding of this URL exists.
    ...(variants.length > 0 ? { vary: 'Accept-Encoding' } : {}),
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(served).pipe(res);
}

function sendText(res, status, text, type = 'text/plain; charset=utf-8', extra = {}) {
  res.writeHead(status, { ...securityHeaders, 'content-type': type, 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

function serveStatic(req, res, pathname) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed\n', undefined, { allow: 'GET, HEAD' });
    return;
  }
  if (pathname === '/config.json') {
    sendText(res, 200, configJson(), 'application/json; charset=utf-8', { 'cache-control': 'no-cache', 'x-regatta-config-source': headerSafe(source) });
    return;
  }
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendText(res, 400, 'Bad request\n');
    return;
  }
  const file = resolve(dist, `.${decoded}`);
  const inside = file === dist || relative(dist, file).split(sep)[0] !== '..';
  if (inside && existsSync(file) && statSync(file).isFile()) {
    sendFile(req, res, file, pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  } else if (pathname.startsWith('/assets/')) {
    sendText(res, 404, 'Not found\n');
  } else {
    sendFile(req, res, join(dist, 'index.html'), 'no-cache');
  }
}

const server = createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  const proxied = registryUrl && (isProxiedPath(pathname) || (tokenRealmPath && pathname.startsWith(tokenRealmPath)));
  if (proxied) proxy(req, res);
  else if (indexUrl && pathname.startsWith('/index/v1/')) proxy(req, res, indexUrl);
  // No registry behind us: an API path must not get index.html with a 200.
  else if (isProxiedPath(pathname)) sendText(res, 404, 'No registry proxied here: set REGISTRY_URL\n');
  else serveStatic(req, res, pathname);
});

server.on('error', (error) => {
  console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  const mode = process.env.CONFIG_FILE
    ? `config from ${process.env.CONFIG_FILE}`
    : registryUrl
      ? `/v2/, /acr/v1/, /oauth2/${tokenRealmPath ? ` and ${tokenRealmPath}` : ''} proxied to ${registryUrl.origin}${indexUrl ? `, /index/v1/ to ${indexUrl.origin}` : ''}`
      : 'demo registry (in the browser)';
  console.log(`Regatta on http://${host}:${port}/ (${mode})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2_000).unref();
  });
}
