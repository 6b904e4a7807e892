import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { ProgressBar } from '../../components/ui/progress-bar';
import { useToast } from '../../components/ui/toast';
import type { Progress } from '../../queries/operations/executor';
import { isValidRepositoryName, isValidTag } from '../../registry/names';
import { TargetStatus } from './target-status';
import { keepErrorInDialog } from './keep-error';
import type { ActionEnv } from './use-action-env';
import { useDebounced } from './use-debounced';

interface CopyDialogProps {
  env: ActionEnv;
  name: string;
  tag: string;
  digest: string;
  onClose: () => void;
}

/**
 * Copy / promote to another repository of the same registry: blobs mounted (or downloaded and
 * uploaded when the registry refuses the mount), an index's children first, then the manifest.
 */
export function CopyDialog({ env, name, tag, digest, onClose }: CopyDialogProps) {
  const toast = useToast();
  const repoId = useId();
  const tagId = useId();
  const [target, setTarget] = useState('');
  const [targetTag, setTargetTag] = useState(tag);
  const [progress, setProgress] = useState<Progress | null>(null);
  const settled = useDebounced(`${target.trim()}\n${targetTag.trim()}`);
  const [candidateRepo = '', candidateTag = ''] = settled.split('\n');
  const current = settled === `${target.trim()}\n${targetTag.trim()}`;
  const valid = current && isValidRepositoryName(candidateRepo) && isValidTag(candidateTag) && candidateRepo !== name;
  const head = useQuery({ ...env.actions.targetHead(candidateRepo, candidateTag), enabled: valid });
  const mutation = useMutation(env.actions.copy);
  const busy = mutation.isPending;

  const confirm = () => {
    if (!head.isSuccess) return;
    mutation.mutateAsync({ name, sourceTag: tag, expectedDigest: digest, target: candidateRepo, targetTag: candidateTag, expectedTarget: head.data?.digest ?? null, onProgress: setProgress }).then((result) => {
      toast.show({
        tone: 'success',
        title: `Copied ${name}:${tag} to ${candidateRepo}:${candidateTag}`,
        body: `Digest ${shortDigest(result.digest)} verified. Blobs: ${result.mounted} mounted, ${result.uploaded} uploaded, ${result.present} already there; ${result.manifests} manifest${result.manifests === 1 ? '' : 's'} written.`,
      });
      onClose();
    }, keepErrorInDialog);
  };

  const badRepo = target.trim() !== '' && !isValidRepositoryName(target.trim());
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={`Copy ${tag} to another repository`}
      description={
        <>
          Copies <span className="font-mono">{name}:{tag}</span> ({shortDigest(digest)}) within this registry, digest unchanged.
        </>
      }
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={repoId}>Target repository</label>
        <input id={repoId} value={target} onChange={(e) => setTarget(e.target.value)} autoComplete="off" placeholder="team/app-prod" className="rounded border border-slate-300 px-2 py-1 font-mono focus-visible:outline-2" />
        {badRepo && <p className="text-red-800">Lowercase letters, digits and . _ __ - in components joined by /.</p>}
        {target.trim() === name && <p>That is this repository: use Re-tag instead.</p>}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={tagId}>Target tag</label>
        <input id={tagId} value={targetTag} onChange={(e) => setTargetTag(e.target.value)} autoComplete="off" className="rounded border border-slate-300 px-2 py-1 font-mono focus-visible:outline-2" />
        {targetTag.trim() !== '' && !isValidTag(targetTag.trim()) && <p className="text-red-800">Not a valid tag.</p>}
      </div>
      {valid && <TargetStatus reference={`${candidateRepo}:${candidateTag}`} sourceDigest={digest} head={head} />}
      {progress && (busy || mutation.isSuccess) && <ProgressBar label={progress.label ?? 'Copying'} value={progress.done} max={progress.total} />}
      {mutation.error && <ErrorPanel error={mutation.error} title={`Could not copy to ${candidateRepo}:${candidateTag}`} />}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={buttonClass.primary} onClick={confirm} disabled={busy || !valid || !head.isSuccess}>
          {busy ? 'Copying…' : 'Copy'}
        </button>
      </div>
    </Dialog>
  );
}
