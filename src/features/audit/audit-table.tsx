import { useRef, type ReactNode } from 'react';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow, TableRowHeader } from '../../components/ui/table';
import { useRowWindow } from '../../components/ui/use-row-window';
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

/** Longer tables render only the rows in view (10,000 repositories are 10,000 rows). */
export const WINDOWED_FROM = 100;
/** One line of text-sm with py-1.5, plus the row's top border: every audit row is one line. */
const ROW_HEIGHT = 33;

/** A section with one audit table and its CSV / JSON exports (which always hold every row). */
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
      {table.rows.length === 0 ? <p className="text-sm text-slate-500">{empty}</p> : <AuditRows table={table} headingId={headingId} emphasize={emphasize} />}
    </section>
  );
}

function AuditRows<T>({ table, headingId, emphasize }: { table: AuditTableDef<T>; headingId: string; emphasize?: (row: T) => boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const windowed = table.rows.length > WINDOWED_FROM;
  const rowWindow = useRowWindow({
    count: windowed ? table.rows.length : 0,
    rowHeight: ROW_HEIGHT,
    overscan: 10,
    scrollRef,
    getItemKey: (index) => index,
  });
  const indexes = windowed ? rowWindow.getVirtualItems().map((item) => item.index) : table.rows.map((_, index) => index);
  const first = indexes[0] ?? 0;
  const last = indexes.at(-1) ?? -1;
  const above = windowed ? first * ROW_HEIGHT : 0;
  const below = windowed ? (table.rows.length - last - 1) * ROW_HEIGHT : 0;
  const columns = table.columns.length;
  return (
    <TableContainer ref={scrollRef} className="max-h-[calc(100dvh-8rem)]">
      <Table aria-labelledby={headingId} aria-rowcount={windowed ? table.rows.length + 1 : undefined}>
        <TableHeader>
          <tr aria-rowindex={windowed ? 1 : undefined}>
            {table.columns.map((column) => (
              <TableHead key={column.key} numeric={column.align === 'right'} pinned={column.rowHeader}>
                {column.label}
              </TableHead>
            ))}
          </tr>
        </TableHeader>
        <TableBody>
          {above > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns} style={{ height: above, padding: 0 }} />
            </tr>
          )}
          {indexes.map((index) => {
            const row = table.rows[index] as T;
            return (
              <TableRow
                key={table.rowKey(row)}
                aria-rowindex={windowed ? index + 2 : undefined}
                style={windowed ? { height: ROW_HEIGHT } : undefined}
                className={emphasize?.(row) ? 'bg-slate-50 font-semibold' : ''}
              >
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
            );
          })}
          {below > 0 && (
            <tr aria-hidden="true">
              <td colSpan={columns} style={{ height: below, padding: 0 }} />
            </tr>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
