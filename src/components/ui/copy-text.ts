/**
 * Copies text to the clipboard wherever the app runs. `navigator.clipboard` exists only in secure
 * contexts (https, localhost): at http://registry-ui.corp:8080 it is undefined. There a hidden,
 * selected textarea and `document.execCommand('copy')` still copy inside the click's user gesture.
 * The textarea goes next to `near` (the button), so a modal dialog's focus trap and inertness
 * do not stop the selection.
 */
export type CopyMethod = 'clipboard-api' | 'exec-command';

export class CopyUnavailableError extends Error {
  constructor() {
    super('This browser refused to copy here: select the text and press Ctrl+C (⌘C).');
    this.name = 'CopyUnavailableError';
  }
}

function copyWithSelection(text: string, near: Element | null): boolean {
  const host = near?.parentElement ?? document.body;
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.setAttribute('aria-hidden', 'true');
  area.tabIndex = -1;
  // In view (off-screen text cannot always be selected) but invisible and out of the layout.
  area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;padding:0;border:0;opacity:0;pointer-events:none;';
  host.append(area);
  try {
    area.focus({ preventScroll: true });
    area.select();
    area.setSelectionRange(0, text.length);
    // execCommand is deprecated but is the only copy without the Clipboard API; jsdom lacks it.
    return typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    previous?.focus({ preventScroll: true });
  }
}

/** Resolves with how the text was copied; rejects with CopyUnavailableError when nothing worked. */
export async function copyText(text: string, near: Element | null = null): Promise<CopyMethod> {
  const clipboard = typeof navigator === 'undefined' ? undefined : (navigator.clipboard as Clipboard | undefined);
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return 'clipboard-api';
    } catch {
      // Denied (permissions policy, document not focused): the selection fallback may still work,
      // but only while the click's user activation lasts, which an awaited rejection usually keeps.
    }
  }
  if (copyWithSelection(text, near)) return 'exec-command';
  throw new CopyUnavailableError();
}
