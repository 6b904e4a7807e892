/**
 * Every audit table's columns, defined once: the screen renders `cell`, the CSV / JSON exports
 * write `value` under `header` (which carries the unit). A byte column shows "1.2 MB" with the
 * exact count in `data-bytes` and the tooltip, and exports that exact count.
 */
import type { ReactNode } from 'react';
import { Link } from '../../components/routing';
import { Bytes } from '../../components/ui/bytes';
import { DigestText } from '../../components/ui/digest-text';
import { shortDigest } from '../../components/ui/format';
import { Timestamp } from '../../components/ui/relative-time';
import { auditPath, layerPath, repositoryPath } from '../../config/route-paths';
import type { NamespaceStats, RepositoryStats, SharedBlob } from '../../queries/audit';
import type { CellValue, ExportColumn } from '../../queries/csv';
import type { NamingViolation } from '../../queries/naming-rules';

export interface AuditColumn<T> extends ExportColumn<T> {
  /** Short key, also the cell's data-column (tests, styling). */
  key: string;
  /** Screen header (the export header adds the unit). */
  label: string;
  align?: 'left' | 'right';
  cell?: (row: T) => ReactNode;
  /** The row's header cell (its accessible name). */
  rowHeader?: boolean;
}

export interface AuditTableDef<T> {
  id: string;
  title: string;
  columns: AuditColumn<T>[];
  rows: T[];
  /** Accessible name of a row: the row header's text. */
  rowKey: (row: T) => string;
}


/** Dedup ratio with two decimals, on screen and in the export alike. */
export function ratio(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function bytesColumn<T>(key: string, label: string, get: (row: T) => number): AuditColumn<T> {
  return { key, label, header: `${label} (bytes)`, align: 'right', value: get, cell: (row) => <Bytes bytes={get(row)} /> };
}

function countColumn<T>(key: string, label: string, get: (row: T) => number): AuditColumn<T> {
  return { key, label, header: label, align: 'right', value: get };
}

function dateColumn<T>(key: string, label: string, get: (row: T) => string | undefined): AuditColumn<T> {
  return { key, label, header: `${label} (ISO 8601)`, value: (row) => get(row) ?? null, cell: (row) => <Timestamp iso={get(row)} plainTooltip /> };
}

function nodeName(node: NamespaceStats): string {
  return node.path === '' ? '(all repositories)' : node.path;
}

export function namespaceColumns(staleDays: number, untagged = 'Untagged (known)'): AuditColumn<NamespaceStats>[] {
  return [
    {
      key: 'namespace',
      label: 'Namespace',
      header: 'Namespace',
      rowHeader: true,
      value: nodeName,
      cell: (node) =>
        node.children.length > 0 ? (
          <Link to={auditPath(node.path)} className="text-sky-700 hover:underline">
            {nodeName(node)}
          </Link>
        ) : node.isRepository ? (
          <Link to={repositoryPath(node.path)} className="text-sky-700 hover:underline">
            {nodeName(node)}
          </Link>
        ) : (
          nodeName(node)
        ),
    },
    countColumn('repositories', 'Repositories', (n) => n.repositories),
    countColumn('tags', 'Tags', (n) => n.tags),
    countColumn('images', 'Distinct images', (n) => n.images),
    countColumn('untagged', untagged, (n) => n.untagged),
    bytesColumn('logical', 'Logical size', (n) => n.logicalBytes),
    bytesColumn('stored', 'Stored size', (n) => n.storedBytes),
    {
      key: 'ratio',
      label: 'Dedup ratio',
      header: 'Dedup ratio (logical ÷ stored)',
      align: 'right',
      value: (n) => ratio(n.dedupRatio),
      cell: (n) => (n.dedupRatio === null ? '—' : `${ratio(n.dedupRatio)?.toFixed(2)}×`),
    },
    dateColumn('newest', 'Newest image', (n) => n.newest),
    dateColumn('oldest', 'Oldest image', (n) => n.oldest),
    countColumn('stale', `Stale (> ${staleDays} days)`, (n) => n.staleRepositories),
    countColumn('latest', 'Using latest', (n) => n.latestTags),
    countColumn('moved', 'Tags seen moving', (n) => n.movedTags),
    countColumn('violations', 'Naming violations', (n) => n.violations),
  ];
}

/** `untagged`: the column's label ('Untagged' when the count is complete, from the index). */
export function repositoryColumns(untagged = 'Untagged (known)'): AuditColumn<RepositoryStats>[] {
  return [
    {
      key: 'repository',
      label: 'Repository',
      header: 'Repository',
      rowHeader: true,
      value: (r) => r.name,
      cell: (r) => (
        <Link to={repositoryPath(r.name)} className="text-sky-700 hover:underline">
          {r.name}
        </Link>
      ),
    },
    countColumn('tags', 'Tags', (r) => r.tags),
    countColumn('images', 'Distinct images', (r) => r.images),
    countColumn('untagged', untagged, (r) => r.untagged),
    bytesColumn('logical', 'Logical size', (r) => r.logicalBytes),
    bytesColumn('stored', 'Stored size', (r) => r.storedBytes),
    dateColumn('newest', 'Newest image', (r) => r.newest),
    { key: 'stale', label: 'Stale', header: 'Stale', value: (r) => (r.stale ? 'yes' : 'no') },
    { key: 'latest', label: 'Uses latest', header: 'Uses latest', value: (r) => (r.usesLatest ? 'yes' : 'no') },
    { key: 'moved', label: 'Tags seen moving', header: 'Tags seen moving', value: (r) => r.movedTags.join(' ') },
    countColumn('violations', 'Naming violations', (r) => r.violations),
    countColumn('incomplete', 'Unreadable tags', (r) => r.incomplete),
  ];
}

export function staleColumns(): AuditColumn<RepositoryStats>[] {
  const all = repositoryColumns();
  const pick = (key: string) => all.find((c) => c.key === key) as AuditColumn<RepositoryStats>;
  return [pick('repository'), pick('tags'), pick('images'), pick('newest'), pick('stored')];
}

export function violationColumns(): AuditColumn<NamingViolation & { namespace: string }>[] {
  return [
    { key: 'namespace', label: 'Namespace', header: 'Namespace', value: (v) => v.namespace || '(top level)' },
    { key: 'repository', label: 'Repository', header: 'Repository', rowHeader: true, value: (v) => v.repository },
    { key: 'tag', label: 'Tag', header: 'Tag', value: (v) => v.tag ?? '' },
    { key: 'rule', label: 'Rule', header: 'Rule', value: (v) => v.rule },
    { key: 'problem', label: 'Problem', header: 'Problem', value: (v) => `${v.tag === undefined ? 'Repository name' : 'Tag'} ${v.message}` },
  ];
}

export function sharedColumns(): AuditColumn<SharedBlob>[] {
  return [
    {
      key: 'digest',
      label: 'Blob',
      header: 'Digest',
      rowHeader: true,
      value: (b) => b.digest,
      cell: (b) => <DigestText digest={b.digest} to={layerPath(b.digest)} linkLabel={`Users of ${b.kind} ${shortDigest(b.digest)}`} copyLabel={`Copy digest of ${b.kind} ${shortDigest(b.digest)}`} />,
    },
    { key: 'kind', label: 'Kind', header: 'Kind', value: (b) => b.kind },
    bytesColumn('size', 'Size', (b) => b.size),
    countColumn('images', 'Images using it', (b) => b.images),
    countColumn('repositories', 'Repositories using it', (b) => b.repositories),
    bytesColumn('saved', 'Saved by sharing', (b) => b.savedBytes),
  ];
}

export type { CellValue };
