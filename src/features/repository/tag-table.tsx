import { useCallback, useMemo, useRef, useState } from 'react';
import { elementScroll, useVirtualizer, type Rect, type Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { sortNatural } from '../../registry/natural-sort';
import { useRegistry } from '../../queries/registry-context';
import { digestColour, sharedWithText } from './digest-groups';
import { Table, TableContainer, TableHeader } from '../../components/ui/table';
import { SortableHeader } from './sortable-header';
import type { TagActionSlots } from './tag-actions-slots';
import { TagRow } from './tag-row';
import { matchesFilter, nextSort, sortRows, type SortField } from './tag-sort';
import { TagTableToolbar } from './tag-table-toolbar';
import { useFocusRequests, useTagDetails, type TagRowData } from './use-tag-details';
import { useTagTableParams } from './use-tag-table-params';
import type { TagSeeds, TagSource } from '../../queries/bulk-tags';
import { TagSourceLine } from './tag-source-line';
import type { RememberedTags } from '../../queries/revisit-cache';
import { RevisitSourceLine } from './revisit-source-line';
import { useRememberTags } from './use-remember-tags';

/** h-8 plus the 1 px border: 20+ rows fit in the box at 1440×900 (e2e/dense-tags.spec.ts). */
const ROW_ESTIMATE = 33;
const COLUMNS = 6;
/** Before the scroll box is measured (and in jsdom, which has no layout), assume a typical window. */
const INITIAL_RECT = { width: 1024, height: 720 };

/**
 * A row's height from its ResizeObserver entry, which arrives after layout. The default read
 * offsetHeight as each row mounted, inside React's commit: a style recalc and layout of the page
 * forced in the middle of the task that renders the rows. Until its entry arrives a row counts
 * as measured before, else as the estimate (one-line rows are exactly that; cards below 640 px
 * are corrected by their entry).
 */
function measureRow(element: Element, entry: ResizeObserverEntry | undefined, instance: Virtualizer<HTMLDivElement, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  // In the observer's callback layout is done already; without an observer (jsdom) there is no layout to force.
  if (entry || typeof ResizeObserver === 'undefined') return (element as HTMLElement).offsetHeight;
  return instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(element))) ?? ROW_ESTIMATE;
}

/**
 * The scroll box's size from its ResizeObserver entries only, which arrive after layout. The
 * default also read clientHeight as the table mounted: a layout of the page forced inside the
 * commit that renders the rows (about 70 ms of that task here). Until the first entry the box is
 * INITIAL_RECT; without ResizeObserver (jsdom) it stays that.
 */
function observeScrollBox(instance: Virtualizer<HTMLDivElement, Element>, onRect: (rect: Rect) => void): (() => void) | undefined {
  const element = instance.scrollElement;
  if (!element || typeof ResizeObserver === 'undefined') return undefined;
  const observer = new ResizeObserver(([entry]) => {
    if (entry) onRect({ width: Math.round(entry.contentRect.width), height: Math.round(entry.contentRect.height) });
  });
  observer.observe(element);
  return () => observer.disconnect();
}

const scrollBoxesSeen = new WeakSet<Element>();

/**
 * Scrolls the box where the virtualizer asks, except for its first call: as the box mounts it
 * writes the offset it starts at (0) to a box that is there already, and the write forces a
 * layout of the page inside the commit (115 ms of the index table's first render here).
 */
const scrollBox: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (offset, options, instance) => {
  const box = instance.scrollElement;
  if (box && !scrollBoxesSeen.has(box)) {
    scrollBoxesSeen.add(box);
    if (offset + (options.adjustments ?? 0) === 0) return;
  }
  elementScroll(offset, options, instance);
};

interface TagTableProps extends TagActionSlots {
  name: string;
  tags: readonly string[];
  /** What a bulk source (index, ACR) already says per tag: those rows send no HEAD. */
  seeds?: TagSeeds;
  source: TagSource;
  /**
   * Registry source only: what the last visit saw (null: nothing) — rows start from it, marked
   * checking — and whether `tags` is the registry's own list yet (false: the remembered one).
   */
  revisit?: { remembered: RememberedTags | null | undefined; tagsConfirmed: boolean };
}

