import { formatBytes } from '../../components/ui/format';

const exact = new Intl.NumberFormat('en-US');

/** "307.5 KB 307,500 B" on one line (never wrapped): inspectors compare sizes to the byte. */
export function ByteSize({ bytes }: { bytes: number }) {
  return (
    <span className="inline-flex items-baseline gap-1.5 whitespace-nowrap tabular-nums">
      <span>{formatBytes(bytes)}</span>
      <span className="text-xs text-slate-500">{exact.format(bytes)} B</span>
    </span>
  );
}

export function exactBytes(bytes: number): string {
  return `${exact.format(bytes)} B`;
}
