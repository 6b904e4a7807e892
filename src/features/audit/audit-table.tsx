import type { ReactNode } from 'react';
import type { AuditTableDef } from './audit-columns';
import { ExportButtons } from './export-buttons';

interface AuditTableProps<T> {
  table: AuditTableDef<T>;
  fileStem: string;
  caption?: ReactNode;
  empty: string;
  /** Row rendered bold (the namespace itself above its children). */
  emphasize?: (row: T) => boolean;
}

/** A section with one audit table and its CSV / JSON exports. */
export function AuditTable<T>({ table, fileStem, caption, empty, emphasize }: AuditTableProps<T>) {
  const headingId = `audit-${table.id}-heading`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold">
          {table.title}
        </h2>
        <ExportButtons title={table.title} fileStem={`${fileStem}-${table.id}`} columns={table.columns} rows={table.rows} />
      </div>
      {caption && <p className="text-sm text-slate-600">{caption}</p>}
      {table.rows.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table aria-labelledby={headingId} className="w-full border-collapse text-sm">
            <thead>
              <tr className="border-b border-slate-300 text-left">
                {table.columns.map((column) => (
                  <th key={column.key} scope="col" className={`px-2 py-1 font-medium ${column.align === 'right' ? 'text-right' : ''}`}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={table.rowKey(row)} className={`border-b border-slate-100 ${emphasize?.(row) ? 'bg-slate-50 font-semibold' : ''}`}>
                  {table.columns.map((column) => {
                    const content = column.cell ? column.cell(row) : String(column.value(row) ?? '');
                    const className = `px-2 py-1 ${column.align === 'right' ? 'text-right tabular-nums' : ''}`;
                    return column.rowHeader ? (
                      <th key={column.key} scope="row" data-column={column.key} className={`${className} text-left font-normal`}>
                        {content}
                      </th>
                    ) : (
                      <td key={column.key} data-column={column.key} className={className}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
