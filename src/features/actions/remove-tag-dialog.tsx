import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { ProgressBar } from '../../components/ui/progress-bar';
import { useToast } from '../../components/ui/toast';
import { describeDrift, planRemoveTag, type LastTagChoice } from '../../queries/action-plans';
import type { RemoveTagsResult } from '../../queries/action-runner';
import type { Progress } from '../../queries/operations/executor';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { GcNote } from './gc-note';
import { keepErrorInDialog } from './keep-error';
import type { ActionEnv } from './use-action-env';

interface RemoveTagDialogProps {
  env: ActionEnv;
  name: string;
  tag: string;
  digest: string;
  onClose: () => void;
  /** The user chose "Delete image" for a last tag: hand over to that dialog. */
  onDeleteImage: () => void;
}

/**
 * Remove tag: only this tag goes. Which tags share the image is resolved afresh when the dialog
 * opens; for the last tag of an image the user picks "keep image (untagged)" or "delete image".
 */
export function RemoveTagDialog({ env, name, tag, digest, onClose, onDeleteImage }: RemoveTagDialogProps) {
  const toast = useToast();
  const [choice, setChoice] = useState<LastTagChoice | undefined>(undefined);
  const [progress, setProgress] = useState<Progress | null>(null);
  // The first destructive dialog of the session asks the registry whether deletes are on.
  const deletes = useDeleteSupport(name, { probe: true });
  const preview = useQuery(env.actions.preview(name, 'remove-tags', [{ tag, digest }]));
  const mutation = useMutation(env.actions.removeTags);
  const onDone = (result: RemoveTagsResult) => {
    if (result.failed.length > 0) return;
    const outcome = result.removed[0];
    const kept = preview.data?.impact.tagsKept ?? [];
    toast.show({
      tone: 'success',
      title: outcome?.outcome === 'already-gone' ? `Tag ${tag} was already gone from ${name}` : `Removed tag ${tag} from ${name}`,
      body: (
        <>
          {kept.length > 0 ? `The image ${shortDigest(digest)} stays, still tagged ${kept.join(', ')}. ` : `The image ${shortDigest(digest)} stays, untagged (reachable by digest). `}
          {outcome?.via === 'throwaway' && <GcNote />}
        </>
      ),
    });
    onClose();
  };

  const busy = mutation.isPending;
  const data = preview.data;
  const siblings = data ? (data.state.tagsByDigest.get(digest) ?? []).filter((t) => t !== tag) : [];
  const plan = data ? planRemoveTag({ tag, siblings, tagDelete: 'unknown', deleteSupport: deletes.support, choice }) : null;
  const refused = data && (data.drift.length > 0 || data.gone.length > 0);
  const failure = mutation.error ?? mutation.data?.failed[0]?.error;

  const confirm = () => {
    if (!plan) return;
    if (plan.kind === 'delete-image') {
      onDeleteImage();
      return;
    }
    if (plan.kind !== 'untag') return;
    mutation.mutateAsync({ name, selected: [{ tag, digest }], onProgress: setProgress }).then(onDone, keepErrorInDialog);
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={`Remove tag ${tag}`}
      description={
        <>
          Removes only the tag <span className="font-mono">{name}:{tag}</span> ({shortDigest(digest)}). Other tags and the image itself are not touched.
        </>
      }
    >
      {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
      {preview.isPending && <p role="status">Checking which tags share this image…</p>}
      {preview.isError && <ErrorPanel error={preview.error} title="Could not resolve the repository's tags" onRetry={() => void preview.refetch()} />}
      {data && data.gone.length > 0 && <p role="alert">Tag {tag} no longer exists: nothing to remove.</p>}
      {data && data.drift.length > 0 && <p role="alert">{describeDrift(data.drift)}</p>}
      {data && !refused && plan?.kind === 'blocked' && <p role="alert">{plan.reason}</p>}
      {data && !refused && plan && plan.kind !== 'blocked' && (
        <>
          {siblings.length > 0 ? (
            <p>
              The image stays: it is also tagged <span className="font-mono">{siblings.join(', ')}</span>, and those tags keep pointing at it.
            </p>
          ) : (
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-slate-800">
                <span className="font-mono">{tag}</span> is the only tag of this image. What should happen to the image?
              </legend>
              <label className="flex items-start gap-2">
                <input type="radio" name="last-tag" checked={choice === 'keep-image'} onChange={() => setChoice('keep-image')} />
                <span>Remove tag, keep image (becomes untagged; still pullable by digest)</span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="last-tag" checked={choice === 'delete-image'} onChange={() => setChoice('delete-image')} />
                <span>Delete image (asks for confirmation next)</span>
              </label>
            </fieldset>
          )}
        </>
      )}
      {progress && busy && <ProgressBar label={progress.label ?? 'Progress'} value={progress.done} max={progress.total} />}
      {failure !== undefined && failure !== null && <ErrorPanel error={failure} title={`Could not remove tag ${tag}`} />}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className={plan?.kind === 'delete-image' ? buttonClass.danger : buttonClass.primary}
          onClick={confirm}
          disabled={busy || deletes.checking || !data || Boolean(refused) || !plan || plan.kind === 'blocked' || plan.kind === 'choose'}
        >
          {plan?.kind === 'delete-image' ? 'Continue to delete image' : busy ? 'Removing…' : 'Remove tag'}
        </button>
      </div>
    </Dialog>
  );
}
