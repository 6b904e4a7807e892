import { useId } from 'react';
import { CopyButton } from '../../components/ui/copy-button';
import { Table, TableBody, TableCell, TableContainer, TableRow, TableRowHeader } from '../../components/ui/table';
import { safeExternalUrl } from './safe-url';

export interface KeyValueRow {
  key: string;
  value: string;
  /** Turn an http(s) URL value into a link (labels, annotations). */
  linkify?: boolean;
}

interface KeyValueTableProps {
  title: string;
  rows: KeyValueRow[];
  /** Shown instead of an empty table. */
  empty?: string;
}

/** Longer values are cut in the table (a registry may put megabytes in an annotation); copy gets all of it. */
const MAX_SHOWN = 2000;

function Value({ row }: { row: KeyValueRow }) {
  if (row.value.length > MAX_SHOWN) {
    return (
      <span className="font-mono text-xs break-all whitespace-pre-wrap">
        {row.value.slice(0, MAX_SHOWN)}
        <span className="text-slate-500"> … ({row.value.length} characters in all: copy for the rest)</span>
      </span>
    );
  }
  const href = row.linkify ? safeExternalUrl(row.value) : null;
  if (href) {
    return (
      <a href={href} target="_blank" rel="noopener noreferrer" className="font-mono text-xs break-all text-sky-700 underline hover:text-sky-900">
        {row.value}
      </a>
    );
  }
  return <span className="font-mono text-xs break-all whitespace-pre-wrap">{row.value}</span>;
}

/** A titled two-column table; every value as text (or a vetted http(s) link) with a copy button. */
export function KeyValueTable({ title, rows, empty = 'none' }: KeyValueTableProps) {
  const id = useId();
  return (
    <div className="min-w-0">
      <h3 id={id} className="mt-3 mb-1 text-sm font-semibold text-slate-800">
        {title}
      </h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <TableContainer>
          <Table aria-labelledby={id} className="min-w-[24rem] table-fixed">
            <colgroup>
              <col className="w-1/3" />
              <col />
              <col className="w-20" />
            </colgroup>
            <thead className="sr-only">
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Copy</th>
              </tr>
            </thead>
            <TableBody>
              {rows.map((row, i) => (
                <TableRow key={`${row.key}-${i}`} className="align-top first:border-t-0">
                  <TableRowHeader pinned className="font-mono text-xs break-all text-slate-600">
                    {row.key}
                  </TableRowHeader>
                  <TableCell>
                    <Value row={row} />
                  </TableCell>
                  <TableCell className="text-right">
                    <CopyButton text={row.value} label={`Copy ${title.toLowerCase()} ${row.key}`} showTextAsTitle={row.value.length <= MAX_SHOWN} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </div>
  );
}

/** Annotations/labels as rows, keys sorted. */
export function recordRows(record: Record<string, string> | null | undefined, linkify = true): KeyValueRow[] {
  return Object.entries(record ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value, linkify }));
}
