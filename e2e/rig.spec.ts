// The rig itself, without the UI: nginx as deployed (deploy/nginx.conf) in front of the real,
// seeded registry.
import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { headManifest } from './registry-api.ts';

test('nginx serves index.html with the security headers', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['content-type']).toContain('text/html');
  expect(headers['content-security-policy']).toBe(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  );
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cache-control']).toBe('no-cache');
});

test('config.json is the rig config, never cached', async ({ request, rig }) => {
  const response = await request.get('/config.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-cache');
  expect(await response.json()).toEqual({ registries: [{ name: 'local', url: '', loginServer: rig.loginServer, catalogPageSize: 10 }] });
});

test('client-side routes fall back to index.html', async ({ request }) => {
  const index = await (await request.get('/')).text();
  for (const path of ['/r/a/b/c', '/r/marketing/campaign10-18/web/tags/v10']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(await response.text(), path).toBe(index);
  }
});

test('hashed assets are immutable; a missing one is a 404, not index.html', async ({ request }) => {
  const index = await (await request.get('/')).text();
  const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length, 'index.html references /assets/ files').toBeGreaterThan(0);
  for (const asset of assets) {
    const response = await request.get(asset);
    expect(response.status(), asset).toBe(200);
    expect(response.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
  }
  expect((await request.get('/assets/does-not-exist.js')).status()).toBe(404);
});

test('/v2/ reaches the real registry through nginx', async ({ request }) => {
  const response = await request.get('/v2/');
  expect(response.status()).toBe(200);
  expect(response.headers()['docker-distribution-api-version']).toBe('registry/2.0');
});

test('the catalog lists every seeded repository, paged by a relative Link header', async ({ request, seed }) => {
  const names: string[] = [];
  let next: string | undefined = '/v2/_catalog?n=10';
  let pages = 0;
  while (next) {
    const response: APIResponse = await request.get(next);
    expect(response.status()).toBe(200);
    names.push(...((await response.json()) as { repositories: string[] }).repositories);
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers()['link'] ?? '')?.[1];
    pages++;
  }
  expect(pages).toBeGreaterThan(3);
  // Other specs push repositories of their own: the seed must be there, whatever else is.
  expect(names).toEqual(expect.arrayContaining(Object.keys(seed.repositories)));
});

test('every seeded tag resolves to its recorded digest', async ({ request, seed }) => {
  for (const [name, repo] of Object.entries(seed.repositories)) {
    const list = await request.get(`/v2/${name}/tags/list`);
    expect(list.status(), name).toBe(200);
    const { tags } = (await list.json()) as { tags: string[] | null };
    const expected = Object.keys(repo.tags).sort();
    // distribution answers `tags: null` once the last tag is gone.
    expect(tags === null ? [] : [...tags].sort(), name).toEqual(expected);
    for (const [tag, record] of Object.entries(repo.tags)) {
      const head = await headManifest(request, name, tag);
      expect(head.status(), `${name}:${tag}`).toBe(200);
      expect(head.headers()['docker-content-digest'], `${name}:${tag}`).toBe(record.digest);
      expect(head.headers()['content-type'], `${name}:${tag}`).toBe(record.mediaType);
    }
    for (const orphan of repo.orphans) {
      const head = await headManifest(request, name, orphan.digest);
      expect(head.status(), `${name}@${orphan.digest}`).toBe(200);
    }
  }
});

test('the seed holds the scenarios the UI tests rely on', async ({ seed }) => {
  const repos = seed.repositories;
  const web = repos['marketing/campaign10-18/web'].tags;
  expect(web.latest.digest).toBe(web.v10.digest);
  expect(repos['marketing/campaign10-18/api'].tags['1.0'].mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
  expect(repos['acr-helloworld'].tags.latest.digest).toBe(repos['acr-helloworld'].tags.v1.digest);
  expect(repos['acr-helloworld'].orphans).toHaveLength(1);
  const multiarch = repos['samples/multiarch'].tags['1.0'];
  expect(multiarch.platforms?.map((p) => [p.os, p.architecture, p.variant ?? ''].join('/'))).toEqual([
    'linux/amd64/',
    'linux/arm64/v8',
    'windows/amd64/',
  ]);
  expect(repos['a/b'].tags['1.0']).toBeDefined();
  expect(repos['a/b/c'].tags['1.0']).toBeDefined();
  expect(repos['emptied/repo']).toEqual({ tags: {}, orphans: [] });
  expect(Object.keys(repos).filter((n) => n.startsWith('bulk/'))).toHaveLength(30);
});

test('chromium loads the app origin under the CSP and may call /v2/', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await page.waitForLoadState('networkidle');
  const status = await page.evaluate(async () => (await fetch('/v2/_catalog?n=1')).status);
  expect(status).toBe(200);
  expect(violations).toEqual([]);
});
