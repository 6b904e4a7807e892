interface TagTableToolbarProps {
  filter: string;
  onFilterChange: (value: string) => void;
  total: number;
  shown: number;
  distinctImages: number;
  resolved: number;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function TagTableToolbar({ filter, onFilterChange, total, shown, distinctImages, resolved }: TagTableToolbarProps) {
  const loading = resolved < total;
  return (
    <div className="mb-2 flex flex-wrap items-center gap-x-4 gap-y-2">
      <input
        type="search"
        aria-label="Filter tags"
        placeholder="Filter tags"
        value={filter}
        onChange={(event) => onFilterChange(event.target.value)}
        className="w-64 rounded border border-slate-300 px-2 py-1 text-sm focus-visible:outline-2"
      />
      <p className="text-sm text-slate-700">
        {shown === total ? plural(total, 'tag', 'tags') : `${shown} of ${plural(total, 'tag', 'tags')}`} ·{' '}
        {plural(distinctImages, 'distinct image', 'distinct images')}
        {loading ? ' so far' : ''}
      </p>
      {/* data-*: machine-readable progress for the benchmark (scripts/bench.ts), whose rows are virtualized. */}
      <p role="status" className="text-sm text-slate-500" data-resolved={resolved} data-total={total}>
        {loading ? `Resolved ${resolved} of ${total} tags` : ''}
      </p>
    </div>
  );
}
