// The registry API as the e2e specs check state behind the UI: plain requests, no code shared with
// the app. `base` is a registry or app origin; '' means the rig's app (Playwright's baseURL).
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Every manifest kind the seed pushes: without the list a registry may answer another form. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** HEAD /v2/<name>/manifests/<reference>, accepting every manifest kind. */
export function headManifest(request: APIRequestContext, name: string, reference: string, base = ''): Promise<APIResponse> {
  return request.head(`${base}/v2/${name}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
}

/** What HEAD by tag or digest says: the status and the Docker-Content-Digest it resolves to. */
export async function resolveManifest(request: APIRequestContext, name: string, reference: string, base = ''): Promise<{ status: number; digest?: string }> {
  const response = await headManifest(request, name, reference, base);
  return { status: response.status(), digest: response.headers()['docker-content-digest'] };
}

/** GET /v2/<name>/tags/list (must answer 200), sorted; distribution answers `tags: null` once the last tag is gone. */
export async function tagsOf(request: APIRequestContext, name: string, base = ''): Promise<string[]> {
  const response = await request.get(`${base}/v2/${name}/tags/list`);
  expect(response.status()).toBe(200);
  const { tags } = (await response.json()) as { tags: string[] | null };
  return (tags ?? []).sort();
}

/**
 * Uploads one blob and nothing else (POST an upload session, PUT ?digest= with the bytes), as a
 * push that fails before its manifest leaves it: distribution then lists the repository in
 * `_catalog`, and its tags/list answers 404 NAME_UNKNOWN. Returns the blob's digest.
 */
export async function pushBlobOnly(request: APIRequestContext, name: string, bytes: Buffer, base = ''): Promise<string> {
  const { createHash } = await import('node:crypto');
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const started = await request.post(`${base}/v2/${name}/blobs/uploads/`);
  expect(started.status()).toBe(202);
  const location = new URL(started.headers()['location'] ?? '', `${base || 'http://placeholder'}/`);
  location.searchParams.set('digest', digest);
  const put = await request.put(base ? location.href : location.pathname + location.search, {
    data: bytes,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(put.status()).toBe(201);
  return digest;
}

/**
 * Copies an image manifest to another repository as `docker tag` + push across repositories
 * does: its blobs mounted from `from` (201), then the exact manifest bytes under `tag`.
 */
export async function copyImage(request: APIRequestContext, from: string, reference: string, to: string, tag: string, base = ''): Promise<void> {
  const got = await request.get(`${base}/v2/${from}/manifests/${reference}`, { headers: { Accept: MANIFEST_ACCEPT } });
  expect(got.status()).toBe(200);
  const bytes = await got.body();
  const manifest = JSON.parse(bytes.toString('utf8')) as { config: { digest: string }; layers: { digest: string }[] };
  for (const blob of [manifest.config, ...manifest.layers]) {
    const mounted = await request.post(`${base}/v2/${to}/blobs/uploads/?mount=${blob.digest}&from=${from}`);
    expect(mounted.status()).toBe(201);
  }
  const put = await request.put(`${base}/v2/${to}/manifests/${tag}`, { data: bytes, headers: { 'Content-Type': got.headers()['content-type'] ?? '' } });
  expect(put.status()).toBe(201);
}
