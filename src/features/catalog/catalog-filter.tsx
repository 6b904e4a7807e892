import { useSearchParams } from '../../components/routing';

/** The filter lives in the URL (?q=) so a filtered list can be shared and survives reloads. */
export function useCatalogFilter(): [string, (value: string) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get('q') ?? '';
  const setValue = (next: string) =>
    setSearchParams(
      (previous) => {
        const params = new URLSearchParams(previous);
        if (next === '') params.delete('q');
        else params.set('q', next);
        return params;
      },
      // One history entry per visit, not per keystroke.
      { replace: true },
    );
  return [value, setValue];
}

interface CatalogFilterProps {
  value: string;
  onChange: (value: string) => void;
}

export function CatalogFilter({ value, onChange }: CatalogFilterProps) {
  return (
    <input
      type="search"
      aria-label="Filter repositories"
      placeholder="Filter repositories…"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      spellCheck={false}
      autoComplete="off"
      className="w-full max-w-md rounded-md border border-slate-300 bg-surface px-3 py-1.5 font-mono text-sm placeholder:font-sans focus-visible:outline-2 focus-visible:outline-focus"
    />
  );
}
