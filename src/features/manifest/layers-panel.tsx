import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import Copy from 'lucide-react/icons/copy';
import { CopyButton } from '../../components/ui/copy-button';
import { layerPath } from '../../config/route-paths';
import { alignHistory, stepCommand, type HistoryAlignment } from '../../queries/history-alignment';
import { layerRows, type LayerRow } from '../../queries/layer-rows';
import type { LayerUsage } from '../../queries/layer-sharing';
import type { ImageConfig, ImageManifest } from '../../registry/types';
import { ByteSize } from './byte-size';
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
    <span title={usage.tags.join(', ')} className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800 ring-1 ring-emerald-200">
      {text}
    </span>
  );
}

function Command({ row, configState, alignment }: { row: LayerRow; configState: LayersPanelProps['configState']; alignment?: HistoryAlignment }) {
  if (configState !== 'ready') return <span className="text-slate-500">—</span>;
  if (alignment?.status === 'missing') return <span className="text-slate-500 italic">no history</span>;
  const command = stepCommand(row.step);
  return (
    <div className="space-y-0.5">
      {row.emptyBefore.map((step, i) => (
        <div key={i} className="font-mono text-xs break-all text-slate-500" title="metadata-only step (no layer)">
          {stepCommand(step)}
        </div>
      ))}
      {command === undefined ? <span className="text-slate-500 italic">no history</span> : <div className="font-mono text-xs break-all whitespace-pre-wrap">{command}</div>}
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
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Layers">
          <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-1.5">#</th>
              <th scope="col" className="px-2 py-1.5">Digest</th>
              <th scope="col" className="px-2 py-1.5">Media type</th>
              <th scope="col" className="px-2 py-1.5 text-right">Size</th>
              <th scope="col" className="px-2 py-1.5 text-right">Cumulative</th>
              <th scope="col" className="px-2 py-1.5">Created by</th>
              <th scope="col" className="px-2 py-1.5">Shared</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top [&_td]:py-1">
            {rows.map((row) => (
              <tr key={`${row.position}-${row.digest}`} aria-label={`Layer ${row.position}`}>
                <td className="px-2 py-1.5 tabular-nums">{row.position}</td>
                <td className="px-2 py-1.5">
                  {/* Shortened by the cell's width (the text stays whole for copy, search and tests). */}
                  <div className="flex w-56 items-center gap-1">
                    <Link
                      to={layerPath(row.digest)}
                      className="min-w-0 truncate font-mono text-xs text-sky-700 hover:underline"
                      data-testid="layer-digest"
                      title={`${row.digest}: which repositories and tags use this layer`}
                    >
                      {row.digest}
                    </Link>
                    <CopyButton text={row.digest} label={`Copy digest of layer ${row.position}`} showTextAsTitle={false} className="shrink-0" icon={<Copy aria-hidden="true" className="size-3.5" />}>
                      <span className="sr-only">Copy</span>
                    </CopyButton>
                  </div>
                  {row.urls && <div className="text-xs text-amber-800">fetched from {row.urls.join(', ')}</div>}
                </td>
                <td className="px-2 py-1.5">
                  <span className="block w-44 truncate whitespace-nowrap" title={row.mediaType}>
                    {row.storage} <span className="font-mono text-xs text-slate-500">{row.mediaType}</span>
                  </span>
                </td>
                <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums" data-testid="layer-size" data-bytes={row.size}>
                  <ByteSize bytes={row.size} />
                </td>
                <td className="px-2 py-1.5 text-right whitespace-nowrap tabular-nums">
                  <ByteSize bytes={row.cumulative} />
                </td>
                <td className="max-w-[28rem] px-2 py-1.5">
                  <Command row={row} configState={configState} alignment={alignment} />
                </td>
                <td className="px-2 py-1.5 whitespace-nowrap">
                  <Shared usage={usage.get(row.digest)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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

