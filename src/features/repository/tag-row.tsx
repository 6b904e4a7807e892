import { memo, type ReactNode, type Ref } from 'react';
import { Link } from 'react-router';
import { formatBytes, formatDateTime, formatRelative, shortDigest } from '../../components/ui/format';
import { platformLabel, type ImageSummary } from '../../queries/image-summary';
import { manifestPath } from '../../config/route-paths';
import { RowErrorMarker } from './row-error-marker';
import { chipColourClass, SameImageMarker } from './same-image-marker';
import type { TagActionSlots } from './tag-actions-slots';
import { TagRowActions } from './tag-row-actions';
import type { ErrorColumn, TagRowData } from './use-tag-details';
import { createdTime } from '../../registry/created-time';

/** Every prop is a primitive or keeps its identity while unchanged: `memo` skips untouched rows. */
export interface TagRowProps extends TagRowData {
  name: string;
  loginServer: string;
  shareCount: number;
  sharedText: string;
  colour: number;
  /** Position in the sorted, filtered list (0-based); the header row is aria-rowindex 1. */
  index: number;
  measureRef: Ref<HTMLTableRowElement>;
  onRetry: () => void;
  /** Defined when rows are selectable (bulk actions): whether this one is. */
  selected?: boolean;
  onToggleSelect?: (tag: string) => void;
  renderActions?: TagActionSlots['renderTagActions'];
}

function Skeleton({ width = 'w-16' }: { width?: string }) {
  return <span aria-hidden="true" className={`inline-block h-3 ${width} animate-pulse rounded bg-slate-200 align-middle`} />;
}

function Bytes({ value }: { value: number }) {
  return <span title={`${value} bytes`}>{formatBytes(value)}</span>;
}

function SizeValue({ summary }: { summary: ImageSummary }) {
  if (summary.sizeUnknown) {
    return (
      <span className="text-slate-500" title={summary.sizeUnknown}>
        unknown
      </span>
    );
  }
  if (summary.kind !== 'index') return summary.size === undefined ? <Skeleton /> : <Bytes value={summary.size} />;
  if (summary.minSize === undefined || summary.maxSize === undefined) return <Skeleton />;
  return (
    <span className="flex flex-col">
      <span>
        {summary.minSize === summary.maxSize ? (
          <Bytes value={summary.maxSize} />
        ) : (
          <>
            <Bytes value={summary.minSize} /> – <Bytes value={summary.maxSize} />
          </>
        )}
      </span>
      {summary.totalSize !== undefined && summary.platforms.length > 1 && (
        <span className="text-xs text-slate-500">
          all platforms <Bytes value={summary.totalSize} />
        </span>
      )}
    </span>
  );
}

function CreatedValue({ summary }: { summary: ImageSummary }) {
  const time = createdTime(summary.created);
  if (time !== undefined) {
    return (
      <time dateTime={new Date(time).toISOString()} title={formatDateTime(summary.created)}>
        {formatRelative(summary.created)}
      </time>
    );
  }
  // None, or a zero or unparsable date (some build tools write 0001-01-01): not "Jan 1, 1".
  return summary.complete ? <span className="text-slate-400">unknown</span> : <Skeleton width="w-20" />;
}

function PlatformValue({ summary }: { summary: ImageSummary }) {
  if (summary.kind === 'artifact') {
    return (
      <span className="truncate text-xs text-slate-600" title={summary.artifactType}>
        artifact
      </span>
    );
  }
  if (summary.kind === 'image') {
    const platform = summary.platforms[0];
    return platform?.architecture ? <span className="font-mono text-xs">{platformLabel(platform)}</span> : <Skeleton />;
  }
  return (
    <ul className="space-y-0.5 text-xs" aria-label={`${summary.platforms.length} platforms`}>
      {summary.platforms.map((platform) => (
        <li key={platform.digest} className="flex justify-between gap-2">
          <span className="font-mono">{platformLabel(platform)}</span>
          {platform.size === undefined ? <Skeleton width="w-10" /> : <Bytes value={platform.size} />}
        </li>
      ))}
    </ul>
  );
}

const cell = 'px-3 py-2 align-top';

export const TagRow = memo(function TagRow({
  name,
  loginServer,
  tag,
  digest,
  summary,
  missing,
  error,
  errorColumn,
  settled,
  shareCount,
  sharedText,
  colour,
  index,
  measureRef,
  onRetry,
  selected,
  onToggleSelect,
  renderActions,
}: TagRowProps) {
  const errorIn = (column: ErrorColumn) => (error !== undefined && errorColumn === column ? <RowErrorMarker error={error} tag={tag} onRetry={onRetry} /> : null);
  // After a failure or a vanished tag nothing more will come: show a dash, not a skeleton.
  const pending = (content: ReactNode) => content ?? (settled ? <span className="text-slate-400">—</span> : <Skeleton />);

  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={index + 2}
      aria-busy={!settled || undefined}
      className="border-t border-slate-100 hover:bg-slate-50"
    >
      {onToggleSelect && (
        <td className={cell}>
          <input type="checkbox" aria-label={`Select ${tag}`} checked={selected ?? false} onChange={() => onToggleSelect(tag)} />
        </td>
      )}
      <td className={`${cell} truncate`}>
        <Link to={manifestPath(name, tag)} className="font-mono text-sky-800 hover:underline" title={tag}>
          {tag}
        </Link>
      </td>
      <td className={cell}>
        {errorIn('digest') ??
          (missing ? (
            <span className="text-xs text-amber-800">Tag no longer exists</span>
          ) : digest ? (
            <span className="flex min-w-0 flex-col gap-0.5">
              <Link
                to={manifestPath(name, digest)}
                title={digest}
                className={`w-fit rounded px-1 font-mono text-xs hover:underline ${shareCount > 1 ? `ring-1 ${chipColourClass(colour)}` : 'text-slate-700'}`}
              >
                {shortDigest(digest)}
              </Link>
              <SameImageMarker count={shareCount} colour={colour} text={sharedText} />
            </span>
          ) : (
            <Skeleton width="w-28" />
          ))}
      </td>
      <td className={`${cell} whitespace-nowrap`}>{errorIn('size') ?? pending(summary && <SizeValue summary={summary} />)}</td>
      <td className={`${cell} whitespace-nowrap`}>{errorIn('created') ?? pending(summary && <CreatedValue summary={summary} />)}</td>
      <td className={cell}>{pending(summary && <PlatformValue summary={summary} />)}</td>
      <td className={cell}>
        <span className="flex flex-wrap items-center justify-end gap-1">
          <TagRowActions name={name} tag={tag} digest={digest} loginServer={loginServer} />
          {renderActions?.({ name, tag, digest })}
        </span>
      </td>
    </tr>
  );
});
