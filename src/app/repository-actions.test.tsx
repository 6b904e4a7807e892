import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { EMPTY_CONFIG_BYTES, throwawayManifest } from '../registry/untag-manifest';
import { DELETE_PROBE_DIGEST, uploadBlob } from '../registry/write-operations';
import { pushImage, tagExisting } from '../testing/fake-images';
import { stubLayout } from '../testing/jsdom-layout';
import { createTestClient, setupTestRegistry } from '../testing/test-server';
import { renderWithProviders } from './render-with-providers';
import { RepositoryRoute } from './repository-route';

const { fake, server, baseUrl } = setupTestRegistry({ resetAfterEach: true });
afterEach(() => {
  fake.deleteEnabled = true;
});
// The scroll box and rows get a size so the virtualizer renders a window.
stubLayout({ clientHeight: 800, clientWidth: 1200, offsetHeight: 40 });

function renderRepository(options: { readOnly?: boolean } = {}) {
  const client = createTestClient(baseUrl);
  return renderWithProviders(<RepositoryRoute />, { route: '/r/team/app', path: '/r/*', registry: { client, readOnly: options.readOnly ?? false } });
}

const table = () => screen.getByRole('table', { name: /^Tags of / });
const rowOf = (tag: string) => {
  const row = within(table()).getByRole('link', { name: tag }).closest('tr');
  if (!row) throw new Error(`no row for ${tag}`);
  return row;
};
/** The row's default action, once the digest is known. */
const removeButton = async (tag: string) => {
  const button = await screen.findByRole('button', { name: `Remove tag ${tag}` });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
};
const openMenuItem = async (user: ReturnType<typeof renderRepository>['user'], tag: string, item: string) => {
  await removeButton(tag);
  await user.click(within(rowOf(tag)).getByRole('button', { name: `More actions for ${tag}` }));
  await user.click(await screen.findByRole('menuitem', { name: item }));
};
const toasts = () => screen.getByRole('region', { name: 'Notifications (F8)' });
/** DELETEs that could remove something (the capability probe targets a digest no manifest has). */
const deletes = () => fake.requests.filter((r) => r.method === 'DELETE' && r.path.includes('/manifests/') && !r.path.endsWith(DELETE_PROBE_DIGEST));

async function twoTags() {
  const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
  await tagExisting(fake, 'team/app', 'also-v1', image.digest);
  return image;
}

