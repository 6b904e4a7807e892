import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './copy-button';

/**
 * An insecure context (http://<host>, not localhost): no navigator.clipboard. What
 * execCommand('copy') copies is the focused textarea's selection, recorded here.
 */
describe('CopyButton without the Clipboard API', () => {
  let copied: string[];
  let execCommand: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    copied = [];
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    execCommand = vi.fn((command: string) => {
      const active = document.activeElement;
      if (command !== 'copy' || !(active instanceof HTMLTextAreaElement)) return false;
      copied.push(active.value.slice(active.selectionStart, active.selectionEnd));
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true, writable: true });
  });

  afterEach(() => {
    Reflect.deleteProperty(navigator, 'clipboard');
    Reflect.deleteProperty(document, 'execCommand');
  });

  it('copies the exact text through a selected textarea and leaves nothing behind', async () => {
    const text = 'docker pull registry.test/team/app@sha256:' + 'a'.repeat(64) + '\n  second line';
    render(<CopyButton text={text} label="Copy pull command" />);
    const button = screen.getByRole('button', { name: 'Copy pull command' });
    button.focus();
    await act(async () => {
      fireEvent.click(button);
    });
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(copied).toEqual([text]);
    expect(await screen.findByText('Copied')).toBeInTheDocument();
    expect(document.querySelector('textarea')).toBeNull();
    // Focus returns to the button (keyboard users keep their place).
    expect(document.activeElement).toBe(button);
  });

  it('says how to copy by hand when the browser refuses', async () => {
    execCommand.mockReturnValue(false);
    render(<CopyButton text="docker login registry.test" label="Copy login" />);
    const button = screen.getByRole('button', { name: 'Copy login' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(await screen.findByText('Copy failed')).toBeInTheDocument();
    expect(button).toHaveAttribute('title', expect.stringContaining('select the text and press Ctrl+C'));
    expect(button.getAttribute('title')).toContain('docker login registry.test');
  });

  it('uses the Clipboard API when there is one', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<CopyButton text="abc" label="Copy abc" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy abc' }));
    });
    expect(writeText).toHaveBeenCalledWith('abc');
    expect(execCommand).not.toHaveBeenCalled();
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });
});
