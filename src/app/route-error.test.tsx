import { render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from './memory-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouteError } from './route-error';

function Broken(): never {
  throw new Error('unexpected shape of the tag list');
}

describe('a page that throws while rendering', () => {
  beforeEach(() => {
    // React reports the caught error on the console; the page is what this test reads.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('says what broke, names the tab, and offers a way back', async () => {
    const router = createMemoryRouter([{ element: <RouteError />, children: [{ path: '/broken', element: <Broken /> }, { path: '/', element: <p>Repositories</p> }] }], { initialEntries: ['/broken'] });
    render(<RouterProvider router={router} />);
    expect(await screen.findByText('This page failed to render')).toBeInTheDocument();
    expect(screen.getByText(/unexpected shape of the tag list/)).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('Page failed · Regatta'));
    screen.getByRole('link', { name: 'Back to the repositories' }).click();
    expect(await screen.findByText('Repositories')).toBeInTheDocument();
  });
});
