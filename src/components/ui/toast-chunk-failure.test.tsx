import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ToastProvider, useToast } from './toast';

// The toasts' own chunk is gone from the server (a newer version was deployed after the page loaded).
vi.mock('./toast-viewport', () => {
  throw new TypeError('Failed to fetch dynamically imported module: http://regatta.test/assets/toast-viewport-Q.js');
});

function Removes() {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast.show({ tone: 'success', title: 'Removed tag v1' })}>
      Remove
    </button>
  );
}

it('a toast whose viewport cannot be downloaded still shows its title, and the page stays', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const user = userEvent.setup();
  render(
    <ToastProvider>
      <Removes />
    </ToastProvider>,
  );
  await user.click(screen.getByRole('button', { name: 'Remove' }));
  expect(await screen.findByRole('status')).toHaveTextContent('Removed tag v1');
  expect(screen.getByRole('button', { name: 'Remove' })).toBeInTheDocument();
});
