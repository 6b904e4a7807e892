import type { ReactNode } from 'react';

interface EmptyStateProps {
  /** A decorative icon (aria-hidden by the caller's icon). */
  icon?: ReactNode;
  title: string;
  children?: ReactNode;
  /** A way on: a link back, a retry, a clear-filter button. */
  action?: ReactNode;
}

/** Nothing to show, said the same way everywhere, with a way on. */
export function EmptyState({ icon, title, children, action }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center gap-2 rounded-panel border border-dashed border-slate-300 bg-surface px-6 py-8 text-center text-sm text-slate-600">
      {icon && <span className="text-slate-500 [&>svg]:size-6">{icon}</span>}
      <p className="font-medium text-slate-800">{title}</p>
      {children && <div className="max-w-prose">{children}</div>}
      {action && <div className="mt-1">{action}</div>}
    </div>
  );
}
