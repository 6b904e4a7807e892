import type { CSSProperties, KeyboardEvent } from 'react';
import { Link } from '../../components/routing';
import Box from 'lucide-react/icons/box';
import ChevronRight from 'lucide-react/icons/chevron-right';
import Folder from 'lucide-react/icons/folder';
import FolderOpen from 'lucide-react/icons/folder-open';
import type { NodeFigures, VisibleNode } from '../../registry/namespace-tree';
import { figureTexts, repositoryCountText, type FigureText } from './count-text';

export const ROW_HEIGHT = 28;

interface CatalogTreeRowProps {
  row: VisibleNode;
  index: number;
  posInSet: number;
  setSize: number;
  focusable: boolean;
  style: CSSProperties;
  onToggle: (path: string, open: boolean) => void;
  onFocusRow: (index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLDivElement>, index: number) => void;
  figures?: NodeFigures;
  /** Narrow (the sidebar): one figure per row, the repository count or the tag count. */
  compact?: boolean;
  /** The repository the page shows. */
  current?: boolean;
}

function Figure({ figure, className }: { figure: FigureText | undefined; className: string }) {
  return (
    <span aria-hidden="true" className={`shrink-0 text-right ${className}`} title={figure?.title}>
      {figure?.text}
    </span>
  );
}

export function CatalogTreeRow({ row, index, posInSet, setSize, focusable, style, onToggle, onFocusRow, onKeyDown, figures, compact = false, current = false }: CatalogTreeRowProps) {
  const { node, depth, expanded, hasChildren } = row;
  const count = repositoryCountText(node.repositoryCount);
  const texts = figureTexts(figures);
  const spoken = [hasChildren ? count : undefined, texts.tags?.label, compact ? undefined : texts.size?.label, compact ? undefined : texts.lastPush?.label].filter(Boolean);
  const label = [node.segment, ...spoken].join(', ');
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      style={{ ...style, paddingLeft: `${depth * 1.25 + 0.25}rem` }}
      className={`absolute top-0 left-0 flex w-full items-center gap-1.5 pr-3 font-mono text-sm hover:bg-slate-100 focus:bg-sky-50 focus:outline-2 focus:-outline-offset-2 focus:outline-focus ${current ? 'bg-sky-100 font-semibold' : ''}`}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow(index);
      }}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      {hasChildren ? (
        <button
          type="button"
          tabIndex={-1}
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.path}`}
          onClick={() => onToggle(node.path, !expanded)}
          className="flex h-5 w-5 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900"
        >
          <ChevronRight aria-hidden="true" className={`size-3.5 transition-transform ${expanded ? 'rotate-90' : ''}`} />
        </button>
      ) : (
        <span aria-hidden="true" className="w-5 shrink-0" />
      )}
      {node.isRepository ? (
        <Box aria-hidden="true" className="size-3.5 shrink-0 text-sky-700" />
      ) : expanded ? (
        <FolderOpen aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />
      ) : (
        <Folder aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />
      )}
      {node.isRepository ? (
        <Link
          to={`/r/${node.path}`}
          aria-label={node.path}
          aria-current={current ? 'page' : undefined}
          tabIndex={-1}
          className="truncate text-sky-800 hover:underline"
          title={node.path}
        >
          {node.segment}
        </Link>
      ) : (
        <span
          className="cursor-default truncate text-slate-800"
          title={node.path}
          onClick={() => onToggle(node.path, !expanded)}
        >
          {node.segment}/
        </span>
      )}
      <span className="ml-auto flex shrink-0 gap-3 pl-3 font-sans text-xs text-slate-600 tabular-nums">
        {compact ? (
          <span aria-hidden="true" className="text-right">{hasChildren ? count : texts.tags?.text}</span>
        ) : (
          <>
            <span aria-hidden="true" className="w-28 text-right">{hasChildren ? count : null}</span>
            <Figure figure={texts.tags} className="w-20" />
            <Figure figure={texts.size} className="w-20 max-sm:hidden" />
            <Figure figure={texts.lastPush} className="w-28 max-md:hidden" />
          </>
        )}
      </span>
    </div>
  );
}
