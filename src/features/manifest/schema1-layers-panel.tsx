import { CopyButton } from '../../components/ui/copy-button';
import { formatDateTime } from '../../components/ui/format';
import type { Schema1Facts } from '../../registry/schema1';
import { Note } from './panel';

/**
 * The layers of a Docker schema 1 manifest: `fsLayers` blob sums, shown base first (the manifest
 * lists the top layer first), each with the command of the matching `history` entry. Schema 1
 * records no sizes, so none are shown: "unknown", not a guess.
 */
export function Schema1LayersPanel({ facts }: { facts: Schema1Facts }) {
  if (facts.layers.length === 0) return <Note>This manifest has no layers.</Note>;
  return (
    <div className="min-w-0">
      <Note tone="warn">
        Docker schema 1 is deprecated: there is no config blob, the layers are listed without sizes, and the image data comes from each layer's{' '}
        <code className="font-mono text-xs">v1Compatibility</code> history entry. Re-push the image with a current client to get a schema 2 or OCI manifest.
      </Note>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Layers">
          <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-1.5">#</th>
              <th scope="col" className="px-2 py-1.5">Digest (blobSum)</th>
              <th scope="col" className="px-2 py-1.5 text-right">Size</th>
              <th scope="col" className="px-2 py-1.5">Created</th>
              <th scope="col" className="px-2 py-1.5">Created by</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {facts.layers.map((layer, i) => (
              <tr key={`${i}-${layer.digest}`} aria-label={`Layer ${i + 1}`}>
                <td className="px-2 py-1.5 tabular-nums">{i + 1}</td>
                <td className="max-w-[22rem] px-2 py-1.5">
                  <div className="flex items-start gap-1">
                    <code className="font-mono text-xs break-all" data-testid="layer-digest">
                      {layer.digest}
                    </code>
                    <CopyButton text={layer.digest} label={`Copy digest of layer ${i + 1}`} />
                  </div>
                </td>
                <td className="px-2 py-1.5 text-right text-slate-500" title="Schema 1 manifests do not record layer sizes">
                  unknown
                </td>
                <td className="px-2 py-1.5 whitespace-nowrap">{layer.created ? <time dateTime={layer.created}>{formatDateTime(layer.created)}</time> : <span className="text-slate-500">—</span>}</td>
                <td className="max-w-[28rem] px-2 py-1.5">
                  {layer.createdBy ? <div className="font-mono text-xs break-all whitespace-pre-wrap">{layer.createdBy}</div> : <span className="text-slate-500 italic">no command</span>}
                  {layer.throwaway && <div className="text-xs text-slate-500">empty layer (metadata-only step)</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
