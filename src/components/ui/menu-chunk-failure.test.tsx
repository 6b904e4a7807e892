import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Menu, MenuItem } from './menu';
import { ToastProvider } from './toast';

// Radix's menu chunk is gone from the server (a newer version was deployed after the page loaded).
vi.mock('./menu-radix', () => {
  throw new TypeError('Failed to fetch dynamically imported module: http://regatta.test/assets/menu-radix-Bx2.js');
});

it('a menu whose code cannot be downloaded says so in a toast; the trigger stays', async () => {
  const user = userEvent.setup();
  render(
    <ToastProvider>
      <Menu label="Actions for v1" trigger={<button type="button">More for v1</button>}>
        <MenuItem onSelect={() => {}}>Re-tag…</MenuItem>
      </Menu>
    </ToastProvider>,
  );
  await user.click(screen.getByRole('button', { name: 'More for v1' }));
  expect(await screen.findByText(/The menu could not be opened: part of Regatta could not be downloaded/)).toBeInTheDocument();
  expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'More for v1' })).toHaveAttribute('aria-expanded', 'false');
});
