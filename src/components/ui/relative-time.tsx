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

/**
 * "3 days ago" with the absolute time as a native title: for tables whose rows render many times
 * over (the tag table as its answers arrive, the audit's during a crawl), where a tooltip
 * component per cell costs too much.
 */
export function PlainRelativeTime({ iso, time }: { iso: string; time: number }) {
  return (
    <time dateTime={new Date(time).toISOString()} title={formatDateTime(iso)} data-relative-time="" className="whitespace-nowrap tabular-nums">
      {formatRelative(iso)}
    </time>
  );
}

/**
 * A registry timestamp that may be missing ("—") or meaningless (Go's zero time: "unknown").
 * `plainTooltip`: the absolute time as a native title (PlainRelativeTime).
 */
export function Timestamp({ iso, plainTooltip = false }: { iso: string | undefined; plainTooltip?: boolean }) {
  if (!iso) return <span className="text-slate-500">—</span>;
  const time = createdTime(iso);
  if (time === undefined) return <span className="text-slate-500">unknown</span>;
  return plainTooltip ? <PlainRelativeTime iso={iso} time={time} /> : <RelativeTime iso={iso} time={time} />;
}
