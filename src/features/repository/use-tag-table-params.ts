import { useCallback } from 'react';
import { useSearchParams } from '../../components/routing';
import { formatSort, isDefaultSort, parseSort, type TagSort } from './tag-sort';

/** Filter and sort live in the URL (?tag=…&sort=-size), so a view can be shared and survives reloads. */
export function useTagTableParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = searchParams.get('tag') ?? '';
  const sort = parseSort(searchParams.get('sort'));

  const update = useCallback(
    (key: string, value: string | null) =>
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        // Typing a filter should not push one history entry per keystroke.
        { replace: true },
      ),
    [setSearchParams],
  );

  const setFilter = useCallback((value: string) => update('tag', value), [update]);
  const setSort = useCallback((value: TagSort) => update('sort', isDefaultSort(value) ? null : formatSort(value)), [update]);

  return { filter, sort, setFilter, setSort };
}
