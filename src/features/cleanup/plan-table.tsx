import { formatBytes, formatDateTime, shortDigest } from '../../components/ui/format';
import type { CleanupPlan } from '../../queries/cleanup-rules';

/** The dry run, per repository: tags removed, images deleted, what is skipped, bytes freed. */
export function PlanTable({ plan }: { plan: CleanupPlan }) {
  const affected = plan.repositories.filter((r) => r.tagsRemoved.length > 0 || r.imagesDeleted.length > 0 || r.skipped.length > 0);
  if (affected.length === 0) return <p role="status">Nothing matches these rules: the run would change nothing.</p>;
  return (
    <div className="flex flex-col gap-4">
      {affected.map((repo) => (
        <section key={repo.repository} aria-label={`Plan for ${repo.repository}`} className="rounded-md border border-slate-200 bg-surface p-3 text-sm">
          <h3 className="font-semibold">
            {repo.repository}{' '}
            <span className="font-normal text-slate-600">
              — {repo.tagsRemoved.length} tag{repo.tagsRemoved.length === 1 ? '' : 's'} removed, {repo.imagesDeleted.length} image
              {repo.imagesDeleted.length === 1 ? '' : 's'} deleted, {formatBytes(repo.bytesFreed ?? 0)} freed
            </span>
          </h3>
          <table className="mt-2 w-full border-collapse">
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
                <th className="p-1">Action</th>
                <th className="p-1">Tag(s)</th>
                <th className="p-1">Digest</th>
                <th className="p-1">Time</th>
                <th className="p-1 text-right">Size</th>
              </tr>
            </thead>
            <tbody>
              {repo.untagOnly.map((t) => (
                <tr key={`untag ${t.tag}`} className="border-b border-slate-100" data-action="untag">
                  <td className="p-1">Remove tag (image stays)</td>
                  <td className="p-1 font-mono">{t.tag}</td>
                  <td className="p-1 font-mono text-xs" title={t.digest}>
                    {shortDigest(t.digest)}
                  </td>
                  <td className="p-1">{formatDateTime(t.time)}</td>
                  <td className="p-1" />
                </tr>
              ))}
              {repo.imagesDeleted.map((image) => (
                <tr key={`delete ${image.digest}`} className="border-b border-slate-100" data-action="delete">
                  <td className="p-1">{image.reason === 'untagged' ? 'Delete untagged image' : 'Delete image'}</td>
                  <td className="p-1 font-mono">{image.tags.length > 0 ? image.tags.join(', ') : '—'}</td>
                  <td className="p-1 font-mono text-xs" title={image.digest}>
                    {shortDigest(image.digest)}
                  </td>
                  <td className="p-1">{formatDateTime(image.time)}</td>
                  <td className="p-1 text-right">{image.size === undefined ? '—' : formatBytes(image.size)}</td>
                </tr>
              ))}
              {repo.skipped.map((s) => (
                <tr key={`skip ${s.tag ?? ''} ${s.digest}`} className="border-b border-slate-100 text-slate-500" data-action="skip">
                  <td className="p-1">Skipped ({s.reason})</td>
                  <td className="p-1 font-mono">{s.tag ?? '—'}</td>
                  <td className="p-1 font-mono text-xs" title={s.digest}>
                    {shortDigest(s.digest)}
                  </td>
                  <td className="p-1" colSpan={2}>
                    {s.detail}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
