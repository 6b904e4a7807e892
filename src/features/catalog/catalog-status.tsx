import { repositoryCountText } from './count-text';

interface CatalogStatusProps {
  count: number;
  streaming: boolean;
  refreshing: boolean;
  failed: boolean;
}

/** Live progress of the catalog read, announced politely to screen readers. */
export function CatalogStatus({ count, streaming, refreshing, failed }: CatalogStatusProps) {
  let text: string;
  if (failed) text = `${repositoryCountText(count)} loaded — the list is incomplete`;
  else if (streaming) text = `Loaded ${repositoryCountText(count)}…`;
  else text = repositoryCountText(count);
  return (
    <p role="status" className="text-sm text-slate-600 tabular-nums">
      {streaming && <span aria-hidden="true" className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />}
      {text}
      {refreshing && <span className="ml-1 text-slate-500">(refreshing)</span>}
    </p>
  );
}
