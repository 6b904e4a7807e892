import { useState } from 'react';
import { preloadable } from '../../components/preloadable';
import { buttonClass } from '../../components/ui/button';
import type { ActionMode } from '../../queries/action-plans';
import { useRegistry } from '../../queries/registry-context';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { DialogLoadBoundary } from './dialog-load-boundary';

const bulkDialog = preloadable(() => import('./bulk-dialog').then((m) => m.BulkDialog));
const BulkDialog = bulkDialog.Component;
const preloadDialog = () => void bulkDialog.preload().catch(() => undefined);

export interface BulkActionsProps {
  name: string;
  selected: readonly { tag: string; digest?: string }[];
  clearSelection: () => void;
}

/** Above the table: why deletes are unavailable (if so), and actions on the selected tags. */
export function BulkActions({ name, selected, clearSelection }: BulkActionsProps) {
  const { readOnly } = useRegistry();
  // What is known so far; never probes (the dialog does).
  const deletes = useDeleteSupport(name, { probe: false });
  const [mode, setMode] = useState<ActionMode | null>(null);
  if (readOnly) return null;
  const reason = deletes.reason;
  return (
    <div className="mb-2 flex flex-col gap-2">
      {reason && (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
          Remove tag and Delete image are disabled. {reason}
        </p>
      )}
      {selected.length > 0 && (
        <div role="toolbar" aria-label="Selected tags" onPointerEnter={preloadDialog} onFocus={preloadDialog} className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 p-2 text-sm">
          <span>{selected.length} selected</span>
          <button type="button" className={buttonClass.small} disabled={Boolean(reason)} title={reason} onClick={() => setMode('remove-tags')}>
            Remove selected tags…
          </button>
          <button type="button" className={buttonClass.small} disabled={Boolean(reason)} title={reason} onClick={() => setMode('delete-images')}>
            Delete selected images…
          </button>
          <button type="button" className={buttonClass.small} onClick={clearSelection}>
            Clear selection
          </button>
        </div>
      )}
      {mode && (
        <DialogLoadBoundary onClose={() => setMode(null)}>
          <BulkDialog
            name={name}
            mode={mode}
            selected={selected}
            onClose={(done) => {
              setMode(null);
              if (done) clearSelection();
            }}
          />
        </DialogLoadBoundary>
      )}
    </div>
  );
}
