import { detectionWhy, type AcrDetection } from '../../registry/acr';
import type { InventorySource } from '../../queries/inventory-scan';

/** Says plainly where the orphans come from, why, and what that source cannot see. */
export function SourceNotice({ source, detection, error, onRetry }: { source: InventorySource | undefined; detection?: AcrDetection; error?: unknown; onRetry?: () => void }) {
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
