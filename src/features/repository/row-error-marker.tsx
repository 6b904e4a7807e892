import { isRegistryError } from '../../registry/errors';

interface RowErrorMarkerProps {
  error: unknown;
  tag: string;
  onRetry: () => void;
}

/** A failure in the cell where the value would have been; the rest of the table keeps working. */
export function RowErrorMarker({ error, tag, onRetry }: RowErrorMarkerProps) {
  const message = error instanceof Error ? error.message : String(error);
  const code = isRegistryError(error) ? error.code : undefined;
  return (
    <span className="flex min-w-0 items-center gap-1 text-xs text-red-800">
      <span aria-hidden="true">⚠</span>
      <span className="truncate" title={message}>
        <span className="sr-only">Error: </span>
        {message}
        {code && !message.includes(code) ? ` (${code})` : ''}
      </span>
      <button
        type="button"
        onClick={onRetry}
        aria-label={`Retry loading ${tag}`}
        title="Retry failed requests"
        className="shrink-0 rounded border border-red-300 px-1 hover:bg-red-50 focus-visible:outline-2"
      >
        Retry
      </button>
    </span>
  );
}
