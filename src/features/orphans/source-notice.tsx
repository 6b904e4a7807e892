import { detectionWhy, type AcrDetection } from '../../registry/acr';
import type { InventorySource } from '../../queries/inventory-scan';
import { describeError } from '../../queries/operations/decisions';

/** Says plainly where the orphans come from, why, and what that source cannot see. */
interface SourceNoticeProps {
  source: InventorySource | undefined;
  detection?: AcrDetection;
  /** The ACR detection failed (it is retried, never remembered). */
  error?: unknown;
  onRetry?: () => void;
  /** The configured registry index does not answer. */
  indexError?: unknown;
  /** Why repositories of an index scan went through the ledger instead. */
  fallbacks?: readonly string[];
}

export function SourceNotice({ source, detection, error, onRetry, indexError, fallbacks = [] }: SourceNoticeProps) {
  if (source === undefined && error) {
    return (
      <p role="status" className="text-sm text-amber-900">
        Could not tell whether this registry has a manifest-listing API ({error instanceof Error ? error.message : String(error)}).{' '}
        {onRetry ? (
          <button type="button" className="underline" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </p>
    );
  }
  if (source === undefined) return <p className="text-sm text-slate-500">Detecting whether this registry has a manifest-listing API…</p>;
  if (source === 'index') {
    return (
      <section aria-label="Source" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
        <p>
          <strong>Source: the registry index.</strong> regatta-index reads the registry's storage and notifications, so it lists every stored manifest, tagged or
          not, with when it lost its last tag: complete, whoever pushed it and whenever.
        </p>
        {fallbacks.length > 0 && (
          <p role="alert" className="mt-1 text-amber-900">
            The index failed during the scan ({fallbacks[0]}); {fallbacks.length === 1 ? 'one repository was' : `${fallbacks.length} repositories were`} scanned
            through the digest ledger instead, which sees only what this browser has seen.
          </p>
        )}
      </section>
    );
  }
  if (source === 'acr') {
    return (
      <section aria-label="Source" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
        <p>
          <strong>Source: ACR manifest API.</strong> This registry lists every stored manifest (<code>/acr/v1/&lt;name&gt;/_manifests</code>), tagged or not, with
          sizes, times and locks: nothing is hidden from it. {detectionWhy(detection)}
        </p>
      </section>
    );
  }
  return (
    <section aria-label="Source" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
      {indexError !== undefined && indexError !== null && (
        <p role="alert" className="mb-1">
          <strong>The registry index does not answer</strong> ({describeError(indexError)}): falling back to the registry API and the digest ledger.
        </p>
      )}
      <p>
        <strong>Source: digest ledger.</strong> This registry has no call that lists manifests, so Regatta remembers (in this browser) every tag → digest it has
        seen while you browse, scan or act. A recorded digest that no tag points at any more is an orphan candidate, confirmed with a HEAD by digest.{' '}
        {detectionWhy(detection)}
      </p>
      <p className="mt-1">
        <strong>What it cannot see:</strong> manifests pushed and overwritten before Regatta ever saw their tag, manifests pushed by digest only, and anything
        recorded by another browser. Scan regularly to keep the ledger current.
      </p>
    </section>
  );
}
