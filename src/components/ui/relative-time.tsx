import { createdTime } from '../../registry/created-time';
import { formatDateTime, formatRelative } from './format';
import { Tooltip } from './tooltip';

/** "3 days ago", with the absolute time in a tooltip; `data-relative-time` lets screenshots mask it. */
export function RelativeTime({ iso, time }: { iso: string; time: number }) {
  return (
    <Tooltip content={formatDateTime(iso)}>
      <time dateTime={new Date(time).toISOString()} data-relative-time="" className="whitespace-nowrap tabular-nums">
        {formatRelative(iso)}
      </time>
    </Tooltip>
  );
}

/** A registry timestamp that may be missing ("—") or meaningless (Go's zero time: "unknown"). */
export function Timestamp({ iso }: { iso: string | undefined }) {
  if (!iso) return <span className="text-slate-500">—</span>;
  const time = createdTime(iso);
  return time === undefined ? <span className="text-slate-500">unknown</span> : <RelativeTime iso={iso} time={time} />;
}
