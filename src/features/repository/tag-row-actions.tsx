import Copy from 'lucide-react/icons/copy';
import Hash from 'lucide-react/icons/hash';
import { CopyButton } from '../../components/ui/copy-button';
import { buttonVariants } from '../../components/ui/button';
import { pullByDigest, pullByTag } from '../../config/route-paths';

interface TagRowActionsProps {
  name: string;
  tag: string;
  digest?: string;
  loginServer: string;
}

const icon = 'size-3.5 shrink-0';

/** The two pull commands, the most used actions: always in the row, one click to copy. */
export function TagRowActions({ name, tag, digest, loginServer }: TagRowActionsProps) {
  return (
    <span className="flex justify-end gap-1">
      <CopyButton text={pullByTag(loginServer, name, tag)} label={`Copy pull command for ${tag}`} icon={<Copy aria-hidden="true" className={icon} />}>
        Pull
      </CopyButton>
      {digest ? (
        <CopyButton text={pullByDigest(loginServer, name, digest)} label={`Copy pull command by digest for ${tag}`} icon={<Hash aria-hidden="true" className={icon} />}>
          By digest
        </CopyButton>
      ) : (
        <button type="button" disabled aria-label={`Copy pull command by digest for ${tag}`} title="The digest is not known yet" className={`${buttonVariants({ size: 'sm' })} font-normal`}>
          <Hash aria-hidden="true" className={icon} />
          By digest
        </button>
      )}
    </span>
  );
}
