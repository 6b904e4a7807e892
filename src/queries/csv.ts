/**
 * Table exports. One column definition serves the screen, the CSV and the JSON, so the three
 * always show the same numbers; units live in the header ("Logical size (bytes)"), never in a
 * cell, so a spreadsheet can sum the column.
 *
 * CSV follows RFC 4180 (CRLF line ends; a field holding a comma, a quote, CR or LF is quoted and
 * its quotes doubled). Text cells starting with = + - @ (or a tab / CR) are prefixed with an
 * apostrophe: a repository label or tag must not run as a formula when the file is opened in a
 * spreadsheet (OWASP "CSV injection"). Numbers are written as numbers, negative ones included.
 */

export type CellValue = string | number | boolean | null | undefined;

export interface ExportColumn<T> {
  /** Header with its unit, e.g. "Stored size (bytes)". */
  header: string;
  value: (row: T) => CellValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised against formula injection, then quoted when needed. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The same rows as JSON objects keyed by the same headers (units included). */
export function toJsonRows<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): Record<string, CellValue>[] {
  return rows.map((row) => {
    const out: Record<string, CellValue> = {};
    for (const column of columns) {
      const value = column.value(row);
      out[column.header] = value === undefined ? null : value;
    }
    return out;
  });
}

/** Parses CSV written by toCsv (quoted fields, doubled quotes, CRLF) — for tests and round trips. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // handled at \n
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
