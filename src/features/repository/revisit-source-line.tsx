import { Tooltip } from '../../components/ui/tooltip';
import { formatDateTime, formatRelative } from '../../components/ui/format';

interface RevisitSourceLineProps {
  /** When the remembered answers were saved. */
  savedAt: number;
  /** Rows still showing a remembered digest. */
  checking: number;
  /** The tag list is the registry's own by now. */
  tagsConfirmed: boolean;
}

/** While a revisit's rows come from the last visit: says so, as of when, and what is still being checked. */
export function RevisitSourceLine({ savedAt, checking, tagsConfirmed }: RevisitSourceLineProps) {
  const iso = new Date(savedAt).toISOString();
  return (
    // Not a live region: the count changes with every burst of answers.
    <p className="mb-2 text-sm text-slate-600">
      From cache, as of{' '}
      <Tooltip content={`${formatDateTime(iso)} (${formatRelative(iso)}): what this browser saw on its last visit`}>
        <time dateTime={iso} tabIndex={0} data-relative-time="" className="tabular-nums underline decoration-dotted">
          {formatDateTime(iso)}
        </time>
      </Tooltip>
      .{' '}
      {tagsConfirmed ? `Checking ${checking} ${checking === 1 ? 'tag' : 'tags'} with the registry…` : 'Checking the tags with the registry…'} Actions
      re-check before they change anything.
    </p>
  );
}
