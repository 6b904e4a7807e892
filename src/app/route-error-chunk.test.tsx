import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from './memory-router';
import { RouteError } from './route-error';

const chunkGone = new TypeError('Failed to fetch dynamically imported module: http://regatta.test/assets/audit-page-Ba7.js');
function PageWhoseChunkIsGone(): never {
  throw chunkGone;
}

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

it('a page whose code cannot be downloaded says so and offers a reload, with a way back', async () => {
  const routes = [{ element: <RouteError />, children: [{ path: '/audit', element: <PageWhoseChunkIsGone /> }] }];
  render(<RouterProvider router={createMemoryRouter(routes, { initialEntries: ['/audit'] })} />);
  expect(await screen.findByText('Part of Regatta could not be downloaded')).toBeInTheDocument();
  expect(screen.getByText(/Regatta may have been updated since this page opened/)).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Reload page' })).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Back to the repositories' })).toBeInTheDocument();
});
