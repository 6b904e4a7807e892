import type { CSSProperties, KeyboardEvent } from 'react';
import { Link } from 'react-router';
import Box from 'lucide-react/icons/box';
import ChevronRight from 'lucide-react/icons/chevron-right';
import Folder from 'lucide-react/icons/folder';
import FolderOpen from 'lucide-react/icons/folder-open';
import type { VisibleNode } from '../../registry/namespace-tree';
import { repositoryCountText } from './count-text';

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
}

export function CatalogTreeRow({ row, index, posInSet, setSize, focusable, style, onToggle, onFocusRow, onKeyDown }: CatalogTreeRowProps) {
  const { node, depth, expanded, hasChildren } = row;
  const count = repositoryCountText(node.repositoryCount);
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={hasChildren ? expanded : undefined}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      aria-label={hasChildren ? `${node.segment}, ${count}` : node.segment}
      tabIndex={focusable ? 0 : -1}
      data-index={index}
      style={{ ...style, paddingLeft: `${depth * 1.25 + 0.25}rem` }}
      className="absolute top-0 left-0 flex w-full items-center gap-1.5 pr-3 font-mono text-sm hover:bg-slate-100 focus:bg-sky-50 focus:outline-2 focus:-outline-offset-2 focus:outline-focus"
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
      {hasChildren && <span className="ml-auto shrink-0 pl-3 font-sans text-xs text-slate-500 tabular-nums">{count}</span>}
    </div>
  );
}
