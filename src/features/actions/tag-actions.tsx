import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import CopyPlus from 'lucide-react/icons/copy-plus';
import * as ellipsisIcon from 'lucide-react/icons/ellipsis';
import * as tagXIcon from 'lucide-react/icons/tag-x';
import TagIconX from 'lucide-react/icons/tag-x';
import Tags from 'lucide-react/icons/tags';
import Trash2 from 'lucide-react/icons/trash-2';
import Wrench from 'lucide-react/icons/wrench';
import { preloadable } from '../../components/preloadable';
import { Button } from '../../components/ui/button';
import { lucideIconData, MaskIcon } from '../../components/ui/mask-icon';
import { Menu, MenuItem, MenuNote, MenuSeparator } from '../../components/ui/menu';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import { isUntagThrowaway } from '../../registry/untag-manifest';
import type { TagDialogKind } from './tag-action-dialog';
import { DialogLoadBoundary } from './dialog-load-boundary';

export interface TagActionsProps {
  name: string;
  tag: string;
  /** The digest the row shows: actions wait for it. */
  digest?: string;
}

// The row's two buttons draw theirs by CSS: a table renders them once per row (see MaskIcon).
const ELLIPSIS = lucideIconData(ellipsisIcon);
const TAG_X = lucideIconData(tagXIcon);

const tagActionDialog = preloadable(() => import('./tag-action-dialog').then((m) => m.TagActionDialog));
const TagActionDialog = tagActionDialog.Component;
/** On hover or focus of a row's actions: the dialog's chunk is usually in before the click. */
const preloadDialog = () => void tagActionDialog.preload().catch(() => undefined);

/** A row's actions: "Remove tag" (the default, an icon button) and a menu with all of them. */
export function TagActions({ name, tag, digest }: TagActionsProps) {
  const { client, url, readOnly } = useRegistry();
  // What is known so far; never probes (the dialogs do).
  const deletes = useDeleteSupport(name, { probe: false });
  const queries = useMemo(() => repositoryQueries(client, url), [client, url]);
  // Only what the table already read: no request of its own.
  const manifest = useQuery({ ...queries.manifest(name, digest ?? ''), enabled: false });
  const throwaway = digest !== undefined && manifest.data !== undefined && isUntagThrowaway(manifest.data.manifest);
  const [open, setOpen] = useState<TagDialogKind | null>(null);

  if (readOnly) return null;
  const reason = deletes.reason;
  const dialog =
    open !== null && digest !== undefined ? (
      <DialogLoadBoundary onClose={() => setOpen(null)}>
        <TagActionDialog kind={open} name={name} tag={tag} digest={digest} onClose={() => setOpen(null)} onSwitch={setOpen} />
      </DialogLoadBoundary>
    ) : null;
  const waiting = digest === undefined ? 'Waiting for the digest of this tag' : undefined;

  if (throwaway) {
    return (
      <>
        <Button
          size="sm"
          disabled={Boolean(reason)}
          title={reason ?? `${tag} is on Regatta's throwaway manifest: an interrupted Remove tag`}
          onPointerEnter={preloadDialog}
          onFocus={preloadDialog}
          onClick={() => setOpen('finish')}
        >
          <Wrench aria-hidden="true" className="size-3.5" />
          Finish the untag
        </Button>
        {dialog}
      </>
    );
  }

  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        aria-label={`Remove tag ${tag}`}
        disabled={Boolean(reason ?? waiting)}
        title={reason ?? waiting ?? `Remove only the tag ${tag}`}
        onPointerEnter={preloadDialog}
        onFocus={preloadDialog}
        onClick={() => setOpen('remove')}
        className="row-action"
      >
        <MaskIcon icon={TAG_X} className="size-4" />
      </Button>
      <Menu
        label={`Actions for ${tag}`}
        trigger={
          <Button variant="ghost" size="icon" aria-label={`More actions for ${tag}`} onPointerEnter={preloadDialog} onFocus={preloadDialog}>
            <MaskIcon icon={ELLIPSIS} className="size-4" />
          </Button>
        }
      >
        <MenuItem label={`Remove tag ${tag}`} icon={<TagIconX aria-hidden="true" />} disabled={Boolean(reason ?? waiting)} title={reason ?? waiting} onSelect={() => setOpen('remove')}>
          Remove tag…
        </MenuItem>
        <MenuItem label={`Re-tag ${tag}`} icon={<Tags aria-hidden="true" />} disabled={Boolean(waiting)} title={waiting} onSelect={() => setOpen('retag')}>
          Re-tag…
        </MenuItem>
        <MenuItem label={`Copy ${tag} to another repository`} icon={<CopyPlus aria-hidden="true" />} disabled={Boolean(waiting)} title={waiting} onSelect={() => setOpen('copy')}>
          Copy to repository…
        </MenuItem>
        <MenuSeparator />
        <MenuItem label={`Delete image of ${tag}`} icon={<Trash2 aria-hidden="true" />} tone="danger" disabled={Boolean(reason ?? waiting)} title={reason ?? waiting} onSelect={() => setOpen('delete')}>
          Delete image…
        </MenuItem>
        {reason && <MenuNote>{reason}</MenuNote>}
      </Menu>
      {dialog}
    </>
  );
}
