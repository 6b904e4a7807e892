import { formatBytes } from '../../components/ui/format';
import type { ReclaimResult } from '../../queries/reclaim';

/** The reclaim figure with its method and the garbage-collection caveat next to it. */
export function ReclaimNote({ label, result, scope }: { label: string; result: ReclaimResult; scope: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-surface p-3 text-sm">
      <p>
        {label}: <strong data-testid="reclaim-total">{formatBytes(result.bytes)}</strong> <span className="text-slate-500">({result.bytes.toLocaleString('en-US')} bytes)</span>
      </p>
      <p className="mt-1 text-xs text-slate-600">
        Method: the sizes of the blobs (config + layers) of the deleted manifests that no remaining manifest read in this scan ({scope}) references; a layer shared by
        several manifests counts once, and not at all while one that stays uses it. Blobs also used by repositories outside the scan are counted as freed: scan the
        whole registry for the exact figure.
        {result.unknownRemaining > 0 && ` ${result.unknownRemaining} remaining manifest(s) could not be read, so the figure may be too high.`}
      </p>
      <p className="mt-1 text-xs text-slate-600">
        Deleting frees no disk by itself: the registry reclaims the space when its garbage collection runs (distribution: <code>registry garbage-collect</code>,
        offline; avoid <code>--delete-untagged</code> where multi-arch indexes exist, it deletes their platforms).
      </p>
    </div>
  );
}
