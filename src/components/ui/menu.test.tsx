import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Menu, MenuItem } from './menu';

function renderMenu() {
  const onSelect = vi.fn();
  render(
    <Menu label="Actions for v1" trigger={<button type="button">More</button>}>
      <MenuItem onSelect={onSelect}>Re-tag…</MenuItem>
      <MenuItem onSelect={() => {}}>Delete image…</MenuItem>
    </Menu>,
  );
  return { onSelect, user: userEvent.setup() };
}

describe('Menu', () => {
  it('is only its trigger until opened, announced as a closed menu button', () => {
    renderMenu();
    const trigger = screen.getByRole('button', { name: 'More' });
    expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it('opens on click, runs the chosen item and closes', async () => {
    const { onSelect, user } = renderMenu();
    await user.click(screen.getByRole('button', { name: 'More' }));
    // Radix's menu is its own chunk: the first menu opens once it is in.
    const menu = await screen.findByRole('menu');
    expect(screen.getByRole('button', { name: 'More' })).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('menuitem', { name: 'Re-tag…' }));
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(menu).not.toBeInTheDocument();
  });

  it('opens from the keyboard, moves with the arrows, and Escape hands focus back to the trigger', async () => {
    const { onSelect, user } = renderMenu();
    await user.tab();
    expect(screen.getByRole('button', { name: 'More' })).toHaveFocus();
    // As Radix's own trigger does: opened from the keyboard, the first item has focus.
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('menu')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Re-tag…' })).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Delete image…' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'More' })).toHaveFocus();
    // Open again, now through Radix's trigger: the same.
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Re-tag…' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledTimes(1);
  });

  it('does not open on a right click', async () => {
    const { user } = renderMenu();
    await user.pointer({ keys: '[MouseRight]', target: screen.getByRole('button', { name: 'More' }) });
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });
});
