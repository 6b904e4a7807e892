import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '../../app/render-with-providers';
import { pushImage } from '../../testing/fake-images';
import { createTestClient, setupTestRegistry } from '../../testing/test-server';
import { TagActions } from './tag-actions';

// The dialog's chunk is gone from the server (a newer version was deployed after the page loaded).
vi.mock('./tag-action-dialog', () => {
  throw new TypeError('Failed to fetch dynamically imported module: http://regatta.test/assets/tag-action-dialog-Cx1.js');
});

const { fake, baseUrl } = setupTestRegistry({ resetAfterEach: true });

it('a dialog whose code cannot be downloaded says so over the page, which stays; nothing is asked of the registry', async () => {
  const image = await pushImage(fake, 'team/app', { tags: ['v1'] });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const { user } = renderWithProviders(
    <main>
      <h1>team/app</h1>
      <TagActions name="team/app" tag="v1" digest={image.digest} />
    </main>,
    { registry: { client: createTestClient(baseUrl) } },
  );
  fake.requests.length = 0;
  await user.click(screen.getByRole('button', { name: 'Remove tag v1' }));

  const notice = await screen.findByRole('dialog', { name: 'The dialog could not be opened' });
  // (Vitest words the failed import its own way; ErrorPanel's test covers the browsers' wording.)
  expect(within(notice).getByRole('alert')).toBeInTheDocument();
  // The page is still there, with its actions.
  expect(screen.getByRole('heading', { name: 'team/app' })).toBeInTheDocument();
  expect(fake.requests).toEqual([]);

  await user.click(within(notice).getByRole('button', { name: 'Close' }));
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Remove tag v1' })).toBeEnabled();
});
