import type { ReactNode } from 'react';
import * as RadixDialog from '@radix-ui/react-dialog';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** One sentence on what the dialog is for (the dialog's accessible description). */
  description: ReactNode;
  children: ReactNode;
  /** While true, Escape and clicks outside do not close the dialog (an action is running). */
  busy?: boolean;
}

/** A modal dialog (Radix: focus trap, Escape, aria-modal, labelled by its title). */
export function Dialog({ open, onOpenChange, title, description, children, busy = false }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (busy && !next ? undefined : onOpenChange(next))}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <RadixDialog.Content
          className="fixed top-1/2 left-1/2 z-50 max-h-[90vh] w-[min(40rem,95vw)] -translate-x-1/2 -translate-y-1/2 overflow-auto rounded-panel border border-slate-200 bg-surface-raised p-5 text-sm shadow-xl focus-visible:outline-2"
          onEscapeKeyDown={(event) => busy && event.preventDefault()}
          onPointerDownOutside={(event) => busy && event.preventDefault()}
        >
          <RadixDialog.Title className="text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
          <RadixDialog.Description className="mt-1 text-slate-600">{description}</RadixDialog.Description>
          <div className="mt-4 flex flex-col gap-3">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

// Dialogs' buttons; the primitive lives in button.tsx.
export { buttonClass } from './button';
