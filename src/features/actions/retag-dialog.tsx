import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { useToast } from '../../components/ui/toast';
import { isValidTag } from '../../registry/names';
import { TargetStatus } from './target-status';
import { keepErrorInDialog } from './keep-error';
import type { ActionEnv } from './use-action-env';
import { useDebounced } from './use-debounced';

interface RetagDialogProps {
  env: ActionEnv;
  name: string;
  tag: string;
  digest: string;
  onClose: () => void;
}

/** Re-tag: the exact manifest bytes under a new tag of the same repository; the digest must not change. */
export function RetagDialog({ env, name, tag, digest, onClose }: RetagDialogProps) {
  const toast = useToast();
  const inputId = useId();
  const [newTag, setNewTag] = useState('');
  const candidate = useDebounced(newTag.trim());
  const valid = isValidTag(candidate) && candidate === newTag.trim();
  const target = useQuery({ ...env.actions.targetHead(name, candidate), enabled: valid && candidate !== tag });
  const mutation = useMutation(env.actions.retag);
  const busy = mutation.isPending;

  const confirm = () => {
    if (!target.isSuccess) return;
    mutation.mutateAsync({ name, sourceTag: tag, expectedDigest: digest, targetTag: candidate, expectedTarget: target.data?.digest ?? null }).then((result) => {
      toast.show({
        tone: 'success',
        title: `Tagged ${shortDigest(result.digest)} as ${name}:${candidate}`,
        body: `Same manifest bytes, digest verified identical to ${tag}.${result.previous && result.previous !== result.digest ? ` ${candidate} no longer points at ${shortDigest(result.previous)}.` : ''}`,
      });
      onClose();
    }, keepErrorInDialog);
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={`Re-tag ${tag}`}
      description={
        <>
          Adds a tag to the image <span className="font-mono">{shortDigest(digest)}</span> of {name}. The manifest is written byte for byte, so the digest stays the same.
        </>
      }
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={inputId}>New tag</label>
        <input
          id={inputId}
          value={newTag}
          onChange={(event) => setNewTag(event.target.value)}
          autoComplete="off"
          className="rounded border border-slate-300 px-2 py-1 font-mono focus-visible:outline-2"
        />
        {newTag.trim() !== '' && !isValidTag(newTag.trim()) && <p className="text-red-800">A tag is 1–128 characters: letters, digits, _ . - (not starting with . or -).</p>}
        {candidate === tag && <p>That is the tag you started from.</p>}
      </div>
      {valid && candidate !== tag && <TargetStatus reference={`${name}:${candidate}`} sourceDigest={digest} head={target} />}
      {mutation.error && <ErrorPanel error={mutation.error} title={`Could not tag ${name}:${candidate}`} />}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={buttonClass.primary} onClick={confirm} disabled={busy || !valid || candidate === tag || !target.isSuccess}>
          {busy ? 'Tagging…' : 'Add tag'}
        </button>
      </div>
    </Dialog>
  );
}
