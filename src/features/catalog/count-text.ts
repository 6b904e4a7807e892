import type { NodeFigures } from '../../registry/namespace-tree';
import { formatBytes, formatDateTime, formatRelative } from '../../components/ui/format';

const numberFormat = new Intl.NumberFormat('en-US');

export function repositoryCountText(count: number): string {
  return `${numberFormat.format(count)} ${count === 1 ? 'repository' : 'repositories'}`;
}

export function tagCountText(count: number): string {
  return `${numberFormat.format(count)} ${count === 1 ? 'tag' : 'tags'}`;
}

/** One figure of a row: what it shows, what a screen reader hears, what the tooltip adds. */
export interface FigureText {
  text: string;
  label: string;
  title?: string;
}

export interface RowFigureTexts {
  tags?: FigureText;
  size?: FigureText;
  lastPush?: FigureText;
}

/**
 * The texts of a row's figures. A namespace's sums over only some of its repositories are lower
 * bounds, shown "≥" and read "at least"; an unknown figure has no text at all (never 0).
 */
export function figureTexts(figures: NodeFigures | undefined, now = Date.now()): RowFigureTexts {
  if (!figures) return {};
  const out: RowFigureTexts = {};
  const partial = (known: number) => (known < figures.total ? { mark: '≥ ', words: 'at least ', note: ` (${known} of ${repositoryCountText(figures.total)} known)` } : { mark: '', words: '', note: '' });
  if (figures.tagCount !== undefined) {
    const { mark, words, note } = partial(figures.tagsKnown);
    const text = tagCountText(figures.tagCount);
    out.tags = { text: `${mark}${text}`, label: `${words}${text}${note}` };
  }
  if (figures.sizeBytes !== undefined) {
    const { mark, words, note } = partial(figures.sizesKnown);
    const text = formatBytes(figures.sizeBytes);
    out.size = {
      text: `${mark}${text}`,
      label: `${words}${text}${note}`,
      title: figures.total > 1 ? 'Sum of its repositories’ sizes: a layer shared by several repositories counts in each' : undefined,
    };
  }
  if (figures.lastPush !== undefined) {
    const relative = formatRelative(figures.lastPush, now);
    out.lastPush = { text: relative, label: `last push ${relative}`, title: `Last push: ${formatDateTime(figures.lastPush)}` };
  }
  return out;
}
