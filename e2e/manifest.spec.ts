// The manifest inspector against the real registry behind nginx: every figure must equal what the
// seeder pushed (e2e/.rig/seed.json).
import { expect, test } from './fixtures.ts';
import { exactBytes, exactBytesTitle, ManifestPage } from './pages/manifest-page.ts';
import { RepositoryPage } from './pages/repository-page.ts';

test('an image opened from the tag table: digest, layers, sizes, history, config and verified raw JSON', async ({ page, seed, rig }, testInfo) => {
  const name = 'marketing/campaign10-18/web';
  const tags = seed.repositories[name]!.tags;
  const record = tags.v1!;
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  // Let the tag table load every manifest: the inspector's "shared with" reads them from the cache.
  for (const other of Object.values(tags)) await expect(page.locator(`[title="${other.size} bytes"]`).first()).toBeVisible();
  await repo.row('v1').getByRole('link', { name: 'v1', exact: true }).click();

  await expect(page).toHaveURL(new RegExp(`/r/${name}/-/manifest/v1$`));
  const inspector = new ManifestPage(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${name}:v1`);
  await expect(inspector.digest).toHaveText(record.digest);
  await expect(inspector.kind).toHaveText('OCI image');
  await expect(page.getByText('Size (config + layers)').locator('..')).toContainText(exactBytes(record.size));
  await expect(page.getByText(`docker pull ${rig.loginServer}/${name}@${record.digest}`)).toBeVisible();
  await expect(page.getByText(`docker pull ${rig.loginServer}/${name}:v1`)).toBeVisible();
  const tagsHere = page.getByText('Tags pointing here').locator('..');
  await expect(tagsHere.getByRole('link')).toHaveText(['v1']);

  for (const heading of ['Layers', 'Configuration', 'Referrers', 'Raw manifest']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const layers = record.layers!;
  expect(await inspector.layerDigests()).toEqual(layers.map((l) => l.digest));
  expect(await inspector.layerSizes()).toEqual(layers.map((l) => l.size));
  let cumulative = 0;
  for (const [i, layer] of layers.entries()) {
    cumulative += layer.size;
    const row = inspector.layerRow(i + 1);
    // One line per size, the exact count in its tooltip.
    await expect(row.getByTitle(exactBytesTitle(layer.size), { exact: true }).first()).toBeVisible();
    await expect(row.getByTitle(exactBytesTitle(cumulative), { exact: true }).last()).toBeVisible();
    await expect(row).toContainText('gzip');
  }
  // History aligned to layers (the trailing CMD step has empty_layer and creates none).
  await expect(inspector.layerRow(2)).toContainText('apt-get install -y nodejs');
  await expect(inspector.layerRow(3)).toContainText('COPY dist/ /app/');
  // The base and runtime layers are in v2, v10 and latest too; the app layer is v1's own.
  await expect(inspector.layerRow(1)).toContainText('shared with 3 tags');
  await expect(inspector.layerRow(2)).toContainText('shared with 3 tags');
  await expect(inspector.layerRow(3)).toContainText('not shared');

  const config = inspector.section('Configuration');
  await expect(config.getByRole('table', { name: 'Environment' })).toContainText('APP_VERSION');
  await expect(config.getByRole('table', { name: 'Runtime' })).toContainText('["node","server.js"]');
  const source = config.getByRole('table', { name: 'Labels' }).getByRole('link', { name: 'https://github.com/example/regatta-samples' });
  await expect(source).toHaveAttribute('target', '_blank');
  await expect(source).toHaveAttribute('rel', 'noopener noreferrer');

  await expect(inspector.raw.getByRole('status')).toContainText(`sha256 verified: the`);
  await expect(inspector.raw.getByRole('status')).toContainText(record.digest);
  await expect(inspector.raw.getByLabel('manifest JSON', { exact: true })).toContainText('"schemaVersion": 2');
  const download = page.waitForEvent('download');
  await inspector.raw.getByRole('button', { name: 'Download manifest bytes' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`${record.digest.replace(':', '-')}.manifest.json`);
  const fs = await import('node:fs/promises');
  const crypto = await import('node:crypto');
  const bytes = await fs.readFile(await saved.path());
  expect(`sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`).toBe(record.digest);

  await inspector.raw.getByRole('button', { name: 'Config' }).click();
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
  await expect(inspector.raw.getByLabel('config JSON', { exact: true })).toContainText('"APP_VERSION=v1"');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await testInfo.attach('manifest', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('a Docker image is named as one', async ({ page, seed }) => {
  const record = seed.repositories['marketing/campaign10-18/api']!.tags['1.0']!;
  const inspector = new ManifestPage(page);
  await inspector.goto('marketing/campaign10-18/api', '1.0');
  await expect(inspector.kind).toHaveText('Docker image');
  expect(await inspector.layerDigests()).toEqual(record.layers!.map((l) => l.digest));
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
});

test('an index lists its platforms; each child opens and knows its index', async ({ page, seed }) => {
  const name = 'samples/multiarch';
  const record = seed.repositories[name]!.tags['1.0']!;
  const inspector = new ManifestPage(page);
  await inspector.goto(name, '1.0');
  await expect(inspector.kind).toHaveText('multi-arch index');
  await expect(inspector.digest).toHaveText(record.digest);
  const rows = inspector.platforms.getByRole('row');
  await expect(rows).toHaveCount(record.platforms!.length + 1);
  for (const platform of record.platforms!) {
    const row = inspector.platforms.getByRole('row').filter({ hasText: platform.digest });
    await expect(row).toContainText([platform.os, platform.architecture, platform.variant].filter(Boolean).join('/'));
    await expect(row.getByTestId('platform-size')).toContainText(exactBytes(platform.size));
  }
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');

  const arm = record.platforms!.find((p) => p.architecture === 'arm64')!;
  await inspector.platforms.getByRole('link', { name: 'linux/arm64/v8' }).click();
  await expect(page).toHaveURL(new RegExp(`/-/manifest/${arm.digest}$`));
  await expect(inspector.digest).toHaveText(arm.digest);
  await expect(inspector.kind).toHaveText('OCI image');
  await expect(inspector.layers.getByRole('row')).toHaveCount(3);
  await expect(page.getByText('Contained in index').locator('..').getByRole('link', { name: '1.0' })).toBeVisible();
  await expect(inspector.section('Configuration').getByRole('table', { name: 'Platform' })).toContainText('arm64');

  await page.goBack();
  const windows = record.platforms!.find((p) => p.os === 'windows')!;
  await inspector.platforms.getByRole('link', { name: /^windows\/amd64/ }).click();
  await expect(inspector.digest).toHaveText(windows.digest);
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
});

test('a Helm chart shows its kind, config media type, layers and chart fields', async ({ page, seed }) => {
  const chart = seed.inspector!.chart;
  const inspector = new ManifestPage(page);
  await inspector.goto(chart.repository, chart.tag);
  await expect(inspector.kind).toHaveText('Helm chart');
  await expect(inspector.digest).toHaveText(chart.digest);
  await expect(page.getByText('Artifact type').locator('..')).toContainText(chart.configMediaType);
  expect(await inspector.layerDigests()).toEqual(chart.layers.map((l) => l.digest));
  expect(await inspector.layerSizes()).toEqual(chart.layers.map((l) => l.size));
  const fields = inspector.section('Configuration').getByRole('table', { name: 'Config fields' });
  await expect(fields.getByRole('row', { name: /version/ }).first()).toContainText(chart.chartVersion);
  await expect(fields).toContainText(chart.chartName);
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');
});

test('a signature and an SBOM appear under Referrers through the tag schema fallback', async ({ page, seed }) => {
  const signed = seed.inspector!.signed;
  const inspector = new ManifestPage(page);
  await inspector.goto(signed.repository, signed.tag);
  await expect(inspector.digest).toHaveText(signed.digest);
  const referrers = inspector.section('Referrers');
  // distribution 2.8 has no referrers API: plain-text 404, so the tag schema is used.
  await expect(referrers).toContainText('This registry has no referrers API (HTTP 404)');
  await expect(inspector.referrers.getByRole('row')).toHaveCount(3);

  const signature = inspector.referrerRow(signed.signature.digest);
  await expect(signature).toContainText('signature');
  await expect(signature).toContainText(`tag ${signed.signature.tag}`);
  await expect(signature).toContainText(exactBytes(signed.signature.size));

  const sbom = inspector.referrerRow(signed.sbom.digest);
  await expect(sbom).toContainText('SBOM/attestation');
  await expect(sbom).toContainText(signed.sbom.artifactType);
  await expect(sbom).toContainText(exactBytes(signed.sbom.size));
  await expect(sbom).toContainText(`tag ${signed.referrersTag}`);

  // A label that is not http(s) stays text.
  const labels = inspector.section('Configuration').getByRole('table', { name: 'Labels' });
  await expect(labels.getByText('javascript:alert(1)')).toBeVisible();
  await expect(labels.getByRole('link', { name: 'javascript:alert(1)' })).toHaveCount(0);
  await expect(labels.getByRole('link', { name: 'https://example.com/docs' })).toBeVisible();

  await sbom.getByRole('link', { name: signed.sbom.digest }).click();
  await expect(inspector.kind).toHaveText('SBOM/attestation');
  await expect(page.getByText('Artifact type').locator('..')).toContainText(signed.sbom.artifactType);
  await expect(page.getByRole('link', { name: signed.digest, exact: true })).toHaveAttribute('href', `/r/${signed.repository}/-/manifest/${signed.digest}`);
  await expect(inspector.raw.getByRole('status')).toContainText('sha256 verified');

  await inspector.goto(signed.repository, signed.signature.tag);
  await expect(inspector.kind).toHaveText('signature');
});

test('a reference that does not exist is a clear error, not a blank page', async ({ page }) => {
  const inspector = new ManifestPage(page);
  await inspector.goto('samples/myimage', 'no-such-tag');
  await expect(page.getByRole('alert')).toContainText('Tag no-such-tag not found in samples/myimage');
  await inspector.goto('samples/myimage', `sha256:${'0'.repeat(64)}`);
  await expect(page.getByRole('alert')).toContainText('not found in samples/myimage');
  await expect(page.getByRole('alert')).toContainText('MANIFEST_UNKNOWN');
});

test('an index has one created date in the tag table and the inspector: its newest platform', async ({ page, seed }) => {
  const name = 'samples/multiarch';
  const record = seed.repositories[name]!.tags['1.0']!;
  const newest = new Date(record.created).toISOString();
  const repo = new RepositoryPage(page);
  await repo.goto(name);
  await expect(repo.row('1.0').locator('time')).toHaveAttribute('datetime', newest);

  await repo.row('1.0').getByRole('link', { name: '1.0', exact: true }).click();
  const created = page.getByText('Created', { exact: true }).locator('..').locator('time');
  await expect.poll(async () => new Date((await created.getAttribute('datetime')) ?? '').toISOString()).toBe(newest);
});

test('a platform manifest opened by its digest still knows its index', async ({ page, seed }) => {
  const name = 'samples/multiarch';
  const arm = seed.repositories[name]!.tags['1.0']!.platforms!.find((p) => p.architecture === 'arm64')!;
  const inspector = new ManifestPage(page);
  await inspector.goto(name, arm.digest);
  await expect(inspector.kind).toHaveText('OCI image');
  await expect(page.getByText('Contained in index').locator('..').getByRole('link', { name: '1.0' })).toBeVisible();
});

test('a layer digest opens the layer page', async ({ page, seed }) => {
  const name = 'marketing/campaign10-18/web';
  const layer = seed.repositories[name]!.tags['v1']!.layers![0]!;
  const inspector = new ManifestPage(page);
  await inspector.goto(name, 'v1');
  await inspector.layerRow(1).getByRole('link', { name: layer.digest }).click();
  await expect(page).toHaveURL(new RegExp(`/layers/${layer.digest}$`));
  await expect(page.getByText(layer.digest, { exact: true })).toBeVisible();
});
