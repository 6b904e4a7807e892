import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { shortDigest } from '../components/ui/format';
import { flushWrites, resetImmutableCacheForTests } from '../queries/immutable-cache';
import { flushRevisitWrites, readRememberedTags, resetRevisitCacheForTests } from '../queries/revisit-cache';
import { pushImage } from '../testing/fake-images';
import { stubLayout } from '../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { renderWithProviders } from './render-with-providers';
import { RepositoryRoute } from './repository-route';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  resetImmutableCacheForTests();
  resetRevisitCacheForTests();
});

/** A new browser session on the same profile: fresh clients, the same IndexedDB. */
const visit = () => renderWithProviders(<RepositoryRoute />, { route: '/r/team/app', path: '/r/*', registry: { client: createTestClient(baseUrl), readOnly: false } });
const table = () => screen.getByRole('table', { name: /^Tags of / });
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};

describe('actions on a revisit', { timeout: 60_000 }, () => {
  it('wait for the registry’s answer while a row shows a remembered digest, then act on the registry’s digest', async () => {
    const old = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const first = visit();
    await waitFor(() => expect(within(table()).queryAllByRole('row', { busy: true })).toHaveLength(0));
    first.unmount();
    // Leaving saves through a lazy import: wait until the save has reached IndexedDB.
    await waitFor(async () => {
      await flushRevisitWrites();
      expect(await readRememberedTags(baseUrl, 'team/app')).toBeDefined();
    });
    await flushWrites();

    const moved = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'moved' });
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The tag's own request waits (returning nothing passes it on to the fake registry).
    server.use(http.all(`${baseUrl}/v2/team/app/manifests/v1`, async () => void (await held)));

    const { user } = visit();
    await waitFor(() => expect(within(rowOf('v1')).getByRole('img', { name: 'Checking' })).toBeInTheDocument());
    expect(within(rowOf('v1')).getByRole('link', { name: shortDigest(old.digest) })).toBeInTheDocument();
    // (The actions are their own chunk: wait for them to load.)
    await waitFor(() => expect(within(rowOf('v1')).getByRole('button', { name: 'Remove tag v1' })).toBeDisabled());
    expect(within(rowOf('v1')).getByRole('img', { name: 'Checking' })).toBeInTheDocument();
    await user.click(within(rowOf('v1')).getByRole('button', { name: 'More actions for v1' }));
    expect(await screen.findByRole('menuitem', { name: 'Delete image of v1' })).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Escape}');

    release();
    await waitFor(() => expect(within(rowOf('v1')).getByRole('link', { name: shortDigest(moved.digest) })).toBeInTheDocument());
    const remove = within(rowOf('v1')).getByRole('button', { name: 'Remove tag v1' });
    await waitFor(() => expect(remove).toBeEnabled());
    await user.click(within(rowOf('v1')).getByRole('button', { name: 'More actions for v1' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete image of v1' }));
    expect(await screen.findByRole('dialog', { name: `Delete image ${shortDigest(moved.digest)}` })).toBeInTheDocument();
    expect(fake.getManifest('team/app', old.digest)).toBeDefined();
  });
});
