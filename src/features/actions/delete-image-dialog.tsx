import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { ProgressBar } from '../../components/ui/progress-bar';
import { useToast } from '../../components/ui/toast';
import { describeDrift } from '../../queries/action-plans';
import type { DeleteImagesResult } from '../../queries/action-runner';
import type { Progress } from '../../queries/operations/executor';
import { platformLabel } from '../../queries/image-summary';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { GcNote } from './gc-note';
import { TagList } from './tag-list';
import { TypedConfirmation } from './typed-confirmation';
import { keepErrorInDialog } from './keep-error';
import type { ActionEnv } from './use-action-env';

interface DeleteImageDialogProps {
  env: ActionEnv;
  name: string;
  /** The tag the user started from, and the digest it showed. */
  tag: string;
  digest: string;
  onClose: () => void;
}

/**
 * Delete image (by digest): every tag on the digest goes with it. The dialog resolves the
 * repository again and lists all of them, an index's platform manifests, and the referrers that
 * would be left pointing at nothing; more than one tag → type the repository name.
 */
export function DeleteImageDialog({ env, name, tag, digest, onClose }: DeleteImageDialogProps) {
  const { client, url } = useRegistry();
  const toast = useToast();
  const [typed, setTyped] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  const deletes = useDeleteSupport(name, { probe: true });
  const preview = useQuery(env.actions.preview(name, 'delete-images', [{ tag, digest }]));
  const manifest = useQuery(queries.manifest(name, digest));
  const data = preview.data;
  const allTags = data ? [...data.state.heads.keys()] : [];
  const referrers = useQuery({ ...env.actions.referrers(name, digest, allTags), enabled: data !== undefined });
  const mutation = useMutation(env.actions.deleteImages);

  const impact = data?.impact;
  const children = manifest.data?.manifest.kind === 'index' ? manifest.data.manifest.manifests : [];
  const refused = data && (data.drift.length > 0 || data.gone.length > 0 || (impact?.blocked.length ?? 0) > 0);
  const typedOk = !impact?.needsTypedConfirmation || typed.trim() === name;
  const busy = mutation.isPending;
  const failure = mutation.error ?? mutation.data?.failed[0]?.error;

  const onDone = (result: DeleteImagesResult) => {
    if (result.failed.length > 0) return;
    const removed = result.impact.tagsRemoved;
    toast.show({
      tone: 'success',
      title: result.deleted.length > 0 ? `Deleted image ${shortDigest(digest)} from ${name}` : `Image ${shortDigest(digest)} was already gone from ${name}`,
      body: (
        <>
          {removed.length > 0 ? `Tags removed with it: ${removed.join(', ')}. ` : ''}
          <GcNote />
        </>
      ),
    });
    onClose();
  };

  const confirm = () => {
    if (!data || !impact) return;
    mutation.mutateAsync({ name, digests: [digest], confirmed: data.confirmed, onProgress: setProgress }).then(onDone, keepErrorInDialog);
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      busy={busy}
      title={`Delete image ${shortDigest(digest)}`}
      description={
        <>
          Deletes the manifest <span className="font-mono">{digest}</span> from <span className="font-mono">{name}</span>. Every tag pointing at it is removed with it.
        </>
      }
    >
      {preview.isPending && <p role="status">Resolving every tag of {name}…</p>}
      {preview.isError && <ErrorPanel error={preview.error} title="Could not resolve the repository's tags" onRetry={() => void preview.refetch()} />}
      {data && data.gone.length > 0 && <p role="alert">Tag {tag} no longer exists. Nothing was changed; close and look again.</p>}
      {data && data.drift.length > 0 && <p role="alert">{describeDrift(data.drift)}</p>}
      {impact && impact.blocked.map((b) => <p role="alert" key={b.digest}>Refused: {b.reason} Nothing will be deleted.</p>)}
      {deletes.checking && <p role="status">Checking whether this registry allows deletes…</p>}
      {deletes.reason && <p role="alert">{deletes.reason}</p>}
      {impact && !refused && !deletes.reason && (
        <>
          <TagList title="Tags removed with the image" items={impact.tagsRemoved} tone="danger" empty="none (the image is untagged)" />
          {children.length > 0 && (
            <TagList
              title="Platform manifests of this index (not deleted: they stay reachable by digest)"
              items={children.map((child) => `${child.platform ? platformLabel(child.platform) : 'unknown'} ${shortDigest(child.digest)}`)}
              mono={false}
            />
          )}
          {referrers.data && (
            <TagList
              title={referrers.data.source === 'api' ? 'Referrers left pointing at nothing (signatures, SBOMs)' : 'Referrer tags left pointing at nothing (sha256-… tag schema)'}
              items={referrers.data.source === 'api' ? referrers.data.descriptors.map((d) => `${d.artifactType ?? d.mediaType} ${shortDigest(d.digest)}`) : referrers.data.tags}
              empty="none found"
            />
          )}
          {impact.needsTypedConfirmation && (
            <TypedConfirmation expected={name} value={typed} onChange={setTyped} why={`${impact.tagsRemoved.length} tags will be removed.`} />
          )}
          <p className="text-xs text-slate-600">
            <GcNote />
          </p>
        </>
      )}
      {progress && busy && <ProgressBar label={progress.label ?? 'Progress'} value={progress.done} max={progress.total} />}
      {failure !== undefined && failure !== null && <ErrorPanel error={failure} title={`Could not delete image ${shortDigest(digest)}`} />}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={buttonClass.danger} onClick={confirm} disabled={busy || deletes.checking || !impact || Boolean(refused) || !typedOk || Boolean(deletes.reason)}>
          {busy ? 'Deleting…' : 'Delete image'}
        </button>
      </div>
    </Dialog>
  );
}
