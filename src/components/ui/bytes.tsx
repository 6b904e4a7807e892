import { formatBytes } from './format';

const exact = new Intl.NumberFormat('en-US');

/** "48,000 bytes": the exact count people compare. */
export function exactByteCount(bytes: number): string {
  return `${exact.format(bytes)} bytes`;
}

/**
 * A size on one line ("48.0 KB", never wrapped), the exact byte count in its tooltip. Every table
 * shows sizes this way; `data-bytes` carries the exact count for tests and exports.
 */
export function Bytes({ bytes, className = '' }: { bytes: number; className?: string }) {
  return (
    <span data-bytes={bytes} title={exactByteCount(bytes)} className={`whitespace-nowrap tabular-nums ${className}`}>
      {formatBytes(bytes)}
    </span>
  );
}
