/**
 * The crawl's lifecycle as React state: start / pause / resume / cancel, throttled progress, and
 * the written batches handed to the audit on screen (`feed`), which adds them to its figures; the
 * stored crawl is read again once, when the crawl ends. The crawl itself is queries/crawl.ts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { isAbortError } from '../../registry/errors';
import { createPauseGate, crawlRegistry, type CrawlProgress, type PauseGate } from '../../queries/crawl';
import { crawlKeys } from '../../queries/crawl-queries';
import type { CrawlSession } from '../../queries/crawl-store';
import { useRegistry } from '../../queries/registry-context';
import { createCrawlFeed } from './crawl-feed';

export type CrawlStatus = 'idle' | 'running' | 'paused' | 'done' | 'cancelled' | 'error';

export interface CrawlState {
  status: CrawlStatus;
  scope?: string;
  progress?: CrawlProgress;
  error?: unknown;
}

const PROGRESS_MS = 100;

export function useCrawl() {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  const [state, setState] = useState<CrawlState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const gate = useRef<PauseGate | null>(null);
  const [feed] = useState(createCrawlFeed);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (scope: string, resumeSession?: CrawlSession) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      gate.current = createPauseGate();
      feed.restart();
      setState({ status: 'running', scope });
      let latest: CrawlProgress | undefined;
      let progressTimer: ReturnType<typeof setTimeout> | undefined;
      const snapshotKey = crawlKeys.snapshot(registry.url);
      try {
        const result = await crawlRegistry(
          { client: registry.client, url: registry.url, queryClient, catalogPageSize: registry.catalogPageSize },
          {
            scope,
            signal: abort.signal,
            gate: gate.current,
            resumeSession,
            onProgress: (progress) => {
              latest = progress;
              progressTimer ??= setTimeout(() => {
                progressTimer = undefined;
                if (!abort.signal.aborted) setState((s) => ({ ...s, progress: latest }));
              }, PROGRESS_MS);
            },
            onBatch: (records, facts) => {
              if (controller.current === abort) feed.push(records, facts);
            },
          },
        );
        if (controller.current === abort) setState({ status: 'done', scope, progress: result.progress });
      } catch (error) {
        if (controller.current !== abort) return;
        const cancelled = abort.signal.aborted || isAbortError(error);
        setState((s) => ({ ...s, status: cancelled ? 'cancelled' : 'error', progress: latest ?? s.progress, error: cancelled ? undefined : error }));
      } finally {
        clearTimeout(progressTimer);
        if (controller.current === abort) feed.settle();
        // Once, at the end: what the batches did not carry (the ledger's moves, repositories gone).
        await queryClient.invalidateQueries({ queryKey: snapshotKey });
        // The stored crawl read again holds every batch: an audit built from it need not add them again.
        const stored = queryClient.getQueryState(snapshotKey);
        if (controller.current === abort && stored?.status === 'success' && !stored.isInvalidated) feed.restart();
      }
    },
    [queryClient, registry, feed],
  );

  const pause = useCallback(() => {
    gate.current?.pause();
    setState((s) => (s.status === 'running' ? { ...s, status: 'paused' } : s));
  }, []);
  const resume = useCallback(() => {
    gate.current?.resume();
    setState((s) => (s.status === 'paused' ? { ...s, status: 'running' } : s));
  }, []);
  const cancel = useCallback(() => {
    gate.current?.resume();
    controller.current?.abort();
  }, []);

  return { state, start, pause, resume, cancel, feed };
}
