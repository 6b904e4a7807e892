import type { ReactNode } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';

/**
 * A menu of actions (Radix DropdownMenu: role menu/menuitem, arrow keys, typeahead, Escape, focus
 * back on the trigger). Not modal: a menu item that opens a dialog hands focus to the dialog.
 */
export function Menu({ trigger, children, label }: { trigger: ReactNode; children: ReactNode; label?: string }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
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
