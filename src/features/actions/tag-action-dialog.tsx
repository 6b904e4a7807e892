import { CopyDialog } from './copy-dialog';
import { DeleteImageDialog } from './delete-image-dialog';
import { FinishUntagDialog } from './finish-untag-dialog';
import { RemoveTagDialog } from './remove-tag-dialog';
import { RetagDialog } from './retag-dialog';
import { useActionEnv } from './use-action-env';

export type TagDialogKind = 'remove' | 'delete' | 'retag' | 'copy' | 'finish';

export interface TagActionDialogProps {
  kind: TagDialogKind;
  name: string;
  tag: string;
  digest: string;
  onClose: () => void;
  /** Remove tag offers "Delete image" when the tag is the image's last: it switches to that dialog. */
  onSwitch: (kind: TagDialogKind) => void;
}

/**
 * The dialog a row's action opens. Its own chunk, with the actions' plans and executor: a table
 * renders actions on every row, and only a row whose action is chosen needs them.
 */
export function TagActionDialog({ kind, name, tag, digest, onClose, onSwitch }: TagActionDialogProps) {
  const env = useActionEnv(name);
  switch (kind) {
    case 'remove':
      return <RemoveTagDialog env={env} name={name} tag={tag} digest={digest} onClose={onClose} onDeleteImage={() => onSwitch('delete')} />;
    case 'delete':
      return <DeleteImageDialog env={env} name={name} tag={tag} digest={digest} onClose={onClose} />;
    case 'retag':
      return <RetagDialog env={env} name={name} tag={tag} digest={digest} onClose={onClose} />;
    case 'copy':
      return <CopyDialog env={env} name={name} tag={tag} digest={digest} onClose={onClose} />;
    case 'finish':
      return <FinishUntagDialog env={env} name={name} tag={tag} digest={digest} onClose={onClose} />;
  }
}
