import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parseCsv } from '../../queries/csv';
import { stubLayout } from '../../testing/jsdom-layout';
import type { AuditTableDef } from './audit-columns';
import { AuditTable, WINDOWED_FROM } from './audit-table';

// A scroll box 330 px high: ten 33 px rows in view.
stubLayout({ clientHeight: 330 });

interface Row {
  name: string;
  bytes: number;
}

function tableOf(count: number): AuditTableDef<Row> {
  return {
    id: 'big',
    title: 'Big',
    columns: [
      { key: 'name', label: 'Name', header: 'Name', rowHeader: true, value: (r) => r.name },
      { key: 'bytes', label: 'Bytes', header: 'Bytes', align: 'right', value: (r) => r.bytes },
    ],
    rows: Array.from({ length: count }, (_, i) => ({ name: `repo-${i}`, bytes: i * 10 })),
    rowKey: (r) => r.name,
  };
}

/** jsdom's Blob has no text(). */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

describe('AuditTable', () => {
  it('renders a bounded number of rows of a 10,000-row table, a real table that says how many rows it has', () => {
    const { container } = render(<AuditTable table={tableOf(10_000)} fileStem="t" empty="none" />);
    const table = screen.getByRole('table', { name: 'Big' });
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    const rows = within(table).getAllByRole('row');
    // the header, the rows in view and a few either side: not 10,000
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(container.querySelectorAll('tr').length).toBeLessThan(45);
    expect(within(table).getByRole('rowheader', { name: 'repo-0' })).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByRole('rowheader')).toHaveTextContent('repo-0');
    expect(rows[1]).toHaveAttribute('aria-rowindex', '2');
  });

  it('scrolling shows the rows further down in place of the first ones', () => {
    render(<AuditTable table={tableOf(10_000)} fileStem="t" empty="none" />);
    const table = screen.getByRole('table', { name: 'Big' });
    const box = table.parentElement as HTMLElement;
    box.scrollTop = 33 * 5000;
    fireEvent.scroll(box);
    expect(within(table).getByRole('rowheader', { name: 'repo-5000' }).closest('tr')).toHaveAttribute('aria-rowindex', '5002');
    expect(within(table).queryByRole('rowheader', { name: 'repo-0' })).not.toBeInTheDocument();
    expect(within(table).getAllByRole('row').length).toBeLessThan(40);
  });

  it('exports every row, not only those rendered', async () => {
    const created: Blob[] = [];
    const url = URL as unknown as Record<string, unknown>;
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:test';
    });
    url.createObjectURL = createObjectURL;
    url.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      render(<AuditTable table={tableOf(10_000)} fileStem="t" empty="none" />);
      await userEvent.click(screen.getByRole('button', { name: 'Export Big as CSV' }));
      const csv = parseCsv(await readText(created[0] as Blob));
      expect(csv[0]).toEqual(['Name', 'Bytes']);
      expect(csv.filter((line) => line.length === 2)).toHaveLength(10_001);
      expect(csv[10_000]).toEqual(['repo-9999', '99990']);
    } finally {
      click.mockRestore();
      // revokeObjectURL stays a no-op: the export calls it a second later.
      delete url.createObjectURL;
    }
  });

  it(`renders every row of a table of up to ${WINDOWED_FROM} rows`, () => {
    render(<AuditTable table={tableOf(WINDOWED_FROM)} fileStem="t" empty="none" />);
    const table = screen.getByRole('table', { name: 'Big' });
    expect(within(table).getAllByRole('row')).toHaveLength(WINDOWED_FROM + 1);
    expect(table).not.toHaveAttribute('aria-rowcount');
  });
});
