import { cloneElement, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type PointerEvent, type ReactElement, type ReactNode } from 'react';
import type * as RadixMenu from './menu-radix';
import { useToast } from './toast';

type TriggerProps = {
  'aria-haspopup'?: 'menu';
  'aria-expanded'?: boolean;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
  onFocus?: (event: FocusEvent<HTMLElement>) => void;
};

/** The keys that open a Radix menu from its trigger. */
const OPENING_KEYS = new Set(['Enter', ' ', 'ArrowDown']);

/**
 * A menu of actions (Radix DropdownMenu: role menu/menuitem, arrow keys, typeahead, Escape, focus
 * back on the trigger). Not modal: a menu item that opens a dialog hands focus to the dialog.
 *
 * Until it is first opened only the trigger is rendered, with the same role and state a closed
 * Radix trigger has: a table renders one menu per row, and mounting Radix's menu, popper and
 * presence for each of them was a good part of the rows' first render. Radix's menu is its own
 * chunk, loaded when a trigger is first hovered, focused or pressed (most pages never open one).
 * The press that opens it mounts Radix: a pointer press opens it, an opening key (Enter, Space,
 * ArrowDown) is replayed to Radix's trigger, so the first item gets focus as it always does from
 * the keyboard.
 */
let radix: typeof RadixMenu | undefined;
let loading: Promise<typeof RadixMenu> | undefined;
const loadRadix = () =>
  (loading ??= import('./menu-radix').then(
    (module) => (radix = module),
    (error: unknown) => {
      loading = undefined; // the next press asks again
      throw error;
    },
  ));
const preloadRadix = () => void loadRadix().catch(() => undefined);

export function Menu({ trigger, children, label }: { trigger: ReactElement<TriggerProps>; children: ReactNode; label?: string }) {
  // null until the first press: then the opening key, or '' for a pointer press.
  const [firstPress, setFirstPress] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const toast = useToast();
  useEffect(() => {
    if (firstPress) triggerRef.current?.dispatchEvent(new KeyboardEvent('keydown', { key: firstPress, bubbles: true, cancelable: true }));
  }, [firstPress]);

  // Mounted with Radix once its module is in; if it fails to load, the trigger stays as it was and a toast says why.
  const press = (key: string) =>
    loadRadix().then(
      () => {
        setFirstPress(key);
        if (key === '') setOpen(true);
      },
      () => toast.show({ tone: 'error', title: 'The menu could not be opened: part of Regatta could not be downloaded. Reload the page.' }),
    );

  if (firstPress === null || !radix) {
    return cloneElement(trigger, {
      'aria-haspopup': 'menu',
      'aria-expanded': false,
      onPointerEnter: (event) => {
        trigger.props.onPointerEnter?.(event);
        preloadRadix();
      },
      onFocus: (event) => {
        trigger.props.onFocus?.(event);
        preloadRadix();
      },
      onPointerDown: (event) => {
        trigger.props.onPointerDown?.(event);
        // As Radix's trigger: the left button without Ctrl (which is a right click on macOS).
        if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || (event.currentTarget as HTMLButtonElement).disabled) return;
        event.preventDefault();
        void press('');
      },
      onKeyDown: (event) => {
        trigger.props.onKeyDown?.(event);
        if (event.defaultPrevented || !OPENING_KEYS.has(event.key)) return;
        event.preventDefault();
        void press(event.key);
      },
    });
  }
  return (
    <radix.MenuRoot open={open} onOpenChange={setOpen} triggerRef={triggerRef} trigger={trigger} label={label}>
      {children}
    </radix.MenuRoot>
  );
}

// Rendered only inside an open menu, so Radix's module is in by then.
export function MenuItem(props: RadixMenu.MenuItemProps) {
  return radix ? <radix.MenuItem {...props} /> : null;
}

export function MenuSeparator() {
  return radix ? <radix.MenuSeparator /> : null;
}

/** A note inside the menu (why some items are off). */
export function MenuNote({ children }: { children: ReactNode }) {
  return <p className="max-w-60 px-2 py-1 text-xs text-slate-600">{children}</p>;
}