/**
 * Every tag of the repository in a virtualized table: only the rows in view are in the DOM, their
 * requests go first, the rest resolve in the background so sorting by size or date works.
 */
export function TagTable({ name, tags, seeds, source, revisit, renderTagActions, renderBulkActions }: TagTableProps) {
  const { loginServer } = useRegistry();
  const { filter, sort, setFilter, setSort } = useTagTableParams();
  const orderedTags = useMemo(() => sortNatural(tags), [tags]);
  const remembered = revisit?.remembered ?? undefined;
  const { rows, tagsByDigest, resolved, retryFailed, requestKeysOf } = useTagDetails(name, orderedTags, seeds, remembered?.heads, remembered?.summaries);
  useRememberTags(name, orderedTags, rows, resolved, revisit?.tagsConfirmed === true, remembered);
  const checkingCount = useMemo(() => rows.reduce((count, row) => count + (row.checking ? 1 : 0), 0), [rows]);

  const rowByTag = useMemo(() => new Map(rows.map((row) => [row.tag, row])), [rows]);
  const filteredTags = useMemo(() => orderedTags.filter((tag) => matchesFilter(tag, filter)), [orderedTags, filter]);
  // Sorting by tag never depends on arriving data: do not re-sort 2,000 rows for each answer.
  const sortSource = sort.field === 'tag' ? null : rowByTag;
  const sortedTags = useMemo(() => {
    if (!sortSource) return sort.descending ? [...filteredTags].reverse() : filteredTags;
    const sortable = filteredTags.map((tag) => sortSource.get(tag) ?? ({ tag, missing: false, settled: false, checking: false } satisfies TagRowData));
    return sortRows(sortable, sort).map((row) => row.tag);
  }, [filteredTags, sortSource, sort]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer re-renders this component itself
  const virtualizer = useVirtualizer({
    count: sortedTags.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE,
    getItemKey: (index) => sortedTags[index] ?? index,
    measureElement: measureRow,
    observeElementRect: observeScrollBox,
    scrollToFn: scrollBox,
    overscan: 10,
    initialRect: INITIAL_RECT,
  });
  const items = virtualizer.getVirtualItems();
  const visibleTags = useMemo(() => items.map((item) => sortedTags[item.index]).filter((tag): tag is string => tag !== undefined), [items, sortedTags]);
  useFocusRequests(requestKeysOf, visibleTags);

  const onSort = useCallback((field: SortField) => setSort(nextSort(sort, field)), [setSort, sort]);

  // Selection for bulk actions: tags that left the repository leave the selection too.
  const selectable = renderBulkActions !== undefined;
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const tagSet = useMemo(() => new Set(tags), [tags]);
  const selection = useMemo(() => new Set([...picked].filter((tag) => tagSet.has(tag))), [picked, tagSet]);
  const toggleSelect = useCallback(
    (tag: string) =>
      setPicked((current) => {
        const next = new Set(current);
        if (!next.delete(tag)) next.add(tag);
        return next;
      }),
    [],
  );
  const clearSelection = useCallback(() => setPicked(new Set()), []);
  const allShownSelected = sortedTags.length > 0 && sortedTags.every((tag) => selection.has(tag));
  const toggleAllShown = () => setPicked(allShownSelected ? new Set([...selection].filter((tag) => !sortedTags.includes(tag))) : new Set([...selection, ...sortedTags]));
  const selectedRows = useMemo(
    // A digest still being checked is not handed to an action.
    () => orderedTags.filter((tag) => selection.has(tag)).map((tag) => ({ tag, digest: rowByTag.get(tag)?.checking ? undefined : rowByTag.get(tag)?.digest })),
    [orderedTags, selection, rowByTag],
  );
  const columns = COLUMNS + (selectable ? 1 : 0);

  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;

  return (
    <section aria-label="Tags">
      <TagSourceLine source={source} />
      {remembered && (checkingCount > 0 || !revisit?.tagsConfirmed) && (
        <RevisitSourceLine savedAt={remembered.savedAt} checking={checkingCount} tagsConfirmed={revisit?.tagsConfirmed === true} />
      )}
      <TagTableToolbar
        filter={filter}
        onFilterChange={setFilter}
        total={orderedTags.length}
        shown={sortedTags.length}
        distinctImages={tagsByDigest.size}
        resolved={resolved}
      />
      {renderBulkActions?.({ name, selected: selectedRows, clearSelection })}
      {/* The box fills the window below the page header: 20+ one-line rows at 1440×900. */}
      <TableContainer ref={scrollRef} className="max-h-[calc(100dvh-11rem)] min-h-72">
        <Table className="table-fixed max-sm:block" aria-rowcount={sortedTags.length + 1}>
          <caption className="sr-only">Tags of {name}</caption>
          {/* Stable widths: the columns do not move as details arrive. */}
          <colgroup>
            {selectable && <col className="w-10" />}
            <col className="w-[20%]" />
            <col className="w-[24%]" />
            <col className="w-40" />
            <col className="w-32" />
            <col />
            <col className={renderTagActions ? 'w-64' : 'w-48'} />
          </colgroup>
          <TableHeader className="max-sm:flex max-sm:flex-wrap max-sm:gap-x-3 max-sm:px-3 max-sm:py-1 max-sm:[&_th]:p-0 max-sm:[&_tr]:contents">
            <tr aria-rowindex={1}>
              {selectable && (
                <th scope="col" className="px-3 py-2">
                  <input type="checkbox" aria-label="Select all shown tags" checked={allShownSelected} onChange={toggleAllShown} />
                </th>
              )}
              <SortableHeader field="tag" label="Tag" sort={sort} onSort={onSort} className="px-3 py-2" />
              <th scope="col" className="px-3 py-2 font-semibold max-sm:hidden">
                Digest
              </th>
              <SortableHeader field="size" label="Size" sort={sort} onSort={onSort} className="px-3 py-2 [&>button]:ml-auto" />
              <SortableHeader field="created" label="Created" sort={sort} onSort={onSort} className="px-3 py-2" />
              <th scope="col" className="px-3 py-2 font-semibold max-sm:hidden">
                Platform
              </th>
              <th scope="col" className="px-3 py-2 text-right font-semibold max-sm:hidden">
                {renderTagActions ? 'Actions' : 'Pull'}
              </th>
            </tr>
          </TableHeader>
          <tbody className="max-sm:block">
            {paddingTop > 0 && (
              <tr aria-hidden="true">
                <td colSpan={columns} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const tag = sortedTags[item.index];
              if (tag === undefined) return null;
              const row = rowByTag.get(tag);
              const group = row?.digest ? tagsByDigest.get(row.digest) : undefined;
              return (
                <TagRow
                  key={item.key}
                  name={name}
                  loginServer={loginServer}
                  tag={tag}
                  digest={row?.digest}
                  summary={row?.summary}
                  missing={row?.missing ?? false}
                  error={row?.error}
                  errorColumn={row?.errorColumn}
                  settled={row?.settled ?? false}
                  checking={row?.checking ?? false}
                  shareCount={group?.length ?? 0}
                  sharedText={group ? sharedWithText(tag, group) : ''}
                  colour={row?.digest ? digestColour(row.digest) : 0}
                  index={item.index}
                  measureRef={virtualizer.measureElement}
                  onRetry={retryFailed}
                  selected={selectable ? selection.has(tag) : undefined}
                  onToggleSelect={selectable ? toggleSelect : undefined}
                  renderActions={renderTagActions}
                />
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden="true">
                <td colSpan={columns} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            )}
            {sortedTags.length === 0 && (
              <tr>
                <td colSpan={columns} className="px-3 py-6 text-center text-slate-600 max-sm:block">
                  No tags match “{filter}”.
                </td>
              </tr>
            )}
          </tbody>
        </Table>
      </TableContainer>
    </section>
  );
}
