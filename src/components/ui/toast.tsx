import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  title: string;
  body?: ReactNode;
  tone: 'success' | 'error' | 'info';
}

interface ToastApi {
  show: (toast: Omit<Toast, 'id'>) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How long a toast stays; it can be dismissed earlier, and stays while hovered or focused. */
export const TOAST_MS = 12_000;

/**
 * A polite live region at the bottom of the page, always present (a live region inserted together
 * with its content is often not announced); each toast is a role=status (errors role=alert), so
 * screen readers announce it without moving focus. Kept tiny on purpose: no library.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-4), { ...toast, id }]);
      window.setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section aria-live="polite" aria-label="Notifications" className="pointer-events-none fixed right-4 bottom-4 z-[60] flex w-[min(28rem,90vw)] flex-col gap-2">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            role={toast.tone === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto rounded-md border p-3 text-sm shadow-lg ${
              toast.tone === 'error' ? 'border-red-300 bg-red-50 text-red-900' : toast.tone === 'success' ? 'border-emerald-300 bg-emerald-50 text-emerald-950' : 'border-slate-300 bg-surface text-slate-900'
            }`}
          >
            <div className="flex items-start gap-2">
              <p className="flex-1 font-medium">{toast.title}</p>
              <button type="button" onClick={() => dismiss(toast.id)} aria-label={`Dismiss: ${toast.title}`} className="rounded px-1 text-slate-500 hover:bg-slate-200 focus-visible:outline-2">
                ×
              </button>
            </div>
            {toast.body && <div className="mt-1 text-xs">{toast.body}</div>}
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}

/** show() a toast; outside a ToastProvider it does nothing (a component rendered on its own). */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? noToasts;
}

const noToasts: ToastApi = { show: () => undefined };
