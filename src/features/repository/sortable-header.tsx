import ArrowDown from 'lucide-react/icons/arrow-down';
import ArrowUp from 'lucide-react/icons/arrow-up';
import type { SortField, TagSort } from './tag-sort';

interface SortableHeaderProps {
  field: SortField;
  label: string;
  sort: TagSort;
  onSort: (field: SortField) => void;
  className?: string;
}

/** A column header whose button sorts by it; aria-sort says how the table is sorted now. */
export function SortableHeader({ field, label, sort, onSort, className = '' }: SortableHeaderProps) {
  const active = sort.field === field;
  const direction = active ? (sort.descending ? 'descending' : 'ascending') : undefined;
  return (
    <th scope="col" aria-sort={direction ?? 'none'} className={className}>
      <button
        type="button"
        aria-label={`Sort by ${label}`}
        onClick={() => onSort(field)}
        className="flex items-center gap-1 font-semibold whitespace-nowrap hover:text-slate-900 focus-visible:outline-2"
      >
        {label}
        {direction === 'descending' ? (
          <ArrowDown aria-hidden="true" className="size-3.5 text-slate-900" />
        ) : (
          <ArrowUp aria-hidden="true" className={`size-3.5 ${active ? 'text-slate-900' : 'text-slate-300'}`} />
        )}
      </button>
    </th>
  );
}
