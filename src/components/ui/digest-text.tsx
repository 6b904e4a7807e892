import { Link } from '../routing';
import Copy from 'lucide-react/icons/copy';
import { CopyButton } from './copy-button';

interface DigestTextProps {
  digest: string;
  /** Accessible name of the copy button ("Copy digest of layer 3"). */
  copyLabel: string;
  /** Where the digest leads (a manifest, a layer's users); plain text without it. */
  to?: string;
  /** Tooltip of the link; the digest itself by default. */
  title?: string;
  /** Accessible name of the link when the digest alone does not say where it goes. */
  linkLabel?: string;
  testId?: string;
}

/**
 * A digest shortened to "sha256:" and the first 12 hex characters (the width cuts it, so the
 * text stays whole for find-in-page, copy and tests), the full digest in its tooltip, and a copy
 * button beside it. One line, one width, in every table.
 */
export function DigestText({ digest, copyLabel, to, title = digest, linkLabel, testId }: DigestTextProps) {
  const text = 'inline-block w-[20ch] truncate align-bottom font-mono text-xs';
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      {to ? (
        <Link to={to} title={title} aria-label={linkLabel} data-testid={testId} className={`${text} text-sky-800 hover:underline`}>
          {digest}
        </Link>
      ) : (
        <code title={title} data-testid={testId} className={`${text} text-slate-700`}>
          {digest}
        </code>
      )}
      <CopyButton text={digest} label={copyLabel} showTextAsTitle={false} className="shrink-0 px-1.5" icon={<Copy aria-hidden="true" className="size-3.5" />}>
        <span className="sr-only">Copy</span>
      </CopyButton>
    </span>
  );
}
