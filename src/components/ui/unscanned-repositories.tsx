import { isRegistryError } from '../../registry/errors';

export interface UnscannedRepository {
  repository: string;
  error: unknown;
}

function reason(error: unknown): string {
  if (isRegistryError(error)) return `${error.status > 0 ? `HTTP ${error.status}` : 'no response'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Repositories a crawl could not read (it went on without them): named with why, so nothing is silently missing. */
export function UnscannedRepositories({ failures, consequence }: { failures: readonly UnscannedRepository[]; consequence: string }) {
  if (failures.length === 0) return null;
  return (
    <section aria-label="Repositories not scanned" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">
        {failures.length} {failures.length === 1 ? 'repository' : 'repositories'} could not be scanned; {consequence}
      </p>
      <ul className="mt-1 max-h-40 overflow-auto">
        {failures.map((f) => (
          <li key={f.repository}>
            <span className="font-mono text-xs">{f.repository}</span> — {reason(f.error)}
          </li>
        ))}
      </ul>
    </section>
  );
}
