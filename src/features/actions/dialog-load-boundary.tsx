import { Suspense, type ReactNode } from 'react';
import { ErrorBoundary } from '../../components/error-boundary';
import { buttonClass } from '../../components/ui/button';
import { ErrorPanel } from '../../components/ui/error-panel';

/**
 * Around a dialog loaded on demand: while its code downloads nothing shows, and if it cannot be
 * downloaded (a newer version deployed since the page opened, the network gone) the page stays as
 * it is, with the reason over it and a way to close it, instead of the page's error panel.
 * Nothing was asked of the registry yet.
 */
export function DialogLoadBoundary({ onClose, children }: { onClose: () => void; children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error) => (
        <div role="dialog" aria-label="The dialog could not be opened" className="fixed inset-x-4 top-20 z-50 mx-auto flex max-w-md flex-col gap-2 rounded-md bg-white p-3 shadow-lg">
          <ErrorPanel error={error} title="The dialog could not be opened" />
          <button type="button" className={`self-end ${buttonClass.secondary}`} onClick={onClose} autoFocus>
            Close
          </button>
        </div>
      )}
    >
      <Suspense fallback={null}>{children}</Suspense>
    </ErrorBoundary>
  );
}
