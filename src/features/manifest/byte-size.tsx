import { formatBytes } from '../../components/ui/format';

const exact = new Intl.NumberFormat('en-US');

/** "307.5 KB" with the exact byte count under it: inspectors compare sizes to the byte. */
export function ByteSize({ bytes }: { bytes: number }) {
  return (
    <span className="inline-flex flex-col leading-tight">
      <span>{formatBytes(bytes)}</span>
      <span className="text-xs text-slate-500">{exact.format(bytes)} B</span>
    </span>
  );
}

export function exactBytes(bytes: number): string {
  return `${exact.format(bytes)} B`;
}
