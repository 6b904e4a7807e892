/**
 * The audit's figures for one namespace: built once from the stored crawl (or the index), then
 * kept current by the running crawl's batches (crawl-feed.ts) without reading the store again.
 * A batch is added as it is written; the page renders the result at most once per RENDER_MS.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AuditInput } from '../../queries/audit';
import type { CompiledRules } from '../../queries/naming-rules';
import { createRunningAudit, type AuditView, type RunningAudit } from '../../queries/running-audit';
import { FeedReader, type CrawlFeed } from './crawl-feed';

type AuditData = Pick<AuditInput, 'repositories' | 'facts' | 'ledgers' | 'untagged'>;

const RENDER_MS = 1000;
export const SHARED_LIMIT = 25;

interface Settings {
  now: number;
  staleDays: number;
  rules: CompiledRules;
}

export function useRunningAudit(data: AuditData | undefined, settings: Settings, scope: string, feed?: CrawlFeed): AuditView | null {
  const { now, staleDays, rules } = settings;
  const running = useMemo(() => {
    if (!data) return null;
    const audit: RunningAudit = createRunningAudit({ facts: data.facts, ledgers: data.ledgers, untagged: data.untagged, now, staleDays, rules });
    audit.apply(data.repositories);
    const reader = new FeedReader();
    if (feed) reader.catchUp(feed, audit);
    return { audit, reader };
  }, [data, now, staleDays, rules, feed]);
  const initial = useMemo(() => running?.audit.view(scope, SHARED_LIMIT) ?? null, [running, scope]);
  const [latest, setLatest] = useState<{ from: typeof running; view: AuditView } | null>(null);

  useEffect(() => {
    if (!running || !feed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending = false;
    const show = () => {
      clearTimeout(timer);
      timer = undefined;
      pending = false;
      setLatest({ from: running, view: running.audit.view(scope, SHARED_LIMIT) });
    };
    const onBatch = (settled = false) => {
      if (running.reader.catchUp(feed, running.audit)) pending = true;
      if (!pending) return;
      // The crawl's end shows the last batches with its status, not up to a second later.
      if (settled) show();
      else timer ??= setTimeout(show, RENDER_MS);
    };
    // Batches written between the render and this effect.
    onBatch();
    const unsubscribe = feed.subscribe(onBatch);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [running, feed, scope]);

  return latest && latest.from === running ? latest.view : initial;
}
