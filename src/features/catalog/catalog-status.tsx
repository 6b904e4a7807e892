import { formatDateTime } from '../../components/ui/format';
import { repositoryCountText } from './count-text';

interface CatalogStatusProps {
  count: number;
  streaming: boolean;
  refreshing: boolean;
  failed: boolean;
  /** The list is the one remembered from the last visit, saved then. */
  cachedAt?: number;
}

/** Live progress of the catalog read, announced politely to screen readers. */
export function CatalogStatus({ count, streaming, refreshing, failed, cachedAt }: CatalogStatusProps) {
  let text: string;
  if (failed) text = `${repositoryCountText(count)} loaded — the list is incomplete`;
  else if (streaming) text = `Loaded ${repositoryCountText(count)}…`;
  else text = repositoryCountText(count);
  return (
    <p role="status" className="text-sm text-slate-600 tabular-nums">
      {streaming && <span aria-hidden="true" className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />}
      {text}
      {cachedAt !== undefined ? (
        <span className="text-slate-500"> (from cache, as of {formatDateTime(new Date(cachedAt).toISOString())}; refreshing)</span>
      ) : (
        refreshing && <span className="text-slate-500"> (refreshing)</span>
      )}
    </p>
  );
}
