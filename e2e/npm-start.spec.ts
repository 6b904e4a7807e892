// `npm start` exactly as the README says, against the rig's seeded registry: the generated config
// works for a registry URL with a port, assets come precompressed with nginx's headers, proxied
// registry answers carry a sandboxing CSP, and a configuration error names its real source.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/rig.ts';
import { expect, test } from './fixtures.ts';
import { rawGet } from './raw-http.ts';
import { repoRoot } from './rig-env.ts';
import { RepositoryPage } from './pages/repository-page.ts';

interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Runs `command` in a shell in its own process group, waiting for start.mjs's "Regatta on" line. */
async function startShell(command: string, port: number): Promise<Started> {
  const child = spawn('sh', ['-c', command], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORT: undefined, REGISTRY_URL: undefined, CONFIG_FILE: undefined } });
  let text = '';
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const check = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(`Regatta on ${url}/`)) resolve();
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before listening:\n${text}`)));
  });
  return { url, child, output: () => text };
}

async function stopGroup({ child }: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

const PROXIED_CSP = "default-src 'none'; sandbox";

test.describe('npm start', () => {
  test.setTimeout(180_000); // a stale dist/ makes npm start build first

  test("the README's command serves the registry's tags, compressed, with nginx's headers", async ({ page, seed, rig }) => {
    const port = await freePort();
    const server = await startShell(`REGISTRY_URL=${rig.registryUrl} PORT=${port} npm start`, port);
    try {
      const name = 'marketing/campaign10-18/web';
      const assets: { url: string; encoding: string | null }[] = [];
      page.on('response', async (response) => {
        if (/\/assets\/[^/]+\.js$/.test(new URL(response.url()).pathname)) assets.push({ url: response.url(), encoding: await response.headerValue('content-encoding') });
      });
      await page.goto(`${server.url}/r/${name}`);
      const repo = new RepositoryPage(page);
      const tags = seed.repositories[name]!.tags;
      await expect(repo.tagCount).toHaveText(new RegExp(`${Object.keys(tags).length} tags`));
      for (const [tag, record] of Object.entries(tags)) {
        await expect(repo.row(tag).locator(`a[title="${record.digest}"]`)).toBeVisible();
      }
      // The generated registry is named after host and port, URL-safe.
      const config = await (await page.request.get(`${server.url}/config.json`)).json();
      expect(config.registries[0].name).toBe(new URL(rig.registryUrl).host.replace(':', '-'));
      // …names the proxy's upstream, and forwards ACR's /acr/v1/ and /oauth2/ there too: distribution
      // answers its plain 404 (never index.html), with the sandbox CSP of proxied answers.
      expect(config.registries[0].upstream).toBe(new URL(rig.registryUrl).origin);
      for (const path of ['/acr/v1/_catalog', '/oauth2/token']) {
        const answer = await page.request.get(`${server.url}${path}`);
        expect(answer.status(), path).toBe(404);
        expect(await answer.text(), path).toBe('404 page not found\n');
        expect(answer.headers()['content-security-policy'], path).toBe("default-src 'none'; sandbox");
      }

      // Chromium took the entry script compressed (chunks under 1 KB have no compressed copy).
      const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(join(repoRoot, 'dist', 'index.html'), 'utf8'))![1]!;
      const entryAnswer = assets.find((asset) => new URL(asset.url).pathname === entry);
      expect(entryAnswer, entry).toBeDefined();
      expect(['br', 'gzip']).toContain(entryAnswer!.encoding);

      // On the wire: the precompressed file itself, its length, Vary, and nginx's headers.
      for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
        const answer = await rawGet(`${server.url}${entry}`, { 'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip' });
        expect(answer.status).toBe(200);
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.headers.vary).toBe('Accept-Encoding');
        expect(answer.body.equals(readFileSync(join(repoRoot, 'dist', entry + suffix)))).toBe(true);
        expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
        expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
        expect(answer.headers['referrer-policy']).toBe('no-referrer');
        expect(answer.headers['content-security-policy']).toContain("default-src 'self'; script-src 'self'");
      }
      const plain = await rawGet(`${server.url}${entry}`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toBe('Accept-Encoding');
      expect(plain.body.equals(readFileSync(join(repoRoot, 'dist', entry)))).toBe(true);
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);

      // Every chunk of 1 KB or more has both (scripts/compress-plugin.ts).
      const assetsDir = join(repoRoot, 'dist', 'assets');
      const files = readdirSync(assetsDir);
      const big = files.filter((f) => f.endsWith('.js') && statSync(join(assetsDir, f)).size >= 1024);
      expect(big.length).toBeGreaterThan(1);
      for (const f of big) expect(files, f).toEqual(expect.arrayContaining([`${f}.br`, `${f}.gz`]));
    } finally {
      await stopGroup(server);
    }
  });

  test('a registry error page opened at /v2/ runs nothing on the portal origin (npm start and nginx)', async ({ rig }) => {
    const port = await freePort();
    const server = await startShell(`REGISTRY_URL=${rig.registryUrl} PORT=${port} npm start`, port);
    try {
      for (const origin of [server.url, rig.baseURL]) {
        // distribution answers an invalid name with a plain-text 404, as a proxy would with HTML.
        const answer = await rawGet(`${origin}/v2/Bad/manifests/x`);
        expect(answer.status, origin).toBe(404);
        expect(answer.headers['content-security-policy'], origin).toBe(PROXIED_CSP);
        expect(answer.headers['x-content-type-options'], origin).toBe('nosniff');
        const ok = await rawGet(`${origin}/v2/`);
        expect(ok.status, origin).toBe(200);
        expect(ok.headers['content-security-policy'], origin).toBe(PROXIED_CSP);
        // The app itself keeps its policy.
        expect((await rawGet(`${origin}/`)).headers['content-security-policy'], origin).toContain("script-src 'self'");
      }
    } finally {
      await stopGroup(server);
    }
  });

  test("a configuration error names CONFIG_FILE, and connect-src follows that file's registries", async ({ page }) => {
    const dir = await mkdtemp(join(tmpdir(), 'regatta-start-e2e-'));
    const configFile = join(dir, 'regatta.json');
    await writeFile(configFile, JSON.stringify({ registries: [{ name: 'bad name', url: 'http://127.0.0.1:5999', tokenRealms: ['https://auth.example/token'] }] }));
    const port = await freePort();
    const server = await startShell(`CONFIG_FILE=${configFile} PORT=${port} npm start`, port);
    try {
      const answer = await rawGet(`${server.url}/`);
      expect(answer.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:5999 https://auth.example;");
      await page.goto(`${server.url}/`);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(`the CONFIG_FILE ${configFile}: the configuration is invalid`);
      await expect(alert).toContainText('registries.0.name');
      await expect(alert).toContainText(`Fix the named field in the CONFIG_FILE ${configFile}, restart the server`);
    } finally {
      await stopGroup(server);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
