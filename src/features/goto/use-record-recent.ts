import { useEffect } from 'react';
import { useLocation } from '../../components/routing';
import { useRegistry } from '../../queries/registry-context';
import { addRecent, browserStorage, loadRecent, placeFromPath, saveRecent } from './recent-places';

/** Remembers each repository and manifest page opened, per registry, for "go to anything". */
export function useRecordRecentPlaces(): void {
  const { pathname } = useLocation();
  const registry = useRegistry();
  const key = registry.url || registry.name;
  useEffect(() => {
    const place = placeFromPath(pathname);
    if (!place) return;
    const storage = browserStorage();
    saveRecent(storage, key, addRecent(loadRecent(storage, key), place));
  }, [pathname, key]);
}
