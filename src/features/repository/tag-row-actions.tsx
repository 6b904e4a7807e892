import { CopyButton } from '../../components/ui/copy-button';
import { pullByDigest, pullByTag } from '../../config/route-paths';

interface TagRowActionsProps {
  name: string;
  tag: string;
  digest?: string;
  loginServer: string;
}

export function TagRowActions({ name, tag, digest, loginServer }: TagRowActionsProps) {
  return (
    <span className="flex justify-end gap-1">
      <CopyButton text={pullByTag(loginServer, name, tag)} label={`Copy pull command for ${tag}`}>
        Pull
      </CopyButton>
      {digest ? (
        <CopyButton text={pullByDigest(loginServer, name, digest)} label={`Copy pull command by digest for ${tag}`}>
          By digest
        </CopyButton>
      ) : (
        <button
          type="button"
          disabled
          aria-label={`Copy pull command by digest for ${tag}`}
          title="The digest is not known yet"
          className="rounded border border-slate-200 px-2 py-0.5 text-xs text-slate-400"
        >
          By digest
        </button>
      )}
    </span>
  );
}
