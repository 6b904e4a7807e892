import { buttonClass } from '../../components/ui/dialog';
import { formatDateTime } from '../../components/ui/format';
import { describeError } from '../../queries/operations/decisions';

/** The audit read from regatta-index: as of when, and a way to read it again. */
export function IndexSourceNotice({ readAt, lastScan, reload, reloading }: { readAt: number; lastScan: string | null; reload: () => void; reloading: boolean }) {
  return (
    <section aria-label="Source" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
      <p className="flex-1">
        <strong>From the index, as of {formatDateTime(new Date(readAt).toISOString())}.</strong> regatta-index reads the registry&apos;s storage and notifications
        {lastScan ? ` (storage last read ${formatDateTime(lastScan)})` : ''}, so every repository and tag you may read is here without a crawl, and untagged
        counts are complete.
      </p>
      <button type="button" className={buttonClass.secondary} disabled={reloading} onClick={reload}>
        {reloading ? 'Reading the index…' : 'Read the index again'}
      </button>
    </section>
  );
}

/** The registry has an index, but it failed: the crawl is offered instead, and the page says why. */
export function IndexFailedNotice({ error }: { error: unknown }) {
  return (
    <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-950">
      <strong>The registry index does not answer</strong> ({describeError(error)}): the audit falls back to crawling the registry from this browser.
    </p>
  );
}
