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
