interface TagListProps {
  title: string;
  items: readonly string[];
  empty?: string;
  tone?: 'danger' | 'neutral' | 'keep';
  mono?: boolean;
}

/** One labelled list of the impact summary ("Tags removed (3)": v1, v2, latest). */
export function TagList({ title, items, empty, tone = 'neutral', mono = true }: TagListProps) {
  if (items.length === 0 && empty === undefined) return null;
  const colour = tone === 'danger' ? 'text-red-800' : tone === 'keep' ? 'text-emerald-800' : 'text-slate-800';
  return (
    <section aria-label={`${title} (${items.length})`}>
      <h3 className="font-medium text-slate-900">
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="text-slate-500">{empty}</p>
      ) : (
        <ul className={`mt-1 flex max-h-40 flex-wrap gap-1 overflow-auto ${colour}`}>
          {items.map((item) => (
            <li key={item} className={`rounded bg-slate-100 px-1.5 py-0.5 text-xs ${mono ? 'font-mono' : ''}`} title={item}>
              {item}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
