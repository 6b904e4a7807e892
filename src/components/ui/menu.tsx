import { cloneElement, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactElement, type ReactNode } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';

type TriggerProps = {
  'aria-haspopup'?: 'menu';
  'aria-expanded'?: boolean;
  onPointerDown?: (event: PointerEvent<HTMLElement>) => void;
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
};

/** The keys that open a Radix menu from its trigger. */
const OPENING_KEYS = new Set(['Enter', ' ', 'ArrowDown']);

/**
 * A menu of actions (Radix DropdownMenu: role menu/menuitem, arrow keys, typeahead, Escape, focus
 * back on the trigger). Not modal: a menu item that opens a dialog hands focus to the dialog.
 *
 * Until it is first opened only the trigger is rendered, with the same role and state a closed
 * Radix trigger has: a table renders one menu per row, and mounting Radix's menu, popper and
 * presence for each of them was a good part of the rows' first render. The press that opens it
 * mounts Radix: a pointer press opens it at once, an opening key (Enter, Space, ArrowDown) is
 * replayed to Radix's trigger, so the first item gets focus as it always does from the keyboard.
 */
export function Menu({ trigger, children, label }: { trigger: ReactElement<TriggerProps>; children: ReactNode; label?: string }) {
  // null until the first press: then the opening key, or '' for a pointer press.
  const [firstPress, setFirstPress] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (firstPress) triggerRef.current?.dispatchEvent(new KeyboardEvent('keydown', { key: firstPress, bubbles: true, cancelable: true }));
  }, [firstPress]);

  if (firstPress === null) {
    return cloneElement(trigger, {
      'aria-haspopup': 'menu',
      'aria-expanded': false,
      onPointerDown: (event) => {
        // As Radix's trigger: the left button without Ctrl (which is a right click on macOS).
        if (event.button !== 0 || event.ctrlKey || (event.currentTarget as HTMLButtonElement).disabled) return;
        event.preventDefault();
        setFirstPress('');
        setOpen(true);
      },
      onKeyDown: (event) => {
        if (!OPENING_KEYS.has(event.key)) return;
        event.preventDefault();
        setFirstPress(event.key);
      },
    });
  }
  return (
    <DropdownMenu.Root modal={false} open={open} onOpenChange={setOpen}>
      <DropdownMenu.Trigger asChild ref={triggerRef}>
        {trigger}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          aria-label={label}
          align="end"
          sideOffset={4}
          collisionPadding={8}
          className="z-50 min-w-52 rounded-panel border border-slate-200 bg-surface-raised p-1 text-sm text-slate-800 shadow-lg"
        >
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

interface MenuItemProps {
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  /** Accessible name when the visible text is shorter ("Delete image of v1"). */
  label?: string;
  title?: string;
  icon?: ReactNode;
  tone?: 'default' | 'danger';
}

export function MenuItem({ children, onSelect, disabled, label, title, icon, tone = 'default' }: MenuItemProps) {
  return (
    <DropdownMenu.Item
      aria-label={label}
      title={title}
      disabled={disabled}
      onSelect={onSelect}
      className={`flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none data-[disabled]:text-slate-400 data-[highlighted]:bg-slate-100 ${
        tone === 'danger' ? 'text-red-700' : ''
      } [&>svg]:size-4 [&>svg]:shrink-0`}
    >
      {icon}
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="my-1 h-px bg-slate-200" />;
}

/** A note inside the menu (why some items are off). */
export function MenuNote({ children }: { children: ReactNode }) {
  return <p className="max-w-60 px-2 py-1 text-xs text-slate-600">{children}</p>;
}
