import type { ReactNode } from 'react';
import { formatDateTime, formatRelative } from '../../components/ui/format';
import type { FiguresSource } from './use-repository-figures';

function When({ time }: { time: number }) {
  const iso = new Date(time).toISOString();
  const absolute = formatDateTime(iso);
  return (
    <time dateTime={iso} title={absolute} data-relative-time="">
      {formatRelative(iso)}
      <span className="sr-only"> ({absolute})</span>
    </time>
  );
}

/** Where the tree's tag counts, sizes and last pushes come from: one line above the tree. */
export function FiguresSourceLine({ source, compact = false }: { source: FiguresSource | undefined; compact?: boolean }) {
  if (!source) return null;
  const className = 'text-xs text-slate-600';
  if (source.kind === 'index') {
    return (
      <p className={className}>
        Counts from the index, as of <When time={source.asOf} />.
      </p>
    );
  }
  const parts: ReactNode[] = [];
  if (source.crawledAt !== undefined) parts.push(<span key="audit">from the audit of <When time={source.crawledAt} /></span>);
  if (source.visited) parts.push(<span key="visited">{parts.length > 0 ? ' and, for tag counts, ' : 'tag counts only '}from repositories opened in this session</span>);
  const found = parts.length > 0;
  return (
    <p className={source.indexError ? 'text-xs text-amber-800' : className}>
      {source.indexError && <>The index did not answer{compact ? '' : ` (${source.indexError.message})`}: </>}
      {found ? (
        <>
          {source.indexError ? 'counts' : 'Counts'} {parts}.
        </>
      ) : source.indexError ? (
        'counts and sizes are not known.'
      ) : compact ? null : (
        'Tag counts and sizes show here once the audit has crawled the registry.'
      )}
    </p>
  );
}
