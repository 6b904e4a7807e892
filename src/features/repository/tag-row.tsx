import { memo, type ReactNode, type Ref } from 'react';
import { Link } from '../../components/routing';
import * as cpuIcon from 'lucide-react/icons/cpu';
import * as fileBoxIcon from 'lucide-react/icons/file-box';
import * as layersIcon from 'lucide-react/icons/layers-2';
import * as tagIcon from 'lucide-react/icons/tag';
import { lucideIconData, MaskIcon } from '../../components/ui/mask-icon';
import { formatBytes, shortDigest } from '../../components/ui/format';
import { PlainRelativeTime } from '../../components/ui/relative-time';
import { Skeleton as SkeletonBar } from '../../components/ui/skeleton';
import { platformLabel, type ImageSummary } from '../../queries/image-summary';
import { manifestPath } from '../../config/route-paths';
import { CheckingMarker } from './checking-marker';
import { RowErrorMarker } from './row-error-marker';
import { chipColourClass, SameImageMarker } from './same-image-marker';
import type { TagActionSlots } from './tag-actions-slots';
import { TagRowActions } from './tag-row-actions';
import type { ErrorColumn, TagRowData } from './use-tag-details';
import { createdTime } from '../../registry/created-time';

// Drawn by CSS: a table renders them once per row (see MaskIcon).
const CPU = lucideIconData(cpuIcon);
const FILE_BOX = lucideIconData(fileBoxIcon);
const LAYERS = lucideIconData(layersIcon);
const TAG = lucideIconData(tagIcon);

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
  return <SkeletonBar className={width} />;
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
  if ((summary.minSize === undefined || summary.maxSize === undefined) && summary.complete && summary.totalSize !== undefined) {
    // The registry index gives an index's platforms together, not each one.
    return (
      <span className="whitespace-nowrap" title="All platforms together">
        <Bytes value={summary.totalSize} /> <span className="text-xs text-slate-500">all platforms</span>
      </span>
    );
  }
  if (summary.minSize === undefined || summary.maxSize === undefined) return <Skeleton />;
  return (
    <span className="whitespace-nowrap">
      {summary.minSize === summary.maxSize ? (
        <Bytes value={summary.maxSize} />
      ) : (
        <>
          <Bytes value={summary.minSize} /> – <Bytes value={summary.maxSize} />
        </>
      )}
      {summary.totalSize !== undefined && summary.platforms.length > 1 && (
        // One line per row: the total of every platform is for screen readers and the title.
        <span className="sr-only">
          , all platforms <Bytes value={summary.totalSize} />
        </span>
      )}
    </span>
  );
}

function CreatedValue({ summary }: { summary: ImageSummary }) {
  const time = createdTime(summary.created);
  if (time !== undefined) {
    return <PlainRelativeTime iso={summary.created ?? ''} time={time} />;
  }
  // None, or a zero or unparsable date (some build tools write 0001-01-01): not "Jan 1, 1".
  return summary.complete ? <span className="text-slate-500">unknown</span> : <Skeleton width="w-20" />;
}

function PlatformValue({ summary }: { summary: ImageSummary }) {
  if (summary.kind === 'artifact') {
    return (
      <span className="flex min-w-0 items-center gap-1 text-xs text-slate-600" title={summary.artifactType}>
        <MaskIcon icon={FILE_BOX} />
        <span className="truncate">artifact</span>
      </span>
    );
  }
  if (summary.kind === 'image') {
    const platform = summary.platforms[0];
    return platform?.architecture ? (
      <span className="flex min-w-0 items-center gap-1 text-xs">
        <MaskIcon icon={CPU} className="size-3.5 text-slate-500" />
        <span className="truncate font-mono">{platformLabel(platform)}</span>
      </span>
    ) : summary.complete ? (
      <span className="text-slate-500">unknown</span>
    ) : (
      <Skeleton />
    );
  }
  // One line: platforms side by side, each with its size; the list truncates, its title has all.
  const all = summary.platforms.map((platform) => `${platformLabel(platform)}${platform.size === undefined ? '' : ` ${formatBytes(platform.size)}`}`).join('\n');
  return (
    <span className="flex min-w-0 items-center gap-1 text-xs" title={all}>
      <MaskIcon icon={LAYERS} className="size-3.5 text-slate-500" />
      <ul className="flex min-w-0 gap-2 overflow-hidden whitespace-nowrap" aria-label={`${summary.platforms.length} platforms`}>
        {summary.platforms.map((platform, i) => (
          <li key={`${platform.digest}-${i}`} className="flex shrink-0 gap-1">
            <span className="font-mono">{platformLabel(platform)}</span>
            {platform.size === undefined ? summary.complete ? null : <Skeleton width="w-10" /> : <span className="text-slate-500"><Bytes value={platform.size} /></span>}
          </li>
        ))}
      </ul>
    </span>
  );
}

