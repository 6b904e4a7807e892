import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../../app/render-with-providers';
import { EMPTY_CONFIG_BYTES, throwawayManifest } from '../../registry/untag-manifest';
import { uploadBlob } from '../../registry/write-operations';
import { pushImage, tagExisting } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { ManifestPage } from './manifest-page';

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });

it('the inspector recognises Regatta\'s throwaway under a tag and finishes the untag: only that tag goes', async () => {
  const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
  await tagExisting(fake, 'team/app', 'also-v1', image.digest);
  const client = createTestClient(baseUrl);
  await uploadBlob(client, 'team/app', EMPTY_CONFIG_BYTES);
  const throwaway = throwawayManifest('v1', 'interrupted');
  await client.putManifest('team/app', 'v1', throwaway.bytes, throwaway.mediaType);

  renderWithProviders(<ManifestPage />, { route: '/r/team/app/-/manifest/v1', path: '/r/*', registry: { client } });
  expect(await screen.findByRole('note', {}, { timeout: 10_000 })).toHaveTextContent(/Regatta's throwaway manifest/);
  await userEvent.click(screen.getByRole('button', { name: 'Finish the untag of v1' }));
  await waitFor(() => expect(fake.listTags('team/app')).toEqual(['also-v1']));
  expect(fake.getManifest('team/app', 'also-v1')?.digest).toBe(image.digest);
});
