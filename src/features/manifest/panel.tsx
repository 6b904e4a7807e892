import { useId, type ReactNode } from 'react';
import { PanelBoundary } from './panel-boundary';

interface PanelProps {
  title: string;
  /** Shown right of the heading (buttons, counts). */
  aside?: ReactNode;
  children: ReactNode;
}

/** A section of the inspector: an h2, and an error boundary so its failure stays inside it. */
export function Panel({ title, aside, children }: PanelProps) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="mt-6 min-w-0">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 pb-1">
        <h2 id={id} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        {aside}
      </div>
      <PanelBoundary title={title}>{children}</PanelBoundary>
    </section>
  );
}

export function Note({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'warn' }) {
  const colours = tone === 'warn' ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-slate-200 bg-slate-50 text-slate-700';
  return <p className={`my-2 rounded border px-3 py-2 text-sm ${colours}`}>{children}</p>;
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="text-sm text-slate-500">
      Loading {what}…
    </p>
  );
}
