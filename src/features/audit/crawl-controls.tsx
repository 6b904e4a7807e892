import { useState } from 'react';
import { buttonClass } from '../../components/ui/dialog';
import { formatDateTime } from '../../components/ui/format';
import type { CrawlSession } from '../../queries/crawl-store';
import { CrawlProgressView } from './crawl-progress';
import type { useCrawl } from './use-crawl';

interface CrawlControlsProps {
  crawl: ReturnType<typeof useCrawl>;
  /** The namespace on screen: the default scope. */
  namespace: string;
  /** The last stored session (from an earlier visit too). */
  session?: CrawlSession;
}

const scopeLabel = (scope: string) => (scope ? `namespace ${scope}/` : 'the whole registry');

export function CrawlControls({ crawl, namespace, session }: CrawlControlsProps) {
  const { state } = crawl;
  const [scope, setScope] = useState(namespace);
  const active = state.status === 'running' || state.status === 'paused';
  // A session left unfinished (cancelled, failed, or the tab closed mid-crawl) can be resumed.
  const resumable = !active && session !== undefined && session.status !== 'done';
  return (
    <section aria-label="Crawl" className="flex flex-col gap-2 rounded-md border border-slate-200 bg-surface p-3">
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-sm">
          <span>Crawl scope (namespace, empty = whole registry)</span>
          <input
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value.trim().replace(/^\/+|\/+$/g, ''))}
            placeholder="e.g. marketing"
            disabled={active}
            className="rounded border border-slate-300 px-2 py-1"
          />
        </label>
        {!active && (
          <button type="button" className={buttonClass.primary} onClick={() => void crawl.start(scope)}>
            Crawl {scopeLabel(scope)}
          </button>
        )}
        {resumable && (
          <button type="button" className={buttonClass.secondary} onClick={() => void crawl.start(session.scope, session)}>
            Resume crawl of {scopeLabel(session.scope)}
          </button>
        )}
        {state.status === 'running' && (
          <button type="button" className={buttonClass.secondary} onClick={crawl.pause}>
            Pause
          </button>
        )}
        {state.status === 'paused' && (
          <button type="button" className={buttonClass.secondary} onClick={crawl.resume}>
            Resume
          </button>
        )}
        {active && (
          <button type="button" className={buttonClass.danger} onClick={crawl.cancel}>
            Cancel
          </button>
        )}
      </div>
      <p role="status" className="text-sm text-slate-700">
        {state.status === 'running' && `Crawling ${scopeLabel(state.scope ?? '')}…`}
        {state.status === 'paused' && `Paused: requests in flight finish, no new ones start.`}
        {state.status === 'done' && `Crawl of ${scopeLabel(state.scope ?? '')} complete.`}
        {state.status === 'cancelled' && `Crawl cancelled. What was read is kept; resume to finish.`}
        {state.status === 'error' && `The crawl stopped: ${state.error instanceof Error ? state.error.message : String(state.error)}. What was read is kept; resume to finish.`}
        {state.status === 'idle' &&
          (session
            ? `Last crawl: ${scopeLabel(session.scope)}, started ${formatDateTime(new Date(session.startedAt).toISOString())} (${session.status === 'running' ? 'interrupted' : session.status}).`
            : 'Nothing crawled yet in this browser.')}
      </p>
      {state.progress && <CrawlProgressView progress={state.progress} label="Crawl progress" />}
      <p className="text-xs text-slate-500">
        A crawl lists tags and resolves each with one HEAD request (registries count it as a pull); manifests and configs are read only for digests this browser has not
        seen before, and kept in IndexedDB.
      </p>
    </section>
  );
}
