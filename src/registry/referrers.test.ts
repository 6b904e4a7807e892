// @vitest-environment node
import { http, HttpResponse } from 'msw';
import { createRegistryClient } from './client';
import { RegistryError } from './errors';
import { OCI_INDEX } from './manifests';
import { setupTestRegistry } from '../testing/test-server';

const { baseUrl, server } = setupTestRegistry();
const client = createRegistryClient({ baseUrl, fetch: (input, init) => fetch(input, init) });

const SUBJECT = `sha256:${'a'.repeat(64)}`;
const SBOM = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'b'.repeat(64)}`, size: 420, artifactType: 'application/spdx+json' };
const SIG = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 300, artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json' };

describe('listReferrers', () => {
  it('reports "unsupported" for distribution 2.8 (plain-text 404 from the fake)', async () => {
    await expect(client.listReferrers('team/app', SUBJECT)).resolves.toEqual({ supported: false, status: 404 });
  });

  it('reads the referrers index and follows Link pages', async () => {
    const paths: string[] = [];
    server.use(
      http.get(`${baseUrl}/v2/team/app/referrers/:digest`, ({ request }) => {
        const url = new URL(request.url);
        paths.push(url.pathname + url.search);
        expect(request.headers.get('Accept')).toContain(OCI_INDEX);
        if (url.searchParams.get('page') === '2') {
          return HttpResponse.json({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [SIG] }, { headers: { 'Content-Type': OCI_INDEX } });
        }
        return HttpResponse.json(
          { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [SBOM] },
          { headers: { 'Content-Type': OCI_INDEX, Link: `</v2/team/app/referrers/${SUBJECT}?page=2>; rel="next"` } },
        );
      }),
    );
    const answer = await client.listReferrers('team/app', SUBJECT);
    expect(answer).toEqual({ supported: true, descriptors: [SBOM, SIG], filtered: false });
    expect(paths).toEqual([`/v2/team/app/referrers/${SUBJECT}`, `/v2/team/app/referrers/${SUBJECT}?page=2`]);
  });

  it('passes artifactType and notices OCI-Filters-Applied', async () => {
    server.use(
      http.get(`${baseUrl}/v2/team/app/referrers/:digest`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('artifactType')).toBe('application/spdx+json');
        return HttpResponse.json({ schemaVersion: 2, manifests: [SBOM] }, { headers: { 'OCI-Filters-Applied': 'artifactType' } });
      }),
    );
    await expect(client.listReferrers('team/app', SUBJECT, { artifactType: 'application/spdx+json' })).resolves.toEqual({
      supported: true,
      descriptors: [SBOM],
      filtered: true,
    });
  });

  it('an empty answer is "supported, none"', async () => {
    server.use(http.get(`${baseUrl}/v2/team/app/referrers/:digest`, () => HttpResponse.json({ schemaVersion: 2, manifests: null })));
    await expect(client.listReferrers('team/app', SUBJECT)).resolves.toEqual({ supported: true, descriptors: [], filtered: false });
  });

  it('other failures are RegistryErrors, a malformed body too', async () => {
    server.use(http.get(`${baseUrl}/v2/team/app/referrers/:digest`, () => HttpResponse.json({ errors: [{ code: 'DENIED', message: 'no' }] }, { status: 403 })));
    await expect(client.listReferrers('team/app', SUBJECT)).rejects.toMatchObject({ status: 403, code: 'DENIED' });
    server.use(http.get(`${baseUrl}/v2/team/app/referrers/:digest`, () => HttpResponse.json({ manifests: [{ digest: 'nope' }] })));
    await expect(client.listReferrers('team/app', SUBJECT)).rejects.toMatchObject({ code: 'RESPONSE_MALFORMED' });
  });

  it('refuses a non-digest before sending anything', async () => {
    await expect(client.listReferrers('team/app', 'latest')).rejects.toBeInstanceOf(RegistryError);
  });
});
