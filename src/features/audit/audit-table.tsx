import type { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow, TableRowHeader } from '../../components/ui/table';
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
        <TableContainer className="max-h-[calc(100dvh-8rem)]">
          <Table aria-labelledby={headingId}>
            <TableHeader>
              <tr>
                {table.columns.map((column) => (
                  <TableHead key={column.key} numeric={column.align === 'right'} pinned={column.rowHeader}>
                    {column.label}
                  </TableHead>
                ))}
              </tr>
            </TableHeader>
            <TableBody>
              {table.rows.map((row) => (
                <TableRow key={table.rowKey(row)} className={emphasize?.(row) ? 'bg-slate-50 font-semibold' : ''}>
                  {table.columns.map((column) => {
                    const content = column.cell ? column.cell(row) : String(column.value(row) ?? '');
                    const numeric = column.align === 'right';
                    return column.rowHeader ? (
                      <TableRowHeader key={column.key} data-column={column.key} numeric={numeric} pinned className="max-w-[24rem] truncate whitespace-nowrap">
                        {content}
                      </TableRowHeader>
                    ) : (
                      <TableCell key={column.key} data-column={column.key} numeric={numeric} className={numeric ? '' : 'max-w-[24rem] truncate whitespace-nowrap'}>
                        {content}
                      </TableCell>
                    );
                  })}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </section>
  );
}
