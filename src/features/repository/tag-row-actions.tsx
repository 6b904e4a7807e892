import * as copyIcon from 'lucide-react/icons/copy';
import * as hashIcon from 'lucide-react/icons/hash';
import { lucideIconData, MaskIcon } from '../../components/ui/mask-icon';
import { CopyButton } from '../../components/ui/copy-button';
import { buttonVariants } from '../../components/ui/button';
import { pullByDigest, pullByTag } from '../../config/route-paths';

interface TagRowActionsProps {
  name: string;
  tag: string;
  digest?: string;
  loginServer: string;
}

// Drawn by CSS: a table renders them once per row (see MaskIcon).
const COPY = lucideIconData(copyIcon);
const HASH = lucideIconData(hashIcon);

/** The two pull commands, the most used actions: always in the row, one click to copy. */
export function TagRowActions({ name, tag, digest, loginServer }: TagRowActionsProps) {
  return (
    <span className="flex justify-end gap-1">
      <CopyButton text={pullByTag(loginServer, name, tag)} label={`Copy pull command for ${tag}`} icon={<MaskIcon icon={COPY} />}>
        Pull
      </CopyButton>
      {digest ? (
        <CopyButton text={pullByDigest(loginServer, name, digest)} label={`Copy pull command by digest for ${tag}`} icon={<MaskIcon icon={HASH} />}>
          By digest
        </CopyButton>
      ) : (
        <button type="button" disabled aria-label={`Copy pull command by digest for ${tag}`} title="The digest is not known yet" className={`${buttonVariants({ size: 'sm' })} font-normal`}>
          <MaskIcon icon={HASH} />
          By digest
        </button>
      )}
    </span>
  );
}
