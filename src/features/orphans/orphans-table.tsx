import { buttonClass } from '../../components/ui/dialog';
import { formatBytes, formatDateTime, shortDigest } from '../../components/ui/format';
import type { OrphanRow } from './orphan-rows';

interface OrphansTableProps {
  rows: OrphanRow[];
  selected: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onToggleAll: (keys: string[]) => void;
  onDelete: (row: OrphanRow) => void;
  onLock?: (row: OrphanRow, lock: boolean) => void;
  busy: boolean;
}

export const LOCKED_REASON = 'Locked: the registry refuses to delete it (deleteEnabled or writeEnabled is false). Unlock it first.';

export function OrphansTable({ rows, selected, onToggle, onToggleAll, onDelete, onLock, busy }: OrphansTableProps) {
  const deletable = rows.filter((r) => !r.locked).map((r) => r.key);
  const allSelected = deletable.length > 0 && deletable.every((k) => selected.has(k));
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">Untagged manifests</caption>
      <thead>
        <tr className="border-b border-slate-200 text-left text-xs text-slate-600">
          <th className="w-8 p-2">
            <input type="checkbox" aria-label="Select all" checked={allSelected} disabled={busy || deletable.length === 0} onChange={() => onToggleAll(allSelected ? [] : deletable)} />
          </th>
          <th className="p-2">Digest</th>
          <th className="p-2">Repository</th>
          <th className="p-2">Used to be</th>
          <th className="p-2">Created</th>
          <th className="p-2 text-right">Size</th>
          <th className="p-2 text-right">Reclaimable</th>
          <th className="p-2">Actions</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-slate-100" aria-label={`${row.repository}@${row.digest}`}>
            <td className="p-2">
              <input
                type="checkbox"
                aria-label={`Select ${row.repository}@${shortDigest(row.digest)}`}
                checked={selected.has(row.key)}
                disabled={busy || row.locked}
                title={row.locked ? LOCKED_REASON : undefined}
                onChange={() => onToggle(row.key)}
              />
            </td>
            <td className="p-2 font-mono text-xs" title={row.digest}>
              {shortDigest(row.digest)}
              {row.parent && <span className="block text-slate-500">platform of orphaned index {shortDigest(row.parent)}</span>}
            </td>
            <td className="p-2">{row.repository}</td>
            <td className="p-2">
              {row.formerTags.length > 0 ? row.formerTags.join(', ') : row.untaggedSince ? null : <span className="text-slate-500">unknown</span>}
              {row.untaggedSince && <span className="block text-slate-600">untagged since {formatDateTime(row.untaggedSince)}</span>}
            </td>
            <td className="p-2">{formatDateTime(row.created)}</td>
            <td className="p-2 text-right" data-bytes={row.size}>
              {row.size === undefined ? '—' : formatBytes(row.size)}
            </td>
            <td className="p-2 text-right" data-bytes={row.reclaimable}>
              {formatBytes(row.reclaimable)}
            </td>
            <td className="flex flex-wrap gap-1 p-2">
              <button
                type="button"
                className={buttonClass.small}
                disabled={busy || row.locked}
                aria-label={`Delete ${row.repository}@${shortDigest(row.digest)}`}
                title={row.locked ? LOCKED_REASON : undefined}
                onClick={() => onDelete(row)}
              >
                Delete
              </button>
              {row.locked && <span className="text-xs text-amber-800">Locked — unlock to delete</span>}
              {onLock && (
                <button type="button" className={buttonClass.small} disabled={busy} onClick={() => onLock(row, !row.locked)}>
                  {row.locked ? 'Unlock' : 'Lock'}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
