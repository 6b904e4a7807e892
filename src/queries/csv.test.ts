import { csvField, parseCsv, toCsv, toJsonRows, type ExportColumn } from './csv';

describe('csv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('neutralises formulas in text cells but keeps numbers numeric', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('writes a header row with units and CRLF line ends, and parses back', () => {
    interface Row {
      name: string;
      bytes: number;
    }
    const columns: ExportColumn<Row>[] = [
      { header: 'Repository', value: (r) => r.name },
      { header: 'Stored size (bytes)', value: (r) => r.bytes },
    ];
    const rows = [
      { name: 'a,b', bytes: 10 },
      { name: '=evil', bytes: 0 },
      { name: 'multi\r\nline "q"', bytes: 3 },
    ];
    const csv = toCsv(columns, rows);
    expect(csv.startsWith('Repository,Stored size (bytes)\r\n"a,b",10\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['Repository', 'Stored size (bytes)'],
      ['a,b', '10'],
      ["'=evil", '0'],
      ['multi\r\nline "q"', '3'],
    ]);
    expect(toJsonRows(columns, rows)[0]).toEqual({ Repository: 'a,b', 'Stored size (bytes)': 10 });
  });
});