// Each test drives a whole flow (resolve, dialog, several registry round trips, the toast's lazy
// chunk): the config's 60 s testTimeout gives it room on a busy machine, and stays above the 30 s
// waitFor timeout so a wait that fails reports what it waited for.
describe('actions on the repository page', () => {
  it('removes one of two tags sharing a digest: the other survives on the same digest', async () => {
    const image = await twoTags();
    const { user } = renderRepository();
    await user.click(await removeButton('v1'));
    const dialog = await screen.findByRole('dialog', { name: 'Remove tag v1' });
    expect(await within(dialog).findByText(/also tagged/)).toHaveTextContent('also-v1');
    await user.click(within(dialog).getByRole('button', { name: 'Remove tag' }));

    await waitFor(() => expect(within(toasts()).getByText('Removed tag v1 from team/app')).toBeInTheDocument());
    expect(toasts()).toHaveTextContent('registry garbage-collect <config.yml>');
    expect(fake.listTags('team/app')).toEqual(['also-v1']);
    expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
    await waitFor(() => expect(within(table()).queryByRole('link', { name: 'v1' })).not.toBeInTheDocument());
  });

  it('for the last tag of an image offers "keep image" and "delete image"; keep leaves it untagged', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['solo'] });
    const { user } = renderRepository();
    await user.click(await removeButton('solo'));
    const dialog = await screen.findByRole('dialog', { name: 'Remove tag solo' });
    const keep = await within(dialog).findByRole('radio', { name: /Remove tag, keep image \(becomes untagged/ });
    expect(within(dialog).getByRole('radio', { name: /Delete image/ })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Remove tag' })).toBeDisabled();
    await user.click(keep);
    await user.click(within(dialog).getByRole('button', { name: 'Remove tag' }));
    await waitFor(() => expect(fake.listTags('team/app')).toBeNull());
    expect(fake.getManifest('team/app', image.digest)).toBeDefined();
  });

  it('delete image lists every tag on the digest and needs the repository name typed', async () => {
    const image = await twoTags();
    const other = await pushImage(fake, 'team/app', { tags: ['v2'], seed: 'other' });
    const { user } = renderRepository();
    await openMenuItem(user, 'v1', 'Delete image of v1');
    const dialog = await screen.findByRole('dialog', { name: /^Delete image sha256:/ });
    const removed = await within(dialog).findByRole('region', { name: 'Tags removed with the image (2)' });
    expect(within(removed).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['also-v1', 'v1']);
    const confirm = within(dialog).getByRole('button', { name: 'Delete image' });
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByLabelText(/Type team\/app to confirm/);
    await user.type(input, 'team/ap');
    expect(confirm).toBeDisabled();
    await user.type(input, 'p');
    expect(confirm).toBeEnabled();
    await user.click(confirm);

    await waitFor(() => expect(within(toasts()).getByText(/^Deleted image sha256:/)).toBeInTheDocument());
    expect(fake.getManifest('team/app', image.digest)).toBeUndefined();
    expect(fake.listTags('team/app')).toEqual(['v2']);
    expect(fake.getManifest('team/app', other.digest)).toBeDefined();
  });

  it('refuses a delete when the tag moved between opening the dialog and confirming; nothing is deleted', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const { user } = renderRepository();
    await openMenuItem(user, 'v1', 'Delete image of v1');
    const dialog = await screen.findByRole('dialog', { name: /^Delete image sha256:/ });
    await within(dialog).findByRole('region', { name: 'Tags removed with the image (1)' });
    const moved = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'moved' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete image' }));

    expect(await within(dialog).findByText(/Refused: the registry changed since you looked/)).toHaveTextContent('tag v1 now points at');
    expect(deletes()).toEqual([]);
    expect(fake.getManifest('team/app', image.digest)).toBeDefined();
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(moved.digest);
  });

  it('refuses a remove when the tag moved after the dialog opened', async () => {
    await twoTags();
    const { user } = renderRepository();
    await user.click(await removeButton('v1'));
    const dialog = await screen.findByRole('dialog', { name: 'Remove tag v1' });
    await within(dialog).findByText(/also tagged/);
    const moved = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'moved' });
    const putsBefore = fake.requests.filter((r) => r.method === 'PUT').length;
    await user.click(within(dialog).getByRole('button', { name: 'Remove tag' }));
    expect(await within(dialog).findByText(/Refused: the registry changed/)).toBeInTheDocument();
    expect(fake.requests.filter((r) => r.method === 'PUT').length).toBe(putsBefore);
    expect(fake.getManifest('team/app', 'v1')?.digest).toBe(moved.digest);
  });

  it('shows the registry error (status, code, message) in the dialog', async () => {
    await twoTags();
    server.use(http.put(`${baseUrl}/v2/team/app/manifests/v1`, () => HttpResponse.json({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }, { status: 403 })));
    const { user } = renderRepository();
    await user.click(await removeButton('v1'));
    const dialog = await screen.findByRole('dialog', { name: 'Remove tag v1' });
    await within(dialog).findByText(/also tagged/);
    await user.click(within(dialog).getByRole('button', { name: 'Remove tag' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('HTTP 403 · DENIED');
    expect(alert).toHaveTextContent('requested access to the resource is denied');
    expect(fake.listTags('team/app')).toEqual(['v1', 'also-v1']);
  });

  it('re-tags with the identical digest', async () => {
    const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
    const { user } = renderRepository();
    await openMenuItem(user, 'v1', 'Re-tag v1');
    const dialog = await screen.findByRole('dialog', { name: 'Re-tag v1' });
    await user.type(within(dialog).getByLabelText('New tag'), 'stable');
    expect(await within(dialog).findByText('team/app:stable does not exist yet: it will be created.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(fake.getManifest('team/app', 'stable')?.digest).toBe(image.digest));
  });

  it('bulk: removes the selected tags in one dialog that names what is kept', async () => {
    const image = await twoTags();
    const other = await pushImage(fake, 'team/app', { tags: ['v2'], seed: 'other' });
    const { user } = renderRepository();
    await removeButton('v2');
    await user.click(screen.getByRole('checkbox', { name: 'Select v1' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select v2' }));
    await user.click(within(screen.getByRole('toolbar', { name: 'Selected tags' })).getByRole('button', { name: 'Remove selected tags…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove selected tags' });
    expect(await within(dialog).findByRole('region', { name: 'Tags removed (2)' })).toHaveTextContent('v1v2');
    expect(within(dialog).getByRole('region', { name: 'Tags kept (1)' })).toHaveTextContent('also-v1');
    const confirm = within(dialog).getByRole('button', { name: 'Remove selected tags' });
    expect(confirm).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/Type team\/app to confirm/), 'team/app');
    await user.click(confirm);
    await waitFor(() => expect(fake.listTags('team/app')).toEqual(['also-v1']));
    expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
    expect(fake.getManifest('team/app', other.digest)).toBeDefined();
  });

  it('a readOnly registry shows no actions at all', async () => {
    await twoTags();
    renderRepository({ readOnly: true });
    await waitFor(() => expect(rowOf('v1')).not.toHaveAttribute('aria-busy'));
    expect(screen.queryByRole('button', { name: /Remove tag/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /More actions/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(deletes()).toEqual([]);
  });

  it('a registry with deletes disabled: browsing sends no probe; the first Remove tag asks, says why, then remove and delete are off', async () => {
    // What createTestRegistry({ deleteEnabled: false }) sets: distribution's storage.delete.enabled: false.
    fake.deleteEnabled = false;
    await twoTags();
    const { user } = renderRepository();
    const remove = await screen.findByRole('button', { name: 'Remove tag v1' });
    await waitFor(() => expect(rowOf('v1')).not.toHaveAttribute('aria-busy'));
    // Browsing: nothing with a side effect was sent, the actions are offered.
    expect(fake.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(remove).toBeEnabled();
    await user.click(remove);
    const dialog = await screen.findByRole('dialog', { name: 'Remove tag v1' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/405 UNSUPPORTED.*storage\.delete\.enabled/);
    expect(within(dialog).getByRole('button', { name: 'Remove tag' })).toBeDisabled();
    expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('note')).toHaveTextContent(/Remove tag and Delete image are disabled.*405 UNSUPPORTED.*storage\.delete\.enabled/);
    expect(remove).toBeDisabled();
    expect(remove).toHaveAttribute('title', expect.stringMatching(/refuses deletes/));
    await user.click(within(rowOf('v1')).getByRole('button', { name: 'More actions for v1' }));
    expect(await screen.findByRole('menuitem', { name: 'Delete image of v1' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('menuitem', { name: 'Re-tag v1' })).not.toHaveAttribute('aria-disabled');
    expect(fake.listTags('team/app')).toEqual(['v1', 'also-v1']);
  });

  it('a tag left on Regatta\'s throwaway (an interrupted untag) offers "Finish the untag", which removes only that tag', async () => {
    const image = await twoTags();
    const client = createTestClient(baseUrl);
    await uploadBlob(client, 'team/app', EMPTY_CONFIG_BYTES);
    const throwaway = throwawayManifest('v1', 'interrupted');
    await client.putManifest('team/app', 'v1', throwaway.bytes, throwaway.mediaType);
    const { user } = renderRepository();
    const finish = await within(await waitFor(() => rowOf('v1'))).findByRole('button', { name: 'Finish the untag' }, { timeout: 10_000 });
    expect(within(rowOf('also-v1')).queryByRole('button', { name: 'Finish the untag' })).toBeNull();
    await user.click(finish);
    const dialog = await screen.findByRole('dialog', { name: 'Finish the untag of v1' });
    await user.click(await within(dialog).findByRole('button', { name: 'Finish the untag' }));
    await waitFor(() => expect(within(toasts()).getByText('Finished removing tag v1 from team/app')).toBeInTheDocument());
    expect(fake.listTags('team/app')).toEqual(['also-v1']);
    expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
  });
});
