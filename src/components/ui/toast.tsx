import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ErrorBoundary } from '../error-boundary';

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

// Radix Toast (announcements, pause on hover/focus, F8, swipe) is loaded with the first toast:
// most visits show none, so the catalog's first load does not carry it.
const ToastViewport = lazy(() => import('./toast-viewport').then((m) => ({ default: m.ToastViewport })));

/** Keeps the last five toasts; the viewport, once mounted by the first, stays for the next ones. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [viewportNeeded, setViewportNeeded] = useState(false);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);
  const show = useCallback((toast: Omit<Toast, 'id'>) => {
    const id = nextId.current++;
    setViewportNeeded(true);
    setToasts((current) => [...current.slice(-4), { ...toast, id }]);
  }, []);
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      {viewportNeeded && (
        // Its chunk may be gone (a newer version deployed since the page opened): the titles, plainly.
        <ErrorBoundary fallback={() => <PlainToasts toasts={toasts} />}>
          <Suspense fallback={null}>
            <ToastViewport toasts={toasts} duration={TOAST_MS} onDismiss={dismiss} />
          </Suspense>
        </ErrorBoundary>
      )}
    </ToastContext.Provider>
  );
}

function PlainToasts({ toasts }: { toasts: Toast[] }) {
  return (
    <p role="status" className="fixed right-4 bottom-4 rounded-md border bg-white p-2 shadow">
      {toasts.at(-1)?.title}
    </p>
  );
}

/** show() a toast; outside a ToastProvider it does nothing (a component rendered on its own). */
export function useToast(): ToastApi {
  return useContext(ToastContext) ?? noToasts;
}

const noToasts: ToastApi = { show: () => undefined };
