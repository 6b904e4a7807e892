import { useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../components/ui/badge';
import { Bytes } from '../../components/ui/bytes';
import { DigestText } from '../../components/ui/digest-text';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { layerPath } from '../../config/route-paths';
import { alignHistory, stepCommand, type HistoryAlignment } from '../../queries/history-alignment';
import { layerRows, type LayerRow } from '../../queries/layer-rows';
import type { LayerUsage } from '../../queries/layer-sharing';
import type { ImageConfig, ImageManifest } from '../../registry/types';
import { Note } from './panel';
import { useInspectorQueries } from './use-inspector-queries';

interface LayersPanelProps {
  name: string;
  manifest: ImageManifest;
  /** The image config when it could be read (undefined while loading or when it failed). */
  config?: ImageConfig;
  configState: 'loading' | 'ready' | 'failed' | 'not-an-image';
  usage: Map<string, LayerUsage>;
  /** Manifests of the repository already loaded (other than this one), for the sharing note. */
  knownCount: number;
  /** Digests of the repository's tags whose manifests are not loaded yet. */
  unloadedDigests: string[];
}

function alignmentNote(alignment: HistoryAlignment | undefined, configState: LayersPanelProps['configState'], layerCount: number) {
  if (configState === 'loading') return <Note>Reading the image configuration for the commands…</Note>;
  if (configState === 'failed') return <Note tone="warn">The image configuration could not be read: commands are unknown (see Configuration).</Note>;
  if (configState === 'not-an-image') return <Note>This artifact has no image configuration: its layers have no build history.</Note>;
  if (!alignment) return null;
  switch (alignment.status) {
    case 'missing':
      return <Note>The image configuration has no history: no commands to show.</Note>;
    case 'more-history':
      return (
        <Note tone="warn">
          The history lists {layerCount + alignment.unmatched.length} layer-creating steps for {layerCount} layers: commands are matched from the first layer and the last{' '}
          {alignment.unmatched.length} step(s) are left over.
        </Note>
      );
    case 'less-history':
      return <Note tone="warn">The history lists fewer layer-creating steps than there are layers: the last layers have no command.</Note>;
    default:
      return null;
  }
}

function Shared({ usage }: { usage: LayerUsage | undefined }) {
  if (!usage || usage.manifests === 0) return <span className="text-slate-500">not shared</span>;
  const text =
    usage.tags.length > 0
      ? `shared with ${usage.tags.length} tag${usage.tags.length === 1 ? '' : 's'}`
      : `shared with ${usage.manifests} untagged manifest${usage.manifests === 1 ? '' : 's'}`;
  return (
    <Badge tone="success" title={usage.tags.join(', ')}>
      {text}
    </Badge>
  );
}

function Command({ row, configState, alignment }: { row: LayerRow; configState: LayersPanelProps['configState']; alignment?: HistoryAlignment }) {
  if (configState !== 'ready') return <span className="text-slate-500">—</span>;
  if (alignment?.status === 'missing') return <span className="text-slate-500 italic">no history</span>;
  const command = stepCommand(row.step);
  return (
    <div className="space-y-0.5">
      {row.emptyBefore.map((step, i) => (
        <div key={i} className="truncate font-mono text-xs text-slate-500" title={`metadata-only step (no layer): ${stepCommand(step) ?? ''}`}>
          {stepCommand(step)}
        </div>
      ))}
      {command === undefined ? <span className="text-slate-500 italic">no history</span> : <div className="line-clamp-3 font-mono text-xs break-all whitespace-pre-wrap" title={command}>{command}</div>}
    </div>
  );
}

/** The layers of an image: index, digest, storage, sizes, the command that made each, sharing. */
export function LayersPanel({ name, manifest, config, configState, usage, knownCount, unloadedDigests }: LayersPanelProps) {
  const alignment = configState === 'ready' ? alignHistory(manifest.layers.length, config?.history) : undefined;
  const rows = layerRows(manifest.layers, alignment);
  const queryClient = useQueryClient();
  const { repo } = useInspectorQueries();

  function loadAll() {
    for (const digest of unloadedDigests) void queryClient.prefetchQuery(repo.manifest(name, digest));
  }

  if (rows.length === 0) return <Note>This manifest has no layers.</Note>;
  return (
    <div className="min-w-0">
      {alignmentNote(alignment, configState, rows.length)}
      <TableContainer className="max-h-[calc(100dvh-8rem)]">
        <Table className="min-w-[60rem] table-fixed" aria-label="Layers">
          <colgroup>
            <col className="w-12" />
            <col className="w-[15rem]" />
            <col className="w-44" />
            <col className="w-24" />
            <col className="w-28" />
            <col />
            <col className="w-44" />
          </colgroup>
          <TableHeader>
            <tr>
              <TableHead pinned>#</TableHead>
              <TableHead>Digest</TableHead>
              <TableHead>Media type</TableHead>
              <TableHead numeric>Size</TableHead>
              <TableHead numeric>Cumulative</TableHead>
              <TableHead>Created by</TableHead>
              <TableHead>Shared</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={`${row.position}-${row.digest}`} aria-label={`Layer ${row.position}`} className="align-top">
                <TableCell pinned numeric className="text-left">
                  {row.position}
                </TableCell>
                <TableCell>
                  <DigestText
                    digest={row.digest}
                    to={layerPath(row.digest)}
                    title={`${row.digest}: which repositories and tags use this layer`}
                    copyLabel={`Copy digest of layer ${row.position}`}
                    testId="layer-digest"
                  />
                  {row.urls && <div className="truncate text-xs text-amber-800" title={row.urls.join('\n')}>fetched from {row.urls.join(', ')}</div>}
                </TableCell>
                <TableCell>
                  <span className="block truncate whitespace-nowrap" title={row.mediaType}>
                    {row.storage} <span className="font-mono text-xs text-slate-500">{row.mediaType}</span>
                  </span>
                </TableCell>
                <TableCell numeric data-testid="layer-size" data-bytes={row.size}>
                  <Bytes bytes={row.size} />
                </TableCell>
                <TableCell numeric>
                  <Bytes bytes={row.cumulative} />
                </TableCell>
                <TableCell>
                  <Command row={row} configState={configState} alignment={alignment} />
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <Shared usage={usage.get(row.digest)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {alignment && alignment.trailing.length > 0 && (
        <p className="mt-2 text-xs text-slate-500">
          After the last layer: <span className="font-mono">{alignment.trailing.map((step) => stepCommand(step)).join(' · ')}</span>
        </p>
      )}
      <p className="mt-2 text-xs text-slate-500">
        Sharing counts the {knownCount} other manifest{knownCount === 1 ? '' : 's'} of this repository loaded so far; shared layers are stored once.
        {unloadedDigests.length > 0 && (
          <>
            {' '}
            <button type="button" onClick={loadAll} className="text-sky-700 underline hover:text-sky-900">
              Load the {unloadedDigests.length} other tagged manifest{unloadedDigests.length === 1 ? '' : 's'}
            </button>
          </>
        )}
      </p>
    </div>
  );
}

