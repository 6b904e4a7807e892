import type { ReactElement, ReactNode, Ref } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';

/** Radix's menu behind menu.tsx's `Menu`: its own chunk, loaded when a menu is about to open. */
export function MenuRoot({
  open,
  onOpenChange,
  triggerRef,
  trigger,
  label,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  triggerRef: Ref<HTMLButtonElement>;
  trigger: ReactElement;
  label?: string;
  children: ReactNode;
}) {
  return (
    <DropdownMenu.Root modal={false} open={open} onOpenChange={onOpenChange}>
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

export interface MenuItemProps {
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
