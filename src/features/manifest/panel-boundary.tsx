import type { ReactNode } from 'react';
import { ErrorBoundary } from '../../components/error-boundary';
import { ErrorPanel } from '../../components/ui/error-panel';

/** One broken panel (unexpected data, a bug) shows its error in place; the rest of the page stays. */
export function PanelBoundary({ title, children }: { /** Names the panel in the message: "The Layers panel failed". */ title: string; children: ReactNode }) {
  return (
    <ErrorBoundary
      fallback={(error, retry) => <ErrorPanel error={error} title={`The ${title} panel failed`} onRetry={retry} />}
      onError={(error, info) => console.error(`Panel "${title}" failed`, error, info.componentStack)}
    >
      {children}
    </ErrorBoundary>
  );
}
