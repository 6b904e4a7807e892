import { formatDateTime } from '../../components/ui/format';
import type { RepositoryInventory } from '../../queries/inventory-scan';

/**
 * Where a dry run's facts came from: the registry index (as of the dry run), and which
 * repositories were read through the registry API instead because the index failed for them.
 */
export function DryRunSource({ inventories, evaluatedAt }: { inventories: readonly RepositoryInventory[]; evaluatedAt: string }) {
  const fromIndex = inventories.filter((inv) => inv.source === 'index').length;
  const fallbacks = inventories.filter((inv) => inv.indexFailure !== undefined);
  if (fromIndex === 0 && fallbacks.length === 0) return null;
  return (
    <div className="flex flex-col gap-1 text-sm">
      {fromIndex > 0 && (
        <p>
          <strong>From the index, as of {formatDateTime(evaluatedAt)}</strong> ({fromIndex} repositor{fromIndex === 1 ? 'y' : 'ies'}): tags, digests, dates and sizes
          as regatta-index read them from the registry&apos;s storage. The run asks the registry again right before each change, and skips what moved since.
        </p>
      )}
      {fallbacks.length > 0 && (
        <p role="alert" className="text-amber-900">
          The index failed ({fallbacks[0]?.indexFailure}): {fallbacks.length === 1 ? 'one repository was' : `${fallbacks.length} repositories were`} read through the
          registry API and the digest ledger instead ({fallbacks.map((inv) => inv.repository).join(', ')}).
        </p>
      )}
    </div>
  );
}
