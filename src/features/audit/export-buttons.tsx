import { buttonClass } from '../../components/ui/dialog';
import { toCsv, toJsonRows, type ExportColumn } from '../../queries/csv';

interface ExportButtonsProps<T> {
  /** Used in the button names and the file names. */
  title: string;
  fileStem: string;
  columns: readonly ExportColumn<T>[];
  rows: readonly T[];
}

function download(name: string, type: string, text: string): void {
  // jsdom (component tests) has no object URLs: nothing to download there.
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV and JSON downloads of one table: the rows and columns shown, units in the headers. */
export function ExportButtons<T>({ title, fileStem, columns, rows }: ExportButtonsProps<T>) {
  return (
    <div className="flex gap-2">
      <button type="button" className={buttonClass.small} onClick={() => download(`${fileStem}.csv`, 'text/csv;charset=utf-8', toCsv(columns, rows))}>
        Export {title} as CSV
      </button>
      <button
        type="button"
        className={buttonClass.small}
        onClick={() => download(`${fileStem}.json`, 'application/json', JSON.stringify(toJsonRows(columns, rows), null, 2) + '\n')}
      >
        Export {title} as JSON
      </button>
    </div>
  );
}
