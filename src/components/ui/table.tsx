import type { HTMLAttributes, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/**
 * Table parts shared by every table (tags, layers, diff, orphans, cleanup, audit), so they look
 * and behave alike: sentence-case headers, one-line cells, tabular numbers on the right.
 */

/** The bordered scroll box around a table. */
export function TableContainer({ className = '', ...props }: HTMLAttributes<HTMLDivElement> & { ref?: React.Ref<HTMLDivElement> }) {
  return <div className={`overflow-auto rounded-panel border border-slate-200 bg-surface ${className}`} {...props} />;
}

export function Table({ className = '', ...props }: TableHTMLAttributes<HTMLTableElement>) {
  return <table className={`w-full border-collapse text-left text-sm ${className}`} {...props} />;
}

/** Sticky inside its TableContainer: the header stays while the rows scroll. */
export function TableHeader({ className = '', ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={`sticky top-0 z-10 bg-slate-50 text-xs text-slate-600 shadow-[0_1px_0_var(--color-slate-200)] ${className}`} {...props} />;
}

export function TableBody(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody {...props} />;
}

export function TableRow({ className = '', ...props }: HTMLAttributes<HTMLTableRowElement> & { ref?: React.Ref<HTMLTableRowElement> }) {
  return <tr className={`border-t border-slate-100 hover:bg-slate-50 ${className}`} {...props} />;
}

interface CellOptions {
  /** Right-aligned, tabular figures, never wrapped: sizes, counts, deltas. */
  numeric?: boolean;
}

export function TableHead({ className = '', numeric = false, scope = 'col', ...props }: ThHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <th scope={scope} className={`px-3 py-2 font-semibold whitespace-nowrap ${numeric ? 'text-right' : ''} ${className}`} {...props} />;
}

export function TableCell({ className = '', numeric = false, ...props }: TdHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <td className={`px-3 py-1.5 align-middle ${numeric ? 'text-right whitespace-nowrap tabular-nums' : ''} ${className}`} {...props} />;
}
