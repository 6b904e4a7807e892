import { formatBytes } from '../../components/ui/format';
import type { CrawlProgress as Progress } from '../../queries/crawl';

function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Share of the known work done, 0–100 (repositories listed + tags resolved + contents read). */
export function percentDone(p: Progress): number {
  const done = p.repositories.done + p.tags.done + p.manifests.done + p.configs.done;
  const total = p.repositories.total + p.tags.total + p.manifests.total + p.configs.total;
  if (total === 0) return p.catalogComplete ? 100 : 0;
  return Math.min(100, Math.floor((done / total) * 100));
}

export function CrawlProgressView({ progress, label }: { progress: Progress; label: string }) {
  const percent = percentDone(progress);
  const text = `${percent}%${progress.catalogComplete ? '' : ' (catalog still being read)'}`;
  return (
    <div className="flex flex-col gap-1">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text} className="h-2 w-full overflow-hidden rounded bg-slate-200">
        <div className="h-full bg-sky-700 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <div>
          <dt className="inline">Repositories: </dt>
          <dd className="inline" data-testid="crawl-repositories">
            {progress.repositories.done} / {progress.repositories.total}
            {progress.catalogComplete ? '' : '+'}
          </dd>
        </div>
        <div>
          <dt className="inline">Tags: </dt>
          <dd className="inline">
            {progress.tags.done} / {progress.tags.total}
          </dd>
        </div>
        <div>
          <dt className="inline">Manifests: </dt>
          <dd className="inline" data-testid="crawl-manifests">
            {progress.manifests.done} / {progress.manifests.total}
          </dd>
        </div>
        <div>
          <dt className="inline">Configs: </dt>
          <dd className="inline">
            {progress.configs.done} / {progress.configs.total}
          </dd>
        </div>
        <div>
          <dt className="inline">Read: </dt>
          <dd className="inline">{formatBytes(progress.bytes)}</dd>
        </div>
        <div>
          <dt className="inline">Already known: </dt>
          <dd className="inline" data-testid="crawl-reused">
            {progress.reused} digests
          </dd>
        </div>
        {progress.skipped > 0 && (
          <div>
            <dt className="inline">Skipped (resumed): </dt>
            <dd className="inline">{progress.skipped}</dd>
          </div>
        )}
        {progress.retried > 0 && (
          <div title="Asked again after the registry failed to answer (503, 429, a dropped connection)">
            <dt className="inline">Retried after registry errors: </dt>
            <dd className="inline" data-testid="crawl-retried">
              {progress.retried}
            </dd>
          </div>
        )}
        {progress.errors > 0 && (
          <div className="text-red-800">
            <dt className="inline">Errors: </dt>
            <dd className="inline">{progress.errors}</dd>
          </div>
        )}
        <div>
          <dt className="inline">Elapsed: </dt>
          <dd className="inline">{duration(progress.elapsedMs)}</dd>
        </div>
        <div>
          <dt className="inline">ETA: </dt>
          <dd className="inline">{progress.etaMs === undefined ? 'estimating…' : duration(progress.etaMs)}</dd>
        </div>
      </dl>
    </div>
  );
}
