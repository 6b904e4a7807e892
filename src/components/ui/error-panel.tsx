import { isRegistryError } from '../../registry/errors';
import { buttonVariants } from './button';

interface ErrorPanelProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Shows a failure where it happened: HTTP status, OCI error code, message, and a retry. */
export function ErrorPanel({ error, title = 'Something went wrong', onRetry }: ErrorPanelProps) {
  const registryError = isRegistryError(error) ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">{title}</p>
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
      {onRetry && (
        <button type="button" onClick={onRetry} className={`mt-3 ${buttonVariants({ variant: 'danger' })}`}>
          Retry
        </button>
      )}
    </div>
  );
}
