import { useQueries } from '@tanstack/react-query';
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
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Platforms">
        <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-1.5">Platform</th>
            <th scope="col" className="px-2 py-1.5">Digest</th>
            <th scope="col" className="px-2 py-1.5">Media type</th>
            <th scope="col" className="px-2 py-1.5 text-right">Manifest</th>
            <th scope="col" className="px-2 py-1.5 text-right">Image size</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {index.manifests.map((child, i) => {
            const fetched = children[i];
            const manifest = fetched?.data?.manifest;
            return (
              <tr key={`${child.digest}-${i}`}>
                <td className="px-2 py-1.5">
                  <Link to={manifestPath(name, child.digest)} className="text-sky-700 underline hover:text-sky-900">
                    {childLabel(child)}
                  </Link>
                </td>
                <td className="max-w-[22rem] px-2 py-1.5">
                  <code className="font-mono text-xs break-all">{child.digest}</code>
                </td>
                <td className="px-2 py-1.5 font-mono text-xs break-all text-slate-600">{child.mediaType}</td>
                <td className="px-2 py-1.5 text-right">
                  <ByteSize bytes={child.size} />
                </td>
                <td className="px-2 py-1.5 text-right" data-testid="platform-size">
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
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
