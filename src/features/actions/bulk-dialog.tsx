import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { ProgressBar } from '../../components/ui/progress-bar';
import { useToast } from '../../components/ui/toast';
import { describeDrift, type ActionMode, type SelectedTag } from '../../queries/action-plans';
import { describeError } from '../../queries/operations/decisions';
import type { Progress } from '../../queries/operations/executor';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { GcNote } from './gc-note';
import { TagList } from './tag-list';
import { TypedConfirmation } from './typed-confirmation';
import { keepErrorInDialog } from './keep-error';
import { useActionEnv } from './use-action-env';

interface BulkDialogProps {
  name: string;
  mode: ActionMode;
  selected: readonly { tag: string; digest?: string }[];
  /** `done`: the action ran to the end without failures (the selection can go). */
  onClose: (done: boolean) => void;
}

const TITLES: Record<ActionMode, string> = { 'remove-tags': 'Remove selected tags', 'delete-images': 'Delete selected images' };

/**
 * One dialog for the whole bulk action: what goes (tags removed, images deleted, tags that go
 * without being selected), what stays, what is refused — resolved afresh when it opens.
 */
/** Its own chunk with the actions' plans and executor (bulk-actions.tsx loads it when chosen). */
export function BulkDialog({ name, mode, selected, onClose }: BulkDialogProps) {
  const env = useActionEnv(name);
  const toast = useToast();
  // The selection as it was when the dialog opened: rows resolving meanwhile do not change it.
  const [selection] = useState(selected);
  const [typed, setTyped] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const deletes = useDeleteSupport(name, { probe: true });
  const preview = useQuery(env.actions.preview(name, mode, selection));
  const removeMutation = useMutation(env.actions.removeTags);
  const deleteMutation = useMutation(env.actions.deleteImages);
  const busy = removeMutation.isPending || deleteMutation.isPending;

  const data = preview.data;
  const impact = data?.impact;
  const refused = data !== undefined && data.drift.length > 0;
  const typedOk = !impact?.needsTypedConfirmation || typed.trim() === name;
  const nothing = impact !== undefined && impact.tagsRemoved.length === 0 && impact.imagesDeleted.length === 0;

  const failures: { what: string; error: unknown }[] = [
    ...(removeMutation.data?.failed.map((f) => ({ what: f.tag, error: f.error })) ?? []),
    ...(deleteMutation.data?.failed.map((f) => ({ what: shortDigest(f.digest), error: f.error })) ?? []),
  ];
  const fatal = removeMutation.error ?? deleteMutation.error;

  const confirm = () => {
    if (!data || !impact) return;
    if (mode === 'remove-tags') {
      const fresh: SelectedTag[] = selection.flatMap((s) => {
        const digest = data.state.heads.get(s.tag)?.digest;
        return digest ? [{ tag: s.tag, digest }] : [];
      });
      removeMutation.mutateAsync({ name, selected: fresh, onProgress: setProgress }).then((result) => {
        if (result.failed.length > 0) return;
        const viaThrowaway = result.removed.some((r) => r.via === 'throwaway');
        toast.show({
          tone: 'success',
          title: `Removed ${result.removed.length} tag${result.removed.length === 1 ? '' : 's'} from ${name}`,
          body: (
            <>
              {result.removed.map((r) => r.tag).join(', ')}. {impact.tagsKept.length > 0 ? `Kept: ${impact.tagsKept.join(', ')}. ` : ''}
              {viaThrowaway && <GcNote />}
            </>
          ),
        });
        onClose(true);
      }, keepErrorInDialog);
    } else {
      deleteMutation.mutateAsync({ name, digests: impact.imagesDeleted, confirmed: data.confirmed, onProgress: setProgress }).then((result) => {
        if (result.failed.length > 0) return;
        toast.show({
          tone: 'success',
          title: `Deleted ${result.deleted.length} image${result.deleted.length === 1 ? '' : 's'} from ${name}`,
          body: (
            <>
              Tags removed: {result.impact.tagsRemoved.join(', ') || 'none'}. <GcNote />
            </>
          ),
        });
        onClose(true);
      }, keepErrorInDialog);
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose(false)}
      busy={busy}
      title={TITLES[mode]}
      description={
        mode === 'remove-tags'
          ? `Removes ${selection.length} selected tag${selection.length === 1 ? '' : 's'} of ${name}; the images stay.`
          : `Deletes the images behind ${selection.length} selected tag${selection.length === 1 ? '' : 's'} of ${name}, with every tag pointing at them.`
      }
    >
      {preview.isPending && <p role="status">Resolving every tag of {name}…</p>}
      {preview.isError && <ErrorPanel error={preview.error} title="Could not resolve the repository's tags" onRetry={() => void preview.refetch()} />}
      {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
      {deletes.reason && <p role="alert">{deletes.reason}</p>}
      {refused && <p role="alert">{describeDrift(data.drift)}</p>}
      {impact && !refused && !deletes.reason && (
        <>
          <TagList title="Tags removed" items={impact.tagsRemoved} tone="danger" empty="none" />
          {mode === 'delete-images' && <TagList title="Also removed, not selected (they share a deleted image)" items={impact.alsoRemoved} tone="danger" />}
          {mode === 'delete-images' && <TagList title="Images deleted" items={impact.imagesDeleted.map(shortDigest)} tone="danger" empty="none" />}
          {mode === 'remove-tags' && <TagList title="Images left untagged (kept, reachable by digest)" items={impact.imagesUntagged.map(shortDigest)} />}
          <TagList title="Tags kept" items={impact.tagsKept} tone="keep" empty="none" />
          {impact.blocked.length > 0 && (
            <section aria-label="Refused">
              <h3 className="font-medium text-slate-900">Refused ({impact.blocked.length})</h3>
              <ul className="list-disc pl-5">
                {impact.blocked.map((b) => (
                  <li key={b.digest}>
                    <span className="font-mono">{shortDigest(b.digest)}</span>: {b.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {data.gone.length > 0 && <TagList title="Already gone (nothing to do)" items={data.gone} />}
          {impact.needsTypedConfirmation && (
            <TypedConfirmation expected={name} value={typed} onChange={setTyped} why={`${impact.tagsRemoved.length} tags will be removed.`} />
          )}
        </>
      )}
      {progress && (busy || failures.length > 0) && <ProgressBar label={progress.label ?? 'Progress'} value={progress.done} max={progress.total} />}
      {fatal !== null && fatal !== undefined && <ErrorPanel error={fatal} title="The action was stopped" />}
      {failures.length > 0 && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900">
          <p className="font-semibold">{failures.length} failed; the rest is done.</p>
          <ul className="mt-1 list-disc pl-5">
            {failures.map((f) => (
              <li key={f.what}>
                <span className="font-mono">{f.what}</span>: {describeError(f.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={() => onClose(false)} disabled={busy}>
          {failures.length > 0 ? 'Close' : 'Cancel'}
        </button>
        <button
          type="button"
          className={buttonClass.danger}
          onClick={confirm}
          disabled={busy || !impact || refused || nothing || !typedOk || failures.length > 0 || deletes.checking || Boolean(deletes.reason)}
        >
          {busy ? 'Working…' : TITLES[mode]}
        </button>
      </div>
    </Dialog>
  );
}
