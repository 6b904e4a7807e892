import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { buttonClass } from '../../components/ui/dialog';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { isUntagThrowaway } from '../../registry/untag-manifest';
import { CopyDialog } from './copy-dialog';
import { DeleteImageDialog } from './delete-image-dialog';
import { FinishUntagDialog } from './finish-untag-dialog';
import { RemoveTagDialog } from './remove-tag-dialog';
import { RetagDialog } from './retag-dialog';
import { useActionEnv } from './use-action-env';

export interface TagActionsProps {
  name: string;
  tag: string;
  /** The digest the row shows: actions wait for it. */
  digest?: string;
}

type Open = 'remove' | 'delete' | 'retag' | 'copy' | 'finish' | null;

/** A row's actions: "Remove tag" (the default) and a small menu with the others. */
export function TagActions({ name, tag, digest }: TagActionsProps) {
  const env = useActionEnv(name);
  const { client, url } = useRegistry();
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  // Only what the table already read: no request of its own.
  const manifest = useQuery({ ...queries.manifest(name, digest ?? ''), enabled: false });
  const throwaway = digest !== undefined && manifest.data !== undefined && isUntagThrowaway(manifest.data.manifest);
  const [open, setOpen] = useState<Open>(null);
  const [menu, setMenu] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !menuRef.current?.contains(event.target as Node)) setMenu(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [menu]);

  if (env.hidden) return null;
  const reason = env.deleteDisabledReason;
  const waiting = digest === undefined ? 'Waiting for the digest of this tag' : undefined;
  const pick = (next: Open) => {
    setMenu(false);
    setOpen(next);
  };

  if (throwaway) {
    return (
      <>
        <button type="button" className={buttonClass.small} disabled={Boolean(reason)} title={reason ?? `${tag} is on Regatta's throwaway manifest: an interrupted Remove tag`} onClick={() => setOpen('finish')}>
          Finish the untag
        </button>
        {open === 'finish' && <FinishUntagDialog env={env} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} />}
      </>
    );
  }

  return (
    <>
      <button type="button" className={buttonClass.small} aria-label={`Remove tag ${tag}`} disabled={Boolean(reason ?? waiting)} title={reason ?? waiting ?? `Remove only the tag ${tag}`} onClick={() => pick('remove')}>
        Remove tag
      </button>
      <div className="relative" ref={menuRef}>
        <button type="button" className={buttonClass.small} aria-label={`More actions for ${tag}`} aria-expanded={menu} aria-haspopup="true" onClick={() => setMenu(!menu)}>
          ⋯
        </button>
        {menu && (
          <div className="absolute right-0 z-20 mt-1 flex w-56 flex-col gap-1 rounded-md border border-slate-200 bg-white p-1 text-left shadow-lg">
            <button type="button" className="rounded px-2 py-1 text-left hover:bg-slate-100 disabled:text-slate-400" aria-label={`Delete image of ${tag}`} disabled={Boolean(reason ?? waiting)} title={reason ?? waiting} onClick={() => pick('delete')}>
              Delete image…
            </button>
            <button type="button" className="rounded px-2 py-1 text-left hover:bg-slate-100 disabled:text-slate-400" aria-label={`Re-tag ${tag}`} disabled={Boolean(waiting)} title={waiting} onClick={() => pick('retag')}>
              Re-tag…
            </button>
            <button type="button" className="rounded px-2 py-1 text-left hover:bg-slate-100 disabled:text-slate-400" aria-label={`Copy ${tag} to another repository`} disabled={Boolean(waiting)} title={waiting} onClick={() => pick('copy')}>
              Copy to repository…
            </button>
            {reason && <p className="px-2 py-1 text-xs text-slate-600">{reason}</p>}
          </div>
        )}
      </div>
      {digest !== undefined && open === 'remove' && (
        <RemoveTagDialog env={env} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} onDeleteImage={() => setOpen('delete')} />
      )}
      {digest !== undefined && open === 'delete' && <DeleteImageDialog env={env} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} />}
      {digest !== undefined && open === 'retag' && <RetagDialog env={env} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} />}
      {digest !== undefined && open === 'copy' && <CopyDialog env={env} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} />}
    </>
  );
}
