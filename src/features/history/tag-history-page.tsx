import { useMemo, useState } from 'react';
import { Link, useParams } from '../../components/routing';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Dialog, buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { formatDateTime, shortDigest } from '../../components/ui/format';
import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';
import { manifestPath, parseRepositorySplat } from '../../config/route-paths';
import { actionQueries } from '../../queries/action-queries';
import { indexQueries } from '../../queries/index-queries';
import { useRegistry } from '../../queries/registry-context';
import type { IndexClient, IndexHistoryEntry } from '../../registry/index-client';

/** /r/<name>/-/history/<tag>: every digest the tag pointed at, from the registry index, with restore. */
export function TagHistoryPage() {
  const route = parseRepositorySplat(useParams()['*']);
  const { index } = useRegistry();
  if (route.view !== 'history') return null;
  return (
    <div className="flex min-w-0 flex-col gap-4">
      <header className="space-y-1">
        <RepositoryBreadcrumbs name={route.name} current={`${route.tag} history`} />
        <h1 className="font-mono text-xl font-semibold break-all text-slate-900">
          {route.name}:{route.tag} <span className="font-sans text-base font-normal text-slate-500">history</span>
        </h1>
      </header>
      {index ? (
        <TagHistory index={index} name={route.name} tag={route.tag} />
      ) : (
        <p role="status" className="text-sm text-slate-700">
          Tag history needs the registry index (regatta-index): the registry API only knows where a tag points now. Configure <code>index</code> for this
          registry (README, “The registry index”).
        </p>
      )}
    </div>
  );
}

function TagHistory({ index, name, tag }: { index: IndexClient; name: string; tag: string }) {
  const { url, readOnly } = useRegistry();
  const queries = useMemo(() => indexQueries(index, url), [index, url]);
  const history = useQuery(queries.history(name, tag));
  const [restoring, setRestoring] = useState<IndexHistoryEntry | null>(null);

  if (history.isPending) return <p className="text-sm text-slate-500">Loading the history from the index…</p>;
  if (history.isError) return <ErrorPanel title="The registry index could not give this tag's history" error={history.error} onRetry={() => void history.refetch()} />;
  const entries = history.data;
  if (entries.length === 0) return <p className="text-sm text-slate-700">The index has no record of {tag} in {name}.</p>;
  const current = entries.find((entry) => entry.current)?.digest ?? null;

  return (
    <>
      <p className="text-sm text-slate-600">
        From the registry index, as of {formatDateTime(new Date(history.dataUpdatedAt).toISOString())}. Times come from the registry's storage, or from its
        notifications (then with who pushed).
      </p>
      <table className="w-full text-sm">
        <caption className="sr-only">Digests {tag} has pointed at, newest first</caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th scope="col" className="py-1 pr-3 font-medium">Digest</th>
            <th scope="col" className="py-1 pr-3 font-medium">From</th>
            <th scope="col" className="py-1 pr-3 font-medium">Until</th>
            <th scope="col" className="py-1 pr-3 font-medium">Pushed by</th>
            <th scope="col" className="py-1 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={`${entry.digest}-${entry.firstSeen ?? ''}`} className="border-b border-slate-100">
              <td className="py-1 pr-3 font-mono whitespace-nowrap">
                {entry.exists ? <Link to={manifestPath(name, entry.digest)}>{shortDigest(entry.digest)}</Link> : shortDigest(entry.digest)}
                {entry.current && <span className="ml-2 rounded bg-sky-100 px-1.5 text-xs text-sky-900">current</span>}
                {!entry.exists && <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-700">deleted</span>}
              </td>
              <td className="py-1 pr-3 whitespace-nowrap">{entry.firstSeen ? formatDateTime(entry.firstSeen) : 'unknown'}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{entry.current ? 'now' : entry.lastSeen ? formatDateTime(entry.lastSeen) : 'unknown'}</td>
              <td className="py-1 pr-3">{entry.actor ?? '—'}</td>
              <td className="py-1">
                {!entry.current && entry.exists && !readOnly && (
                  <button type="button" className={buttonClass.small} onClick={() => setRestoring(entry)} aria-label={`Restore ${tag} to ${shortDigest(entry.digest)}`}>
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {restoring && <RestoreDialog name={name} tag={tag} target={restoring.digest} current={current} onClose={() => setRestoring(null)} />}
    </>
  );
}

interface RestoreDialogProps {
  name: string;
  tag: string;
  target: string;
  current: string | null;
  onClose: () => void;
}

function RestoreDialog({ name, tag, target, current, onClose }: RestoreDialogProps) {
  const { client, url } = useRegistry();
  const queryClient = useQueryClient();
  const actions = useMemo(() => actionQueries(client, url, queryClient), [client, url, queryClient]);
  const restore = useMutation(actions.restore);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Restore ${tag}`} description={`Points ${name}:${tag} back at an earlier image.`} busy={restore.isPending}>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-600">{tag} now</dt>
        <dd className="font-mono">{current ? shortDigest(current) : 'does not exist'}</dd>
        <dt className="text-slate-600">{tag} after</dt>
        <dd className="font-mono">{shortDigest(target)}</dd>
      </dl>
      <p>Only this tag moves. The image it points at now stays, with its other tags, or untagged if this was its only tag.</p>
      {restore.isError && <ErrorPanel title="Could not restore" error={restore.error} />}
      {restore.isSuccess ? (
        <>
          <p role="status">
            {tag} points at {shortDigest(restore.data.digest)} again.
          </p>
          <button type="button" className={buttonClass.secondary} onClick={onClose}>
            Close
          </button>
        </>
      ) : (
        <div className="flex gap-2">
          <button type="button" className={buttonClass.primary} disabled={restore.isPending} onClick={() => restore.mutate({ name, tag, digest: target, expectedCurrent: current })}>
            {restore.isPending ? 'Restoring…' : `Restore ${tag}`}
          </button>
          <button type="button" className={buttonClass.secondary} onClick={onClose} disabled={restore.isPending}>
            Cancel
          </button>
        </div>
      )}
    </Dialog>
  );
}
