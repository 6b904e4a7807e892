import * as RadixToast from '@radix-ui/react-toast';
import X from 'lucide-react/icons/x';
import type { Toast } from './toast';

interface ToastViewportProps {
  toasts: Toast[];
  duration: number;
  onDismiss: (id: number) => void;
}

const toneClass: Record<Toast['tone'], string> = {
  error: 'border-red-300 bg-red-50 text-red-900',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-950',
  info: 'border-slate-300 bg-surface text-slate-900',
};

/**
 * The "Notifications (F8)" region at the bottom right. Radix announces each toast through its own
 * live region (errors assertively), pauses the timer while the pointer or focus is on a toast,
 * and lets F8 reach them from anywhere.
 */
export function ToastViewport({ toasts, duration, onDismiss }: ToastViewportProps) {
  return (
    <RadixToast.Provider duration={duration} label="Notification">
      {toasts.map((toast) => (
        <RadixToast.Root
          key={toast.id}
          type={toast.tone === 'error' ? 'foreground' : 'background'}
          onOpenChange={(open) => {
            if (!open) onDismiss(toast.id);
          }}
          className={`rounded-md border p-3 text-sm shadow-lg ${toneClass[toast.tone]}`}
        >
          <div className="flex items-start gap-2">
            <RadixToast.Title className="flex-1 font-medium">{toast.title}</RadixToast.Title>
            <RadixToast.Close aria-label={`Dismiss: ${toast.title}`} className="rounded p-0.5 text-slate-500 hover:bg-slate-200 focus-visible:outline-2">
              <X aria-hidden size={14} />
            </RadixToast.Close>
          </div>
          {toast.body && (
            <RadixToast.Description asChild>
              <div className="mt-1 text-xs">{toast.body}</div>
            </RadixToast.Description>
          )}
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport label="Notifications ({hotkey})" className="fixed right-4 bottom-4 z-[60] m-0 flex w-[min(28rem,90vw)] list-none flex-col gap-2 p-0 outline-none" />
    </RadixToast.Provider>
  );
}
