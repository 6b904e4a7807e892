import { useQueries } from '@tanstack/react-query';
import Cpu from 'lucide-react/icons/cpu';
import { DigestText } from '../../components/ui/digest-text';
import { shortDigest } from '../../components/ui/format';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { Link } from '../../components/routing';
import { manifestPath } from '../../config/route-paths';
import { imageTotals } from '../../queries/layer-rows';
import { platformLabel } from '../../queries/image-summary';
import type { Descriptor, IndexManifest } from '../../registry/types';
import { ByteSize } from './byte-size';
import { Note } from './panel';
import { useInspectorQueries } from './use-inspector-queries';

function childLabel(child: Descriptor): string {
  if (child.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return 'attestation (buildx)';
  if (!child.platform) return child.artifactType ? `artifact ${child.artifactType}` : 'no platform';
  const label = platformLabel(child.platform);
  return child.platform['os.version'] ? `${label} (${child.platform['os.version']})` : label;
}

/** One row per child manifest of an index, each opening the child's own page. */
export function PlatformsPanel({ name, index }: { name: string; index: IndexManifest }) {
  const { repo } = useInspectorQueries();
  const children = useQueries({ queries: index.manifests.map((child) => repo.manifest(name, child.digest)) });
  if (index.manifests.length === 0) return <Note>This index lists no manifests.</Note>;
  return (
    <TableContainer>
      <Table aria-label="Platforms">
        <TableHeader>
          <tr>
            <TableHead pinned>Platform</TableHead>
            <TableHead>Digest</TableHead>
            <TableHead>Media type</TableHead>
            <TableHead numeric>Manifest</TableHead>
            <TableHead numeric>Image size</TableHead>
          </tr>
        </TableHeader>
        <TableBody>
          {index.manifests.map((child, i) => {
            const fetched = children[i];
            const manifest = fetched?.data?.manifest;
            return (
              <TableRow key={`${child.digest}-${i}`}>
                <TableCell pinned className="whitespace-nowrap">
                  <span className="inline-flex items-center gap-1.5">
                    <Cpu aria-hidden="true" className="size-3.5 shrink-0 text-slate-500" />
                    <Link to={manifestPath(name, child.digest)} className="text-sky-700 underline hover:text-sky-900">
                      {childLabel(child)}
                    </Link>
                  </span>
                </TableCell>
                <TableCell>
                  <DigestText digest={child.digest} copyLabel={`Copy digest of ${childLabel(child)} ${shortDigest(child.digest)}`} />
                </TableCell>
                <TableCell className="max-w-[20rem] truncate font-mono text-xs text-slate-600" title={child.mediaType}>
                  {child.mediaType}
                </TableCell>
                <TableCell numeric>
                  <ByteSize bytes={child.size} />
                </TableCell>
                <TableCell numeric data-testid="platform-size">
                  {fetched?.isError ? (
                    <span className="text-xs text-red-700" title={fetched.error.message}>
                      unreadable
                    </span>
                  ) : manifest?.kind === 'image' ? (
                    <ByteSize bytes={imageTotals(manifest).total} />
                  ) : manifest ? (
                    <span className="text-xs text-slate-500">nested index</span>
                  ) : (
                    <span className="text-xs text-slate-500">…</span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
