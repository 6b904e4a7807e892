import { useId } from 'react';
import { formatBytes } from '../../components/ui/format';
import type { ConfigChange, LayerDiffEntry } from '../../queries/image-diff';
import { ByteSize, exactBytes } from './byte-size';

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
        <table aria-labelledby={id} className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-1">A #</th>
              <th scope="col" className="px-2 py-1">B #</th>
              <th scope="col" className="px-2 py-1">Digest</th>
              <th scope="col" className="px-2 py-1 text-right">Size</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((entry) => (
              <tr key={`${entry.digest}-${entry.positionA ?? ''}-${entry.positionB ?? ''}`}>
                <td className="px-2 py-1 tabular-nums">{entry.positionA ?? '—'}</td>
                <td className="px-2 py-1 tabular-nums">{entry.positionB ?? '—'}</td>
                <td className="px-2 py-1">
                  <code className="font-mono text-xs break-all">{entry.digest}</code>
                </td>
                <td className="px-2 py-1 text-right">
                  <ByteSize bytes={entry.size} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const CHANGE_TEXT = { added: 'only in B', removed: 'only in A', changed: 'changed' } as const;

export function ConfigChanges({ changes }: { changes: ConfigChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-600">The configurations are the same (platform, entrypoint, cmd, working dir, user, ports, volumes, env, labels).</p>;
  return (
    <div className="overflow-x-auto">
      <table aria-label="Configuration differences" className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1">Field</th>
            <th scope="col" className="px-2 py-1">Key</th>
            <th scope="col" className="px-2 py-1">A</th>
            <th scope="col" className="px-2 py-1">B</th>
            <th scope="col" className="px-2 py-1">Change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {changes.map((change, i) => (
            <tr key={`${change.field}-${change.key ?? ''}-${i}`}>
              <td className="px-2 py-1">{change.field}</td>
              <td className="px-2 py-1 font-mono text-xs break-all">{change.key ?? ''}</td>
              <td className="px-2 py-1 font-mono text-xs break-all">{change.a ?? '—'}</td>
              <td className="px-2 py-1 font-mono text-xs break-all">{change.b ?? '—'}</td>
              <td className="px-2 py-1 text-xs">{CHANGE_TEXT[change.change]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function signedBytes(delta: number): string {
  if (delta === 0) return 'no change';
  const sign = delta > 0 ? '+' : '−';
  return `${sign}${formatBytes(Math.abs(delta))} (${sign}${exactBytes(Math.abs(delta))})`;
}
