import { Bytes } from '../../components/ui/bytes';
import { DigestText } from '../../components/ui/digest-text';
import { formatBytes } from '../../components/ui/format';
import { Timestamp } from '../../components/ui/relative-time';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import type { CleanupPlan } from '../../queries/cleanup-rules';

function Tags({ text }: { text: string }) {
  return (
    <span className="block truncate font-mono text-xs" title={text}>
      {text}
    </span>
  );
}

/** The dry run, per repository: tags removed, images deleted, what is skipped, bytes freed. */
export function PlanTable({ plan }: { plan: CleanupPlan }) {
  const affected = plan.repositories.filter((r) => r.tagsRemoved.length > 0 || r.imagesDeleted.length > 0 || r.skipped.length > 0);
  if (affected.length === 0) return <p role="status">Nothing matches these rules: the run would change nothing.</p>;
  return (
    <div className="flex flex-col gap-4">
      {affected.map((repo) => (
        <section key={repo.repository} aria-label={`Plan for ${repo.repository}`} className="flex flex-col gap-2 text-sm">
          <h3 className="font-semibold">
            {repo.repository}{' '}
            <span className="font-normal text-slate-600">
              — {repo.tagsRemoved.length} tag{repo.tagsRemoved.length === 1 ? '' : 's'} removed, {repo.imagesDeleted.length} image
              {repo.imagesDeleted.length === 1 ? '' : 's'} deleted, {formatBytes(repo.bytesFreed ?? 0)} freed
            </span>
          </h3>
          <TableContainer className="max-h-[calc(100dvh-8rem)]">
            <Table className="min-w-[52rem] table-fixed">
              <colgroup>
                <col className="w-52" />
                <col />
                <col className="w-[15rem]" />
                <col className="w-32" />
                <col className="w-24" />
              </colgroup>
              <TableHeader>
                <tr>
                  <TableHead pinned>Action</TableHead>
                  <TableHead>Tags</TableHead>
                  <TableHead>Digest</TableHead>
                  <TableHead>Time</TableHead>
                  <TableHead numeric>Size</TableHead>
                </tr>
              </TableHeader>
              <TableBody>
                {repo.untagOnly.map((t) => (
                  <TableRow key={`untag ${t.tag}`} data-action="untag">
                    <TableCell pinned>Remove tag (image stays)</TableCell>
                    <TableCell>
                      <Tags text={t.tag} />
                    </TableCell>
                    <TableCell>
                      <DigestText digest={t.digest} copyLabel={`Copy digest of ${t.tag}`} />
                    </TableCell>
                    <TableCell>
                      <Timestamp iso={t.time} />
                    </TableCell>
                    <TableCell />
                  </TableRow>
                ))}
                {repo.imagesDeleted.map((image) => (
                  <TableRow key={`delete ${image.digest}`} data-action="delete">
                    <TableCell pinned>{image.reason === 'untagged' ? 'Delete untagged image' : 'Delete image'}</TableCell>
                    <TableCell>
                      <Tags text={image.tags.length > 0 ? image.tags.join(', ') : '—'} />
                    </TableCell>
                    <TableCell>
                      <DigestText digest={image.digest} copyLabel={`Copy digest ${image.digest.slice(0, 19)}`} testId="plan-digest" />
                    </TableCell>
                    <TableCell>
                      <Timestamp iso={image.time} />
                    </TableCell>
                    <TableCell numeric>{image.size === undefined ? '—' : <Bytes bytes={image.size} />}</TableCell>
                  </TableRow>
                ))}
                {repo.skipped.map((s) => (
                  <TableRow key={`skip ${s.tag ?? ''} ${s.digest}`} className="text-slate-600" data-action="skip">
                    <TableCell pinned>Skipped ({s.reason})</TableCell>
                    <TableCell>
                      <Tags text={s.tag ?? '—'} />
                    </TableCell>
                    <TableCell>
                      <DigestText digest={s.digest} copyLabel={`Copy digest ${s.digest.slice(0, 19)}`} />
                    </TableCell>
                    <TableCell colSpan={2}>{s.detail}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </section>
      ))}
    </div>
  );
}
