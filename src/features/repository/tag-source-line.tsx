import { Tooltip } from '../../components/ui/tooltip';
import { formatDateTime, formatRelative } from '../../components/ui/format';
import type { TagSource } from '../../queries/bulk-tags';
import { describeError } from '../../queries/operations/decisions';

/** Says where the rows' digests, sizes and dates come from when it is not one HEAD per tag, and why not when a bulk source failed. */
export function TagSourceLine({ source }: { source: TagSource }) {
  if (source.kind === 'index') {
    const iso = new Date(source.at).toISOString();
    return (
      <p className="mb-2 text-sm text-slate-600">
        From the index, as of{' '}
        <Tooltip content={`${formatDateTime(iso)} (${formatRelative(iso)}); refreshed when the index reports a change`}>
          <time dateTime={iso} tabIndex={0} data-relative-time="" className="tabular-nums underline decoration-dotted">
            {new Date(source.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}
          </time>
        </Tooltip>
        . Display only: actions re-check with the registry.
      </p>
    );
  }
  if (source.kind === 'acr') {
    return (
      <p className="mb-2 text-sm text-slate-600">
        From ACR metadata: every tag's digest in bulk (<code>_tags</code>), sizes and dates read once per image.
      </p>
    );
  }
  const failure = source.indexError ?? source.acrError;
  if (failure === undefined || failure === null) return null;
  return (
    <p role="status" aria-label="Source of the tag details" className="mb-2 text-sm text-amber-900">
      {source.indexError !== undefined ? 'The registry index does not answer' : 'The ACR metadata API failed'} ({describeError(failure)}): reading the tags from the
      registry instead, one request per tag.
    </p>
  );
}
