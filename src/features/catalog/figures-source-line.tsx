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
  const audit = source.crawledAt !== undefined ? <When time={source.crawledAt} /> : null;
  let sentence: ReactNode;
  if (audit && source.visited) sentence = <>Counts from the audit of {audit}, and tag counts from repositories opened in this session.</>;
  else if (audit) sentence = <>Counts from the audit of {audit}.</>;
  else if (source.visited) sentence = 'Tag counts from repositories opened in this session.';
  else if (source.indexError) sentence = 'Counts and sizes are unknown.';
  else sentence = compact ? null : 'Tag counts and sizes show here once the audit has crawled the registry.';
  if (!source.indexError && sentence === null) return null;
  return (
    <p className={source.indexError ? 'text-xs text-amber-800' : className}>
      {source.indexError && <>The index did not answer{compact ? '' : ` (${source.indexError.message})`}. </>}
      {sentence}
    </p>
  );
}
