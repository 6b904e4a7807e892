import type { HTMLAttributes, TableHTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/**
 * Table parts shared by every table (tags, layers, diff, orphans, cleanup, audit), so they look
 * and behave alike: sentence-case headers, one-line cells, tabular numbers on the right, a header
 * that stays while the rows scroll. Below 640 px a wide table scrolls sideways inside its
 * container with its key column pinned on the left (the tag table alone turns rows into cards).
 */

/**
 * The bordered scroll box around a table. The header sticks to its top, so a long table gives it
 * a max height (`className="max-h-[…]"`): the box scrolls, not the page.
 */
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
  return <tr className={`group/row border-t border-slate-100 hover:bg-slate-50 ${className}`} {...props} />;
}

interface CellOptions {
  /** Right-aligned, tabular figures, never wrapped: sizes, counts, deltas. */
  numeric?: boolean;
  /** The key column (name, digest): stays on the left while a narrow screen scrolls the table sideways. */
  pinned?: boolean;
}

const pinnedHead = 'max-sm:sticky max-sm:left-0 max-sm:z-[1] max-sm:bg-slate-50';
const pinnedCell = 'max-sm:sticky max-sm:left-0 max-sm:z-[1] max-sm:bg-surface max-sm:group-hover/row:bg-slate-50 max-sm:shadow-[1px_0_0_var(--color-slate-200)]';

export function TableHead({ className = '', numeric = false, pinned = false, scope = 'col', ...props }: ThHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <th scope={scope} className={`px-3 py-2 font-semibold whitespace-nowrap ${numeric ? 'text-right' : ''} ${pinned ? pinnedHead : ''} ${className}`} {...props} />;
}

export function TableCell({ className = '', numeric = false, pinned = false, ...props }: TdHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return <td className={`px-3 py-1.5 align-middle ${numeric ? 'text-right whitespace-nowrap tabular-nums' : ''} ${pinned ? pinnedCell : ''} ${className}`} {...props} />;
}

/** A row header cell (`<th scope="row">`) that looks like a cell: the row's accessible name. */
export function TableRowHeader({ className = '', numeric = false, pinned = false, ...props }: ThHTMLAttributes<HTMLTableCellElement> & CellOptions) {
  return (
    <th
      scope="row"
      className={`px-3 py-1.5 text-left align-middle font-normal ${numeric ? 'text-right whitespace-nowrap tabular-nums' : ''} ${pinned ? pinnedCell : ''} ${className}`}
      {...props}
    />
  );
}
