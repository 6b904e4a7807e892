import { useState } from 'react';
import { buttonClass, Dialog } from '../../components/ui/dialog';
import { formatBytes, shortDigest } from '../../components/ui/format';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import type { ManifestRef, ReclaimResult } from '../../queries/reclaim';

interface DeleteOrphansDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  refs: ManifestRef[];
  reclaim: ReclaimResult;
  onConfirm: () => void;
}

/** One manifest: confirm. More: type the repository name (or the count when several repositories). */
export function DeleteOrphansDialog({ open, onOpenChange, refs, reclaim, onConfirm }: DeleteOrphansDialogProps) {
  const [typed, setTyped] = useState('');
  const repositories = [...new Set(refs.map((r) => r.repository))];
  const expected = refs.length <= 1 ? null : repositories.length === 1 ? (repositories[0] ?? '') : String(refs.length);
  const ok = expected === null || typed.trim() === expected;
  // Opening the dialog is the first moment a delete is meant: only now is the registry asked.
  const deletes = useDeleteSupport(refs[0]?.repository, { probe: open });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setTyped('');
        onOpenChange(next);
      }}
      title={refs.length === 1 ? 'Delete 1 untagged manifest' : `Delete ${refs.length} untagged manifests`}
      description="Each is deleted by digest. Before each delete Regatta checks again that no tag points at it; one that gained a tag is skipped."
    >
      <ul className="max-h-48 overflow-auto font-mono text-xs">
        {refs.map((ref) => (
          <li key={`${ref.repository}@${ref.digest}`}>
            {ref.repository}@{shortDigest(ref.digest)}
          </li>
        ))}
      </ul>
      <p>
        Reclaimable after garbage collection: <strong>{formatBytes(reclaim.bytes)}</strong>
      </p>
      {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
      {deletes.reason && <p role="alert">{deletes.reason}</p>}
      {expected !== null && !deletes.reason && (
        <label className="flex flex-col gap-1">
          <span>
            Type <strong className="font-mono">{expected}</strong> to confirm
          </span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} className="rounded border border-slate-300 px-2 py-1 font-mono" />
        </label>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={() => onOpenChange(false)}>
          Cancel
        </button>
        <button
          type="button"
          className={buttonClass.danger}
          disabled={!ok || deletes.checking || Boolean(deletes.reason)}
          onClick={() => {
            setTyped('');
            onConfirm();
          }}
        >
          {refs.length === 1 ? 'Delete manifest' : `Delete ${refs.length} manifests`}
        </button>
      </div>
    </Dialog>
  );
}
