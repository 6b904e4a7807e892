// deploy/nginx-tls.conf: the app over https with HTTP/2 in front of a registry, with a certificate
// made for this run.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { prepareWww, startNginx } from '../scripts/rig.ts';
import { expect, test } from './fixtures.ts';
import { ownRig } from './own-rig.ts';
import { rigDir } from './rig-env.ts';
import { RepositoryPage } from './pages/repository-page.ts';

test.use({ ignoreHTTPSErrors: true });

const rig = ownRig('tls');
let tlsUrl = '';

test.beforeAll(async ({ rig: env }) => {
  await rig.open();
  const cert = rig.path('cert.pem');
  const key = rig.path('key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  const www = await prepareWww(join(rigDir, 'www'), rig.path('www'), { registries: [{ name: 'tls', url: '' }] });
  const nginx = rig.add(await startNginx({ dir: rig.path('nginx'), wwwRoot: www, registryUrl: env.registryUrl, tls: { cert, key } }));
  tlsUrl = nginx.tlsUrl!;
});

test.afterAll(() => rig.close());

test('https with HTTP/2: a repository page loads its /v2/ requests over h2, with HSTS', async ({ page, seed }) => {
  const name = 'marketing/campaign10-18/web';
  const response = await page.goto(`${tlsUrl}/r/${name}`);
  expect(response!.headers()['strict-transport-security']).toBe('max-age=63072000');
  const repo = new RepositoryPage(page);
  const tags = seed.repositories[name]!.tags;
  await expect(repo.tagCount).toHaveText(new RegExp(`${Object.keys(tags).length} tags`));
  for (const [tag, record] of Object.entries(tags)) await expect(repo.row(tag).locator(`a[title="${record.digest}"]`)).toBeVisible();
  const protocols = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => new URL(entry.name).pathname.startsWith('/v2/'))
      .map((entry) => entry.nextHopProtocol),
  );
  expect(protocols.length).toBeGreaterThan(0);
  expect(new Set(protocols)).toEqual(new Set(['h2']));
});
