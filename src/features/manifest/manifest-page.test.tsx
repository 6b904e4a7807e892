import { screen, waitFor, within } from '@testing-library/react';
import schema1Text from '../../registry/fixtures/schema1-distribution-2.8.2.json?raw';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { makeLayer, pushImage, pushIndex, tagExisting } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { ManifestPage } from './manifest-page';
import { gzipLayer, OCI_INDEX, OCI_MANIFEST, pushManifest, pushReferrersIndex } from './manifest-fixtures';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });

const REPO = 'team/app';

function renderManifest(reference: string, name = REPO) {
  const client = createTestClient(baseUrl);
  return renderWithProviders(<ManifestPage />, { route: `/r/${name}/-/manifest/${reference}`, path: '/r/*', registry: { client, loginServer: 'registry.test' } });
}

const section = (name: string) => screen.getByRole('region', { name });
const bytes = (n: number) => `${new Intl.NumberFormat('en-US').format(n)} B`;
const exactTitle = (n: number) => `${new Intl.NumberFormat('en-US').format(n)} bytes`;

describe('manifest page of an image', () => {
  it('shows header, layers with history, config, referrers and the verified raw JSON', async () => {
    const base = makeLayer('base', 8192);
    const image = await pushImage(fake, REPO, {
      tags: ['v1', 'also-v1'],
      sharedLayers: [base],
      layers: [4096],
      labels: { 'org.opencontainers.image.source': 'https://github.com/example/app', evil: 'javascript:alert(1)', html: '<img src=x onerror=alert(1)>' },
      env: ['PATH=/usr/bin', 'APP_VERSION=1'],
      exposedPorts: ['8080/tcp'],
    });
    await pushImage(fake, REPO, { tags: ['v2'], sharedLayers: [base], layers: [1024] });

    renderManifest('v1');
    expect(await screen.findByTestId('manifest-digest')).toHaveTextContent(image.digest);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('team/app:v1');
    expect(screen.getByTestId('manifest-kind')).toHaveTextContent('OCI image');
    expect(screen.getByText(`docker pull registry.test/team/app@${image.digest}`)).toBeInTheDocument();
    expect(screen.getByText('docker pull registry.test/team/app:v1')).toBeInTheDocument();
    // Every tag on this digest, from the tags' HEADs (v2 is another image).
    await waitFor(() => expect(screen.queryByText(/checking tags/)).not.toBeInTheDocument());
    const tagsField = screen.getByText('Tags pointing here').parentElement as HTMLElement;
    expect(within(tagsField).getAllByRole('link').map((a) => a.textContent)).toEqual(['also-v1', 'v1']);
    expect(screen.getByRole('link', { name: 'Compare with…' })).toHaveAttribute('href', `/r/${REPO}/-/diff/v1..v2`);

    for (const title of ['Layers', 'Configuration', 'Referrers', 'Raw manifest']) expect(screen.getByRole('heading', { level: 2, name: title })).toBeInTheDocument();

    const layers = within(section('Layers')).getByRole('table', { name: 'Layers' });
    const rows = within(layers).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [first, second] = image.layers;
    expect(rows[0]).toHaveTextContent(first?.digest ?? '');
    // Sizes on one line, the exact count in the tooltip.
    expect(within(rows[0] as HTMLElement).getAllByTitle(exactTitle(first?.size ?? 0))).not.toHaveLength(0);
    expect(rows[1]).toHaveTextContent(second?.digest ?? '');
    // Each layer digest opens the layer page: who else uses it.
    expect(within(rows[0] as HTMLElement).getByRole('link', { name: first?.digest ?? '' })).toHaveAttribute('href', `/layers/${first?.digest ?? ''}`);
    // Cumulative: both layers together.
    expect(within(rows[1] as HTMLElement).getByTitle(exactTitle((first?.size ?? 0) + (second?.size ?? 0)))).toBeInTheDocument();
    // History aligned: the empty WORKDIR step belongs before layer 2, the ADD to layer 1.
    await waitFor(() => expect(rows[0]).toHaveTextContent(/ADD file:/));
    expect(rows[1]).toHaveTextContent('WORKDIR /app');
    expect(rows[1]).toHaveTextContent('COPY package*.json ./');
    expect(within(layers).getByRole('columnheader', { name: 'Created by' })).toBeInTheDocument();

    const config = section('Configuration');
    expect(within(config).getByRole('table', { name: 'Environment' })).toHaveTextContent('APP_VERSION');
    expect(within(config).getByRole('table', { name: 'Exposed ports' })).toHaveTextContent('8080/tcp');
    const labels = within(config).getByRole('table', { name: 'Labels' });
    const link = within(labels).getByRole('link', { name: 'https://github.com/example/app' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(labels).getAllByRole('link')).toHaveLength(1);
    expect(within(labels).getByText('javascript:alert(1)')).toBeInTheDocument();
    expect(within(labels).getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();

    const referrers = section('Referrers');
    expect(await within(referrers).findByText(/This registry has no referrers API \(HTTP 404\)/)).toBeInTheDocument();
    expect(await within(referrers).findByText(/No signatures, SBOMs or attestations/)).toBeInTheDocument();

    const raw = section('Raw manifest');
    expect(await within(raw).findByText(/sha256 verified/)).toHaveTextContent(image.digest);
    expect(within(raw).getByLabelText('manifest JSON').textContent).toContain('"schemaVersion": 2');
    expect(within(raw).getByRole('button', { name: 'Download manifest bytes' })).toBeInTheDocument();
    await screen.findByRole('button', { name: 'Config' }).then((button) => button.click());
    expect(await within(raw).findByText(/sha256 verified/)).toHaveTextContent(image.configDigest);
  });

  it('marks layers other known manifests use', async () => {
    const base = makeLayer('base', 8192);
    await pushImage(fake, REPO, { tags: ['v1'], sharedLayers: [base], layers: [4096] });
    await pushImage(fake, REPO, { tags: ['v2', 'v2b'], sharedLayers: [base], layers: [1024] });
    renderManifest('v1');
    const layers = await screen.findByRole('table', { name: 'Layers' });
    const loadAll = await within(section('Layers')).findByRole('button', { name: /Load the 1 other tagged manifest/ });
    loadAll.click();
    await waitFor(() => expect(within(layers).getAllByRole('row')[1]).toHaveTextContent('shared with 2 tags'));
    expect(within(layers).getAllByRole('row')[2]).toHaveTextContent('not shared');
  });
});

describe('manifest page of an index', () => {
  it('lists one row per platform, opening each child, which knows its index', async () => {
    const index = await pushIndex(fake, REPO, {
      tags: ['multi'],
      created: '2026-02-03T04:05:06Z',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    const { user, location } = renderManifest('multi');
    expect(await screen.findByTestId('manifest-kind')).toHaveTextContent('multi-arch index');
    const platforms = await screen.findByRole('table', { name: 'Platforms' });
    const rows = within(platforms).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [amd64, arm64] = index.children;
    expect(rows[1]).toHaveTextContent(arm64?.digest ?? '');
    // The shared table rules: the digest shortened by width with a copy button beside it.
    expect(within(rows[1] as HTMLElement).getByRole('button', { name: `Copy digest of linux/arm64/v8 ${(arm64?.digest ?? '').slice(0, 19)}` })).toBeInTheDocument();
    await waitFor(() => expect(rows[1]).toHaveTextContent(bytes(arm64?.size ?? 0)));
    expect(screen.queryByRole('heading', { name: 'Layers' })).not.toBeInTheDocument();
    // Created as the tag table has it: the newest platform's config (the index has no annotation).
    const createdField = screen.getByText('Created').parentElement as HTMLElement;
    await waitFor(() => expect(createdField.querySelector('time')).toHaveAttribute('dateTime', '2026-02-03T04:05:06Z'));

    await user.click(within(platforms).getByRole('link', { name: 'linux/amd64' }));
    expect(location()).toBe(`/r/${REPO}/-/manifest/${amd64?.digest}`);
    expect(await screen.findByRole('table', { name: 'Layers' })).toBeInTheDocument();
    expect(screen.getByTestId('manifest-kind')).toHaveTextContent('OCI image');
    const contained = screen.getByText('Contained in index').parentElement as HTMLElement;
    expect(await within(contained).findByRole('link', { name: 'multi' })).toBeInTheDocument();
  });

  it('a platform manifest opened by its digest finds its index among the tagged indexes', async () => {
    const index = await pushIndex(fake, REPO, { tags: ['multi', 'multi-latest'], platforms: [{ os: 'linux', architecture: 'amd64' }] });
    await pushImage(fake, REPO, { tags: ['plain'] });
    const [amd64] = index.children;
    renderManifest(amd64?.digest ?? '');
    expect(await screen.findByTestId('manifest-kind')).toHaveTextContent('OCI image');
    const contained = screen.getByText('Contained in index').parentElement as HTMLElement;
    expect(await within(contained).findByRole('link', { name: 'multi, multi-latest' })).toHaveAttribute('href', `/r/${REPO}/-/manifest/multi`);
    // Only the index is fetched besides the opened manifest: the plain image's HEAD said it is no index.
    const gets = fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).map((r) => r.path.split('/').pop());
    expect(gets.sort()).toEqual([amd64?.digest, index.digest].sort());
  });
});

describe('bad input', () => {
  it('a tag that does not exist: a clear message', async () => {
    await pushImage(fake, REPO, { tags: ['v1'] });
    renderManifest('nope');
    expect(await screen.findByText(/Tag/)).toHaveTextContent('Tag nope not found in team/app');
  });

  it('a digest that does not exist: 404 MANIFEST_UNKNOWN explained', async () => {
    await pushImage(fake, REPO, { tags: ['v1'] });
    renderManifest(`sha256:${'0'.repeat(64)}`);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(`Manifest sha256:${'0'.repeat(64)} not found in team/app`);
    expect(alert).toHaveTextContent('MANIFEST_UNKNOWN');
  });

  it('an invalid reference is refused without asking the registry', async () => {
    renderManifest('Bad..Tag!');
    expect(await screen.findByRole('alert')).toHaveTextContent('is neither a tag nor a sha256 digest');
    expect(fake.requests).toEqual([]);
  });

  it('a config that is not JSON: the config panel says so, the layers still render', async () => {
    const pushed = await pushManifest(fake, REPO, 'broken', {
      configMediaType: 'application/vnd.oci.image.config.v1+json',
      config: 'this is { not json',
      layers: [gzipLayer('a'), gzipLayer('b')],
    });
    renderManifest('broken');
    const config = await screen.findByRole('region', { name: 'Configuration' });
    expect(await within(config).findByRole('alert')).toHaveTextContent(/Could not read the image configuration.*CONFIG_MALFORMED.*not valid JSON/s);
    const rows = within(screen.getByRole('table', { name: 'Layers' })).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByTestId('layer-digest').textContent)).toEqual(pushed.layers.map((l) => l.digest));
    expect(within(section('Layers')).getByText(/image configuration could not be read/)).toBeInTheDocument();
  });

  it('a config blob that 404s: the config panel shows BLOB_UNKNOWN', async () => {
    const pushed = await pushManifest(fake, REPO, 'noconfig', { configMediaType: 'application/vnd.oci.image.config.v1+json', config: { os: 'linux' }, layers: [gzipLayer('a')] });
    const manifest = JSON.parse(new TextDecoder().decode(fake.getManifest(REPO, pushed.digest)?.bytes)) as { config: { digest: string } };
    fake.deleteBlob(REPO, manifest.config.digest);
    renderManifest('noconfig');
    const config = await screen.findByRole('region', { name: 'Configuration' });
    expect(await within(config).findByRole('alert')).toHaveTextContent('BLOB_UNKNOWN');
    expect(screen.getByRole('table', { name: 'Layers' })).toBeInTheDocument();
  });

  it('a 4 MB manifest (just under the 4 MiB cap): layers render, the raw view shows the start and still verifies the digest', async () => {
    const huge = 'x'.repeat(4 * 1024 * 1024 - 4096);
    const pushed = await pushManifest(fake, REPO, 'huge', {
      configMediaType: 'application/vnd.oci.image.config.v1+json',
      config: { os: 'linux', architecture: 'amd64' },
      layers: [gzipLayer('a')],
      annotations: { 'com.example.blob': huge },
    });
    renderManifest('huge');
    expect(await screen.findByRole('table', { name: 'Layers' })).toBeInTheDocument();
    const annotations = screen.getByRole('table', { name: 'Manifest annotations' });
    expect(annotations).toHaveTextContent(`(${huge.length} characters in all: copy for the rest)`);
    expect(annotations.textContent?.length ?? 0).toBeLessThan(5000);
    const raw = section('Raw manifest');
    expect(within(raw).getByText(/Showing the first 1048576 of \d+ bytes/)).toBeInTheDocument();
    expect(await within(raw).findByText(/sha256 verified/)).toHaveTextContent(pushed.digest);
  });

  it('a manifest past the 4 MiB cap ends in a clear BODY_TOO_LARGE error, not a stuck page', async () => {
    await pushManifest(fake, REPO, 'too-big', {
      configMediaType: 'application/vnd.oci.image.config.v1+json',
      config: { os: 'linux', architecture: 'amd64' },
      layers: [gzipLayer('a')],
      annotations: { 'com.example.blob': 'x'.repeat(5 * 1024 * 1024) },
    });
    renderManifest('too-big');
    expect(await screen.findByText(/BODY_TOO_LARGE/)).toBeInTheDocument();
  });

  it.each([
    ['a manifest without layers', 'application/vnd.oci.image.manifest.v1+json', '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:' + 'a'.repeat(64) + '","size":2}}', /is not a valid manifest.*MANIFEST_MALFORMED.*layers/s],
  ])('%s: a clear message', async (_case, contentType, body, message) => {
    server.use(
      http.get(`${baseUrl}/v2/${REPO}/manifests/odd`, () => new HttpResponse(body, { headers: { 'Content-Type': contentType } })),
      http.head(`${baseUrl}/v2/${REPO}/manifests/odd`, () => new HttpResponse(null, { headers: { 'Content-Type': contentType } })),
    );
    renderManifest('odd');
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('a Docker schema 1 manifest as distribution 2.8.2 serves it: kind, layers, platform, digest verified over the payload', async () => {
    // Real bytes and headers (src/registry/fixtures/README.md); the registry re-signs on every GET.
    const digest = 'sha256:07ad41507a25589a6e18a77829c0dcceecf76e113d05f02722755d3b2e9c3eb4';
    const headers = { 'Content-Type': 'application/vnd.docker.distribution.manifest.v1+prettyjws', 'Docker-Content-Digest': digest };
    const manifestUrl = new RegExp(`/v2/${REPO}/manifests/(old|${digest})$`);
    server.use(
      http.get(manifestUrl, () => new HttpResponse(schema1Text, { headers })),
      http.head(manifestUrl, () => new HttpResponse(null, { headers: { ...headers, 'Content-Length': String(new TextEncoder().encode(schema1Text).byteLength) } })),
    );
    renderManifest('old');
    expect(await screen.findByTestId('manifest-kind')).toHaveTextContent('Docker schema 1 (deprecated)');
    expect(screen.getByTestId('manifest-digest')).toHaveTextContent(digest);
    const layers = screen.getByRole('table', { name: 'Layers' });
    expect(within(layers).getAllByTestId('layer-digest').map((cell) => cell.textContent)).toEqual([
      'sha256:815a53a15b379dde93ff6fb0e5b19b3d215d86747b2628235f902c483b304866',
      'sha256:7be5f765bc7a5bafbcbe74675e4e81e25fb4212e7e03a8b7d5ad0e69b867b20a',
      'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4',
    ]);
    expect(within(layers).getByRole('row', { name: 'Layer 1' })).toHaveTextContent('ADD rootfs /');
    expect(within(layers).getByRole('row', { name: 'Layer 1' })).toHaveTextContent('unknown');
    expect(screen.getByText('Platform').parentElement).toHaveTextContent('linux/amd64');
    const raw = section('Raw manifest');
    expect(await within(raw).findByText(/sha256 verified/)).toHaveTextContent(digest);
    expect(raw).toHaveTextContent('the 1452-byte payload without the JWS signatures');
    expect(within(raw).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(layers).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a manifest served with an unknown media type: a clear message', async () => {
    server.use(
      http.get(`${baseUrl}/v2/${REPO}/manifests/weird`, () => new HttpResponse('{"schemaVersion":2}', { headers: { 'Content-Type': 'application/vnd.example.weird+json' } })),
      http.head(`${baseUrl}/v2/${REPO}/manifests/weird`, () => new HttpResponse(null, { headers: { 'Content-Type': 'application/vnd.example.weird+json' } })),
    );
    renderManifest('weird');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('UNSUPPORTED_MEDIA_TYPE');
    expect(alert).toHaveTextContent('application/vnd.example.weird+json');
  });
});

describe('artifacts and referrers', () => {
  it('a Helm chart: kind, artifact type and chart fields, no image history', async () => {
    await pushManifest(fake, 'charts/web', '0.1.0', {
      configMediaType: 'application/vnd.cncf.helm.config.v1+json',
      config: { name: 'web', version: '0.1.0', apiVersion: 'v2', home: 'https://example.com/web' },
      layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', bytes: makeLayer('chart', 2048) }],
    });
    renderManifest('0.1.0', 'charts/web');
    expect(await screen.findByTestId('manifest-kind')).toHaveTextContent('Helm chart');
    expect(screen.getByTestId('manifest-kind').querySelector('[data-kind-icon="helm-chart"]')).not.toBeNull();
    expect(screen.getByText('application/vnd.cncf.helm.config.v1+json', { selector: 'dd code' })).toBeInTheDocument();
    const fields = await screen.findByRole('table', { name: 'Config fields' });
    expect(fields).toHaveTextContent('version');
    expect(within(fields).getByRole('link', { name: 'https://example.com/web' })).toBeInTheDocument();
    expect(within(section('Layers')).getByText(/no image configuration/)).toBeInTheDocument();
  });

  it('finds a cosign signature and an SBOM through the tag schema', async () => {
    const image = await pushImage(fake, REPO, { tags: ['v1'] });
    const hex = image.digest.slice(7);
    const subject = { mediaType: OCI_MANIFEST, digest: image.digest, size: image.manifestSize };
    const sbom = await pushManifest(fake, REPO, 'sbom-tmp', {
      configMediaType: 'application/vnd.oci.empty.v1+json',
      config: {},
      layers: [{ mediaType: 'application/spdx+json', bytes: new TextEncoder().encode('{"spdxVersion":"SPDX-2.3"}') }],
      artifactType: 'application/spdx+json',
      subject,
    });
    await pushReferrersIndex(fake, REPO, `sha256-${hex}`, [
      { mediaType: OCI_MANIFEST, digest: sbom.digest, size: sbom.size, artifactType: 'application/spdx+json', annotations: { 'org.opencontainers.image.created': '2026-02-01T10:00:00Z' } },
    ]);
    const signature = await pushManifest(fake, REPO, `sha256-${hex}.sig`, {
      configMediaType: 'application/vnd.oci.image.config.v1+json',
      config: { architecture: '', os: '' },
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', bytes: new TextEncoder().encode('{"critical":{}}') }],
    });
    renderManifest('v1');
    const table = await screen.findByRole('table', { name: 'Referrers' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    const sbomRow = within(table).getByRole('row', { name: new RegExp(sbom.digest) });
    expect(sbomRow).toHaveTextContent('SBOM/attestation');
    expect(sbomRow).toHaveTextContent('application/spdx+json');
    expect(sbomRow).toHaveTextContent(`tag sha256-${hex}`);
    const sigRow = within(table).getByRole('row', { name: new RegExp(signature.digest) });
    expect(sigRow).toHaveTextContent('signature');
    expect(sigRow).toHaveTextContent(`tag sha256-${hex}.sig`);
    expect(within(sigRow).getByRole('link')).toHaveAttribute('href', `/r/${REPO}/-/manifest/${signature.digest}`);
    // The shared table rules: a shortened digest with its copy button, relative times, a kind icon.
    expect(within(sigRow).getByRole('button', { name: `Copy digest of signature sha256:${signature.digest.slice(7, 19)}` })).toBeInTheDocument();
    expect(sigRow.querySelector('[data-kind-icon="signature"]')).not.toBeNull();
    expect(sbomRow.querySelector('[data-kind-icon="attestation"]')).not.toBeNull();
    expect(within(sbomRow).getByText(/ ago$/)).toHaveAttribute('datetime', '2026-02-01T10:00:00.000Z');
  });

  it('uses the referrers API where the registry has one', async () => {
    const image = await pushImage(fake, REPO, { tags: ['v1'] });
    const referrer = { mediaType: OCI_MANIFEST, digest: `sha256:${'d'.repeat(64)}`, size: 777, artifactType: 'application/vnd.cncf.notary.signature' };
    server.use(http.get(`${baseUrl}/v2/${REPO}/referrers/${image.digest}`, () => HttpResponse.json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [referrer] })));
    renderManifest('v1');
    const table = await screen.findByRole('table', { name: 'Referrers' });
    const row = within(table).getByRole('row', { name: new RegExp(referrer.digest) });
    expect(row).toHaveTextContent('signature');
    expect(row).toHaveTextContent('referrers API');
    expect(screen.queryByText(/no referrers API/)).not.toBeInTheDocument();
  });

  it('a referrer links back to its subject', async () => {
    const image = await pushImage(fake, REPO, { tags: ['v1'] });
    const sbom = await pushManifest(fake, REPO, 'sbom', {
      configMediaType: 'application/vnd.oci.empty.v1+json',
      config: {},
      layers: [{ mediaType: 'application/spdx+json', bytes: new TextEncoder().encode('{}') }],
      artifactType: 'application/spdx+json',
      subject: { mediaType: OCI_MANIFEST, digest: image.digest, size: image.manifestSize },
    });
    renderManifest(sbom.digest);
    expect(await screen.findByTestId('manifest-kind')).toHaveTextContent('SBOM/attestation');
    expect(screen.getByRole('link', { name: image.digest })).toHaveAttribute('href', `/r/${REPO}/-/manifest/${image.digest}`);
  });
});

describe('tags', () => {
  it('a digest reference lists every tag on it and pulls by the first', async () => {
    const image = await pushImage(fake, REPO, { tags: ['b'] });
    await tagExisting(fake, REPO, 'a', image.digest);
    renderManifest(image.digest);
    expect(await screen.findByText('docker pull registry.test/team/app:a')).toBeInTheDocument();
  });
});
