import { Bytes } from '../../components/ui/bytes';
import { buttonClass } from '../../components/ui/dialog';
import { DigestText } from '../../components/ui/digest-text';
import { shortDigest } from '../../components/ui/format';
import { Timestamp } from '../../components/ui/relative-time';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
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
    <TableContainer className="max-h-[calc(100dvh-8rem)]">
      <Table className="min-w-[64rem] table-fixed">
        <caption className="sr-only">Untagged manifests</caption>
        <colgroup>
          <col className="w-10" />
          <col className="w-[15rem]" />
          <col />
          <col />
          <col className="w-32" />
          <col className="w-24" />
          <col className="w-28" />
          <col className={onLock ? 'w-40' : 'w-24'} />
        </colgroup>
        <TableHeader>
          <tr>
            <TableHead pinned>
              <input type="checkbox" aria-label="Select all" checked={allSelected} disabled={busy || deletable.length === 0} onChange={() => onToggleAll(allSelected ? [] : deletable)} />
            </TableHead>
            <TableHead pinned className="max-sm:left-10">
              Digest
            </TableHead>
            <TableHead>Repository</TableHead>
            <TableHead>Used to be</TableHead>
            <TableHead>Created</TableHead>
            <TableHead numeric>Size</TableHead>
            <TableHead numeric>Reclaimable</TableHead>
            <TableHead>Actions</TableHead>
          </tr>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key} aria-label={`${row.repository}@${row.digest}`} className="align-top">
              <TableCell pinned>
                <input
                  type="checkbox"
                  aria-label={`Select ${row.repository}@${shortDigest(row.digest)}`}
                  checked={selected.has(row.key)}
                  disabled={busy || row.locked}
                  title={row.locked ? LOCKED_REASON : undefined}
                  onChange={() => onToggle(row.key)}
                />
              </TableCell>
              <TableCell pinned className="max-sm:left-10">
                <DigestText digest={row.digest} copyLabel={`Copy digest of ${row.repository}@${shortDigest(row.digest)}`} />
                {row.parent && (
                  <span className="block truncate text-xs text-slate-500" title={row.parent}>
                    platform of orphaned index {shortDigest(row.parent)}
                  </span>
                )}
              </TableCell>
              <TableCell>
                <span className="block truncate" title={row.repository}>
                  {row.repository}
                </span>
              </TableCell>
              <TableCell>
                {row.formerTags.length > 0 ? (
                  <span className="block truncate font-mono text-xs" title={row.formerTags.join(', ')}>
                    {row.formerTags.join(', ')}
                  </span>
                ) : row.untaggedSince ? null : (
                  <span className="text-slate-500">unknown</span>
                )}
                {row.untaggedSince && (
                  <span className="block text-xs whitespace-nowrap text-slate-600">
                    untagged <Timestamp iso={row.untaggedSince} />
                  </span>
                )}
              </TableCell>
              <TableCell>
                <Timestamp iso={row.created} />
              </TableCell>
              <TableCell numeric>{row.size === undefined ? '—' : <Bytes bytes={row.size} />}</TableCell>
              <TableCell numeric>
                <Bytes bytes={row.reclaimable} />
              </TableCell>
              <TableCell>
                <span className="flex flex-wrap items-center gap-1">
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
                  {onLock && (
                    <button type="button" className={buttonClass.small} disabled={busy} onClick={() => onLock(row, !row.locked)}>
                      {row.locked ? 'Unlock' : 'Lock'}
                    </button>
                  )}
                  {row.locked && <span className="text-xs text-amber-800">Locked — unlock to delete</span>}
                </span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

