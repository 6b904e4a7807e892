import { isRegistryError } from '../../registry/errors';
import { buttonVariants } from './button';

interface ErrorPanelProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/**
 * A script of the app that could not be downloaded (`import()` failed): Chromium, Firefox and
 * Safari word it differently; Vite's preload of a chunk's CSS too.
 */
export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|module script failed|preload CSS/.test(error.message);
}

/**
 * Shows a failure where it happened: HTTP status, OCI error code, message, and a retry. A part
 * of the app that could not be downloaded is said to be that, with a reload instead of the retry.
 */
export function ErrorPanel({ error, title = 'Something went wrong', onRetry }: ErrorPanelProps) {
  const registryError = isRegistryError(error) ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  const chunk = isChunkLoadError(error);
  const retry = chunk ? () => window.location.reload() : onRetry;
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">{chunk ? 'Part of Regatta could not be downloaded' : title}</p>
      {chunk && <p className="mt-1">Regatta may have been updated since this page opened. Nothing was changed: reload the page.</p>}
      {registryError && (
        <p className="mt-1 font-mono text-xs">
          {registryError.status > 0 ? `HTTP ${registryError.status}` : 'No response'} · {registryError.code}
        </p>
      )}
      <p className="mt-1 break-words">{message}</p>
      {registryError && registryError.errors.length > 1 && (
        <ul className="mt-1 list-disc pl-5">
          {registryError.errors.map((entry, index) => (
            <li key={index}>
              <span className="font-mono">{entry.code}</span>: {entry.message}
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" onClick={retry} className={`mt-3 ${buttonVariants({ variant: 'danger' })}`}>
          {chunk ? 'Reload page' : 'Retry'}
        </button>
      )}
    </div>
  );
}
