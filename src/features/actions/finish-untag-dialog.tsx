import { useMutation } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { useToast } from '../../components/ui/toast';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { keepErrorInDialog } from './keep-error';
import type { ActionEnv } from './use-action-env';

interface FinishUntagDialogProps {
  env: ActionEnv;
  name: string;
  tag: string;
  /** The throwaway the tag is on. */
  digest: string;
  onClose: () => void;
}

/** The tag is on Regatta's throwaway manifest (an interrupted Remove tag): delete the throwaway, the tag goes. */
export function FinishUntagDialog({ env, name, tag, digest, onClose }: FinishUntagDialogProps) {
  const toast = useToast();
  const deletes = useDeleteSupport(name, { probe: true });
  const mutation = useMutation(env.actions.finishUntag);
  const confirm = () =>
    mutation.mutateAsync({ name, tag, throwaway: digest }).then((result) => {
      toast.show({ tone: 'success', title: result.outcome === 'removed' ? `Finished removing tag ${tag} from ${name}` : `Tag ${tag} was already gone from ${name}` });
      onClose();
    }, keepErrorInDialog);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={mutation.isPending}
      title={`Finish the untag of ${tag}`}
      description={
        <>
          <span className="font-mono">{name}:{tag}</span> points at Regatta&apos;s throwaway manifest {shortDigest(digest)}: removing this tag was interrupted. Finishing deletes the
          throwaway, so the tag goes; no image is touched.
        </>
      }
    >
      {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
      {deletes.reason && <p role="alert">{deletes.reason}</p>}
      {mutation.error !== null && mutation.error !== undefined && <ErrorPanel error={mutation.error} title={`Could not finish removing tag ${tag}`} />}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={mutation.isPending}>
          Cancel
        </button>
        <button type="button" className={buttonClass.primary} onClick={confirm} disabled={mutation.isPending || deletes.checking || Boolean(deletes.reason)}>
          {mutation.isPending ? 'Finishing…' : 'Finish the untag'}
        </button>
      </div>
    </Dialog>
  );
}
