import 'fake-indexeddb/auto';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { renderWithProviders } from '../../app/render-with-providers';
import { createIndexClient, type IndexManifest } from '../../registry/index-client';
import { pushImage, type PushedImage } from '../../testing/fake-images';
import { createTestClient, noAcrApi, setupTestRegistry } from '../../testing/test-server';
import { CleanupPage } from './cleanup-page';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
const INDEX = 'http://index.test';
beforeEach(() => server.use(noAcrApi(baseUrl)));

const client = () => createTestClient(baseUrl);
const index = () => createIndexClient({ baseUrl: INDEX, fetch: (...args) => fetch(...args) });

function manifest(image: PushedImage, tags: string[], created: string): IndexManifest {
  return {
    digest: image.digest,
    mediaType: image.mediaType,
    size: image.manifestSize,
    imageSize: image.size,
    created,
    platform: null,
    subject: null,
    parentIndexes: [],
    children: [],
    tags,
    pushedAt: created,
    untaggedSince: null,
    reclaimableBytes: 0,
  };
}

/** The index's view of each repository, as of when the test sets it (it may be stale by then). */
function serveIndex(manifests: Record<string, IndexManifest[]>) {
  const asked: string[] = [];
  server.use(
    http.get(`${INDEX}/index/v1/status`, () => HttpResponse.json({ schemaVersion: 1, lastScan: { at: '2026-12-01T10:00:00.000Z' }, eventsEnabled: true })),
    http.get(`${INDEX}/index/v1/repositories/*`, ({ request }) => {
      const path = decodeURIComponent(new URL(request.url).pathname);
      const name = /^\/index\/v1\/repositories\/(.+)\/-\/manifests$/.exec(path)?.[1] ?? '';
      asked.push(name);
      const known = manifests[name];
      if (!known) return HttpResponse.json({ error: { code: 'NOT_INDEXED', message: `${name} is not in the index (yet)` } }, { status: 404 });
      return HttpResponse.json({ repository: name, manifests: known });
    }),
  );
  return asked;
}

async function fill(user: ReturnType<typeof renderWithProviders>['user'], label: RegExp, value: string) {
  const input = screen.getByLabelText(label);
  await user.clear(input);
  if (value) await user.type(input, value.replace(/[[{]/g, '$&$&'));
}

async function dryRun(user: ReturnType<typeof renderWithProviders>['user']) {
  await fill(user, /Older than/, '');
  await fill(user, /Keep the newest/, '1');
  await user.click(screen.getByRole('button', { name: 'Dry run' }));
}

describe('cleanup dry run from a registry index', () => {
  it('plans from the index (untagged manifests included), says so, and the run removes exactly that', async () => {
    const v1 = await pushImage(fake, 'svc/api', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    const v2 = await pushImage(fake, 'svc/api', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    // Pushed by digest only: the digest ledger could never know it, the index does.
    const loose = await pushImage(fake, 'svc/api', { tags: [], created: '2024-06-01T00:00:00Z', seed: 'loose' });
    const asked = serveIndex({
      'svc/api': [manifest(v2, ['v2'], '2025-02-01T00:00:00Z'), manifest(v1, ['v1'], '2025-01-01T00:00:00Z'), { ...manifest(loose, [], '2024-06-01T00:00:00Z'), untaggedSince: '2024-06-01T00:00:00Z' }],
    });
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client(), index: index() } });
    expect(await screen.findByText(/Source: the registry index/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Include untagged manifests' }));
    await dryRun(user);

    const plan = await screen.findByRole('region', { name: 'Plan for svc/api' });
    expect(screen.getByText(/From the index, as of/).closest('p')).toHaveTextContent(/From the index, as of .*\(1 repository\): tags, digests, dates and sizes/);
    const deletes = within(plan).getAllByRole('row').filter((r) => r.dataset.action === 'delete');
    expect(deletes.map((r) => r.textContent)).toEqual([expect.stringContaining('v1'), expect.stringContaining(loose.digest.slice(7, 19))]);
    expect(asked).toEqual(['svc/api']);

    await user.click(screen.getByRole('button', { name: 'Run (2 operations)' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Run cleanup' }));
    expect(await screen.findByRole('region', { name: 'Run report' })).toHaveTextContent('2 done');
    expect(fake.getManifest('svc/api', v1.digest)).toBeUndefined();
    expect(fake.getManifest('svc/api', loose.digest)).toBeUndefined();
    expect(fake.listTags('svc/api')).toEqual(['v2']);
    expect(fake.getManifest('svc/api', 'v2')?.digest).toBe(v2.digest);
  });

  it('a stale index never removes more: a tag that moved since the index answer is skipped and reported', async () => {
    const v1 = await pushImage(fake, 'svc/web', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    const v2 = await pushImage(fake, 'svc/web', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    serveIndex({ 'svc/web': [manifest(v2, ['v2'], '2025-02-01T00:00:00Z'), manifest(v1, ['v1'], '2025-01-01T00:00:00Z')] });
    // v1 is pushed again after the index's answer: the index still says v1 → the old image.
    const moved = await pushImage(fake, 'svc/web', { tags: ['v1'], created: '2025-03-01T00:00:00Z', seed: '3' });
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client(), index: index() } });
    await screen.findByText(/Source: the registry index/);
    await dryRun(user);
    const plan = await screen.findByRole('region', { name: 'Plan for svc/web' });
    expect(within(plan).getAllByRole('row').filter((r) => r.dataset.action === 'delete').map((r) => r.textContent)).toEqual([expect.stringContaining('v1')]);

    await user.click(screen.getByRole('button', { name: 'Run (1 operation)' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Run cleanup' }));
    const report = await screen.findByRole('region', { name: 'Run report' });
    expect(report).toHaveTextContent('1 skipped-changed');
    expect(report).toHaveTextContent(/v1/);
    expect(fake.getManifest('svc/web', v1.digest)).toBeDefined();
    expect(fake.getManifest('svc/web', 'v1')?.digest).toBe(moved.digest);
    expect(fake.getManifest('svc/web', 'v2')?.digest).toBe(v2.digest);
  });

  it('falls back to the registry API when the index does not answer, and says why', async () => {
    await pushImage(fake, 'svc/api', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    await pushImage(fake, 'svc/api', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    server.use(http.get(`${INDEX}/index/v1/status`, () => HttpResponse.error()));
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client(), index: index() } });
    expect(await screen.findByRole('alert')).toHaveTextContent(/The registry index does not answer/);
    expect(screen.getByText(/Source: tags \+ digest ledger/)).toBeInTheDocument();
    await dryRun(user);
    expect(await screen.findByRole('region', { name: 'Plan for svc/api' })).toBeInTheDocument();
    expect(screen.queryByText(/From the index/)).not.toBeInTheDocument();
  });

  it('a repository the index fails on is read through the registry API, named in the plan', async () => {
    await pushImage(fake, 'svc/api', { tags: ['v1'], created: '2025-01-01T00:00:00Z', seed: '1' });
    await pushImage(fake, 'svc/api', { tags: ['v2'], created: '2025-02-01T00:00:00Z', seed: '2' });
    serveIndex({});
    const { user } = renderWithProviders(<CleanupPage />, { route: '/cleanup', path: '/cleanup', registry: { client: client(), index: index() } });
    await screen.findByText(/Source: the registry index/);
    await dryRun(user);
    await screen.findByRole('region', { name: 'Plan for svc/api' });
    expect(screen.getByRole('alert')).toHaveTextContent(/The index failed \(.*not in the index.*\): one repository was read through the registry API.*\(svc\/api\)/);
  });
});