// Dense: one line per tag; below 640 px each row is a card (cells stack, the header hides).
const cell = 'px-3 py-0.5 align-middle max-sm:block max-sm:p-0';

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
  checking,
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
  const pending = (content: ReactNode) => content ?? (settled ? <span className="text-slate-500">—</span> : <Skeleton />);

  return (
    <tr
      ref={measureRef}
      data-index={index}
      aria-rowindex={index + 2}
      aria-busy={!settled || checking || undefined}
      className="group/row h-8 border-t border-slate-100 hover:bg-slate-50 max-sm:relative max-sm:grid max-sm:h-auto max-sm:grid-cols-2 max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-3 max-sm:py-2.5"
    >
      {onToggleSelect && (
        <td className={`${cell} max-sm:absolute max-sm:top-2.5 max-sm:right-3`}>
          <input type="checkbox" aria-label={`Select ${tag}`} checked={selected ?? false} onChange={() => onToggleSelect(tag)} />
        </td>
      )}
      <td className={`${cell} max-sm:col-span-2`}>
        <span className="flex min-w-0 items-center gap-1.5">
          <MaskIcon icon={TAG} className="size-3.5 text-slate-500" />
          <Link to={manifestPath(name, tag)} data-row-link="" className="truncate font-mono font-medium text-sky-800 hover:underline" title={tag}>
            {tag}
          </Link>
        </span>
      </td>
      <td className={`${cell} max-sm:col-span-2`}>
        {errorIn('digest') ??
          (missing ? (
            <span className="text-xs text-amber-800">Tag no longer exists</span>
          ) : digest ? (
            <span className="flex min-w-0 items-center gap-1.5 whitespace-nowrap">
              <Link
                to={manifestPath(name, digest)}
                title={digest}
                className={`shrink-0 rounded px-1 font-mono text-xs hover:underline ${shareCount > 1 ? `ring-1 ${chipColourClass(colour)}` : 'text-slate-700'}`}
              >
                {shortDigest(digest)}
              </Link>
              {checking && <CheckingMarker />}
              <SameImageMarker count={shareCount} colour={colour} text={sharedText} />
            </span>
          ) : (
            <Skeleton width="w-28" />
          ))}
      </td>
      <td className={`${cell} text-right whitespace-nowrap tabular-nums max-sm:text-left`}>{errorIn('size') ?? pending(summary && <SizeValue summary={summary} />)}</td>
      <td className={`${cell} whitespace-nowrap`}>{errorIn('created') ?? pending(summary && <CreatedValue summary={summary} />)}</td>
      <td className={`${cell} max-sm:col-span-2`}>{pending(summary && <PlatformValue summary={summary} />)}</td>
      <td className={`${cell} max-sm:col-span-2`}>
        <span className="flex items-center justify-end gap-1 whitespace-nowrap max-sm:justify-start">
          <TagRowActions name={name} tag={tag} digest={digest} loginServer={loginServer} />
          {/* Actions wait for the registry's answer: never a digest remembered from the last visit. */}
          {renderActions?.({ name, tag, digest: checking ? undefined : digest })}
        </span>
      </td>
    </tr>
  );
});
