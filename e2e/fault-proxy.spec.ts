// The real registry behind a fault proxy that answers bursts of 503 and 429 with Retry-After:
// the catalog and a tag table must still complete, with the right figures, by retrying.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { CatalogPage } from './pages/catalog-page.ts';
import { RepositoryPage } from './pages/repository-page.ts';

const rig = ownRig('faults');
let app = '';
let proxy: Server | undefined;
const attempts = new Map<string, number>();
const injected = { 503: 0, 429: 0, passed: 0 };

/**
 * How many times in a row each request fails before it is passed through: the catalog and the
 * tag list twice (a 503 then a 429), every manifest HEAD/GET and blob once (503 or 429 in turn).
 */
function failuresFor(path: string): number {
  if (path.startsWith('/v2/_catalog') || path.endsWith('/tags/list')) return 2;
  if (/\/(manifests|blobs)\//.test(path)) return 1;
  return 0;
}

async function startFaultProxy(upstream: string): Promise<string> {
  const target = new URL(upstream);
  proxy = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    const seen = attempts.get(key) ?? 0;
    attempts.set(key, seen + 1);
    if (seen < failuresFor(req.url ?? '')) {
      const status = (seen + key.length) % 2 === 0 ? 503 : 429;
      injected[status] += 1;
      req.resume();
      res.writeHead(status, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      res.end(JSON.stringify({ errors: [{ code: status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: 'injected by the fault proxy' }] }));
      return;
    }
    injected.passed += 1;
    const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

test.beforeAll(async ({ rig: shared }) => {
  test.setTimeout(60_000);
  await rig.open();
  const proxyUrl = await startFaultProxy(shared.registryUrl);
  app = await rig.serveApp('faults', { registries: [{ name: 'faulty', url: '', loginServer: shared.loginServer }] }, { registryUrl: proxyUrl });
});

test.afterAll(async () => {
  await rig.close();
  await new Promise((resolve) => proxy?.close(resolve));
});

test('the catalog and a tag table complete through bursts of 503 and 429 with Retry-After', async ({ page, request, seed, rig: shared }, testInfo) => {
  test.setTimeout(90_000);
  const direct = await request.get(`${shared.registryUrl}/v2/_catalog?n=1000`);
  const names = ((await direct.json()) as { repositories: string[] }).repositories;

  await page.goto(`${app}/`);
  const catalog = new CatalogPage(page);
  await expect(catalog.status).toHaveText(`${names.length} repositories`, { timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  const name = 'marketing/campaign10-18/web';
  const tags = seed.repositories[name]!.tags;
  const repo = new RepositoryPage(page);
  await page.goto(`${app}/r/${name}`);
  await expect(repo.tagCount).toHaveText(new RegExp(`${Object.keys(tags).length} tags`), { timeout: 30_000 });
  for (const [tag, record] of Object.entries(tags)) {
    const row = repo.row(tag);
    await expect(row.locator(`a[title="${record.digest}"]`)).toBeVisible({ timeout: 30_000 });
    await expect(row.locator(`[title="${record.size} bytes"]`)).toBeVisible({ timeout: 30_000 });
  }
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(injected[503] + injected[429]).toBeGreaterThan(Object.keys(tags).length);
  expect(injected[503]).toBeGreaterThan(0);
  expect(injected[429]).toBeGreaterThan(0);
  await testInfo.attach('faults', { body: JSON.stringify(injected), contentType: 'application/json' });
  console.log(`fault proxy: ${JSON.stringify(injected)}`);
});

test('the audit crawl and the orphans scan of a namespace complete through the same bursts, retrying, with the seeded figures', async ({ page, seed }) => {
  test.setTimeout(120_000);
  // Every request fails again from its first attempt: each repository's tags/list twice, each tag and blob once.
  attempts.clear();
  const before = injected[503] + injected[429];
  const names = Object.keys(seed.repositories).filter((name) => name.startsWith('marketing/'));
  const tags = names.reduce((n, name) => n + Object.keys(seed.repositories[name]!.tags).length, 0);
  expect(names.length).toBeGreaterThan(1);

  await page.goto(`${app}/audit/marketing`);
  await page.getByRole('button', { name: 'Crawl namespace marketing/' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Crawl of namespace marketing/ complete.' })).toBeVisible({ timeout: 60_000 });
  const retried = Number(await page.getByTestId('crawl-retried').textContent());
  // At least every repository's tags/list failed (twice): each repository was asked again.
  expect(retried).toBeGreaterThanOrEqual(names.length);
  await expect(page.getByText(/^Errors:/)).toHaveCount(0);
  const namespace = page
    .getByRole('table', { name: 'Namespaces' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: /campaign10-18/ }) });
  await expect(namespace.locator('[data-column="repositories"]')).toHaveText(String(names.length));
  await expect(namespace.locator('[data-column="tags"]')).toHaveText(String(tags));
  const afterCrawl = injected[503] + injected[429];
  expect(afterCrawl - before).toBeGreaterThanOrEqual(names.length * 2 + tags);

  attempts.clear();
  await page.goto(`${app}/orphans?ns=marketing`);
  await page.getByRole('button', { name: 'Scan namespace marketing/' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Scanned namespace marketing/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/could not be scanned/)).toHaveCount(0);
  await expect(page.getByText('The scan failed')).toHaveCount(0);
  expect(injected[503] + injected[429] - afterCrawl).toBeGreaterThanOrEqual(names.length * 2 + tags);
});
