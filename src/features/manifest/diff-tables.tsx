import { useId } from 'react';
import { Bytes } from '../../components/ui/bytes';
import { DigestText } from '../../components/ui/digest-text';
import { formatBytes } from '../../components/ui/format';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import type { ConfigChange, LayerDiffEntry } from '../../queries/image-diff';
import { exactBytes } from './byte-size';

/** One group of the layer diff (only in A, shared, only in B) as a titled table. */
export function LayerGroup({ title, entries, bytes }: { title: string; entries: LayerDiffEntry[]; bytes: number }) {
  const id = useId();
  return (
    <div className="min-w-0">
      <h3 id={id} className="mt-3 mb-1 text-sm font-semibold text-slate-800">
        {title} ({entries.length}, {formatBytes(bytes)})
      </h3>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">none</p>
      ) : (
        <TableContainer className="max-h-[calc(100dvh-8rem)]">
          <Table aria-labelledby={id} className="min-w-[26rem] table-fixed">
            <colgroup>
              <col className="w-14" />
              <col className="w-14" />
              <col />
              <col className="w-24" />
            </colgroup>
            <TableHeader>
              <tr>
                <TableHead numeric className="text-left">A #</TableHead>
                <TableHead numeric className="text-left">B #</TableHead>
                <TableHead pinned>Digest</TableHead>
                <TableHead numeric>Size</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={`${entry.digest}-${entry.positionA ?? ''}-${entry.positionB ?? ''}`}>
                  <TableCell numeric className="text-left">{entry.positionA ?? '—'}</TableCell>
                  <TableCell numeric className="text-left">{entry.positionB ?? '—'}</TableCell>
                  <TableCell pinned>
                    <DigestText digest={entry.digest} copyLabel={`Copy digest ${entry.digest.slice(0, 19)}`} />
                  </TableCell>
                  <TableCell numeric>
                    <Bytes bytes={entry.size} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </div>
  );
}

const CHANGE_TEXT = { added: 'only in B', removed: 'only in A', changed: 'changed' } as const;

/** A config value: one line, cut by the column, whole in the tooltip. */
function Value({ text }: { text: string | undefined }) {
  if (text === undefined) return <span className="text-slate-500">—</span>;
  return (
    <span className="block truncate font-mono text-xs" title={text}>
      {text}
    </span>
  );
}

export function ConfigChanges({ changes }: { changes: ConfigChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">The configurations are the same (platform, entrypoint, cmd, working dir, user, ports, volumes, env, labels).</p>;
  return (
    <TableContainer className="max-h-[calc(100dvh-8rem)]">
      <Table aria-label="Configuration differences" className="min-w-[40rem] table-fixed">
        <colgroup>
          <col className="w-28" />
          <col className="w-[22%]" />
          <col />
          <col />
          <col className="w-24" />
        </colgroup>
        <TableHeader>
          <tr>
            <TableHead pinned>Field</TableHead>
            <TableHead>Key</TableHead>
            <TableHead>A</TableHead>
            <TableHead>B</TableHead>
            <TableHead>Change</TableHead>
          </tr>
        </TableHeader>
        <TableBody>
          {changes.map((change, i) => (
            <TableRow key={`${change.field}-${change.key ?? ''}-${i}`}>
              <TableCell pinned className="whitespace-nowrap">{change.field}</TableCell>
              <TableCell>
                <span className="block truncate font-mono text-xs" title={change.key}>
                  {change.key ?? ''}
                </span>
              </TableCell>
              <TableCell>
                <Value text={change.a} />
              </TableCell>
              <TableCell>
                <Value text={change.b} />
              </TableCell>
              <TableCell className="text-xs whitespace-nowrap">{CHANGE_TEXT[change.change]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function signedBytes(delta: number): string {
  if (delta === 0) return 'no change';
  const sign = delta > 0 ? '+' : '−';
  return `${sign}${formatBytes(Math.abs(delta))} (${sign}${exactBytes(Math.abs(delta))})`;
}
