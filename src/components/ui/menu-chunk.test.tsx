import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Menu, MenuItem } from './menu';

// Radix's menu is its own chunk: counted here as the module is first imported.
const imports = vi.hoisted(() => ({ count: 0 }));
vi.mock('./menu-radix', async (importOriginal) => {
  imports.count += 1;
  return importOriginal();
});

it("loads Radix's menu when a trigger is hovered, not when menus render", async () => {
  const user = userEvent.setup();
  render(
    <>
      {['v1', 'v2', 'v3'].map((tag) => (
        <Menu key={tag} label={`Actions for ${tag}`} trigger={<button type="button">More for {tag}</button>}>
          <MenuItem onSelect={() => {}}>Re-tag…</MenuItem>
        </Menu>
      ))}
    </>,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(imports.count).toBe(0);
  await user.hover(screen.getByRole('button', { name: 'More for v2' }));
  await vi.waitFor(() => expect(imports.count).toBe(1));
  await user.click(screen.getByRole('button', { name: 'More for v2' }));
  expect(await screen.findByRole('menu')).toBeInTheDocument();
  expect(imports.count).toBe(1);
});
