import { DigestText } from '../../components/ui/digest-text';
import { Timestamp } from '../../components/ui/relative-time';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
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
      <TableContainer className="max-h-[calc(100dvh-8rem)]">
        <Table className="min-w-[48rem] table-fixed" aria-label="Layers">
          <colgroup>
            <col className="w-12" />
            <col className="w-[15rem]" />
            <col className="w-24" />
            <col className="w-32" />
            <col />
          </colgroup>
          <TableHeader>
            <tr>
              <TableHead pinned>#</TableHead>
              <TableHead>Digest (blobSum)</TableHead>
              <TableHead numeric>Size</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Created by</TableHead>
            </tr>
          </TableHeader>
          <TableBody>
            {facts.layers.map((layer, i) => (
              <TableRow key={`${i}-${layer.digest}`} aria-label={`Layer ${i + 1}`} className="align-top">
                <TableCell pinned numeric className="text-left">
                  {i + 1}
                </TableCell>
                <TableCell>
                  <DigestText digest={layer.digest} copyLabel={`Copy digest of layer ${i + 1}`} testId="layer-digest" />
                </TableCell>
                <TableCell numeric className="text-slate-500" title="Schema 1 manifests do not record layer sizes">
                  unknown
                </TableCell>
                <TableCell>
                  <Timestamp iso={layer.created} />
                </TableCell>
                <TableCell>
                  {layer.createdBy ? (
                    <div className="line-clamp-3 font-mono text-xs break-all whitespace-pre-wrap" title={layer.createdBy}>
                      {layer.createdBy}
                    </div>
                  ) : (
                    <span className="text-slate-500 italic">no command</span>
                  )}
                  {layer.throwaway && <div className="text-xs text-slate-500">empty layer (metadata-only step)</div>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </div>
  );
}
