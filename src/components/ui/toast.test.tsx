import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, ToastProvider, useToast, type Toast } from './toast';

let show: (toast: Omit<Toast, 'id'>) => void = () => undefined;

/** Hands the test its show(), as a caller of useToast() would use it. */
function Caller() {
  const toast = useToast();
  useEffect(() => {
    show = toast.show;
  }, [toast]);
  return <p>page</p>;
}

const renderProvider = () => render(<ToastProvider><Caller /></ToastProvider>);
const region = () => screen.findByRole('region', { name: 'Notifications (F8)' });

describe('ToastProvider (Radix Toast, loaded with the first toast)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('has no notifications region until the first toast, then shows its title and body', async () => {
    renderProvider();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();

    act(() => show({ tone: 'success', title: 'Removed tag v1 from team/app', body: 'Run registry garbage-collect <config.yml>' }));
    const toast = (await within(await region()).findByRole('listitem'));
    expect(toast).toHaveTextContent('Removed tag v1 from team/app');
    expect(toast).toHaveTextContent('Run registry garbage-collect <config.yml>');
    // Said politely by a live region of its own, without moving the focus.
    const announcement = await screen.findByRole('status');
    await waitFor(() => expect(announcement).toHaveTextContent('Notification Removed tag v1 from team/app'));
    expect(announcement).toHaveAttribute('aria-live', 'polite');
  });

  it('announces an error assertively', async () => {
    renderProvider();
    act(() => show({ tone: 'error', title: 'Could not finish the untag' }));
    expect((await within(await region()).findByRole('listitem'))).toHaveTextContent('Could not finish the untag');
    expect(await screen.findByRole('status')).toHaveAttribute('aria-live', 'assertive');
  });

  it('is dismissed by its named close button, and the region stays for the next toast', async () => {
    renderProvider();
    act(() => show({ tone: 'info', title: 'Tag v1 of team/app' }));
    const toasts = await region();
    // fireEvent: user-event's pointerup reaches Radix's swipe handler, which needs pointer capture (not in jsdom).
    fireEvent.click(within(toasts).getByRole('button', { name: 'Dismiss: Tag v1 of team/app' }));
    await waitFor(() => expect(within(toasts).queryByText('Tag v1 of team/app')).not.toBeInTheDocument());

    act(() => show({ tone: 'info', title: 'Tag v2 of team/app' }));
    expect(await within(await region()).findByText('Tag v2 of team/app')).toBeInTheDocument();
  });

  it('goes away by itself after TOAST_MS', async () => {
    renderProvider();
    act(() => show({ tone: 'info', title: 'First, to load the viewport' }));
    const toasts = await region();
    vi.useFakeTimers();
    act(() => show({ tone: 'success', title: 'Copied team/app:1 to team/copy:1' }));
    expect(within(toasts).getByText('Copied team/app:1 to team/copy:1')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(TOAST_MS - 1000));
    expect(within(toasts).getByText('Copied team/app:1 to team/copy:1')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(2000));
    expect(within(toasts).queryByText('Copied team/app:1 to team/copy:1')).not.toBeInTheDocument();
  });

  it('keeps the last five', async () => {
    renderProvider();
    act(() => {
      for (let i = 1; i <= 7; i++) show({ tone: 'info', title: `Toast ${i}` });
    });
    const toasts = await region();
    await waitFor(() => expect(within(toasts).getAllByRole('listitem').map((toast) => toast.textContent)).toEqual(['Toast 3', 'Toast 4', 'Toast 5', 'Toast 6', 'Toast 7']));
  });

  it('does nothing outside a provider', () => {
    render(<Caller />);
    expect(() => show({ tone: 'info', title: 'nobody listens' })).not.toThrow();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });
});
