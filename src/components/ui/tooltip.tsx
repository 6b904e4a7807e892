import type { ReactNode } from 'react';
import * as RadixTooltip from '@radix-ui/react-tooltip';

interface TooltipProps {
  /** What the tooltip says; also reachable by keyboard focus on the trigger. */
  content: ReactNode;
  /** One focusable element (or a <time>/<span>, which gets tabIndex 0 from the caller). */
  children: ReactNode;
  side?: 'top' | 'bottom' | 'left' | 'right';
}

/** A tooltip with its own provider (as shadcn/ui does): usable in any component, tests included. */
export function Tooltip({ content, children, side = 'top' }: TooltipProps) {
  return (
    <RadixTooltip.Provider delayDuration={300}>
      <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content
          side={side}
          sideOffset={4}
          collisionPadding={8}
          className="z-[70] max-w-xs rounded-control bg-slate-900 px-2 py-1 text-xs text-slate-50 shadow-md"
        >
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
