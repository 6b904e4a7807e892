import { useQuery } from '@tanstack/react-query';
import { Link } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { formatDateTime } from '../../components/ui/format';
import { manifestPath } from '../../config/route-paths';
import { referrersApiUnreachable } from '../../queries/manifest-queries';
import { fallbackReferrerTags, mergeReferrers, referrerFromDescriptor, referrersIndexTag, type ReferrerEntry } from '../../queries/referrers';
import { ByteSize } from './byte-size';
import { Loading, Note } from './panel';
import { useInspectorQueries } from './use-inspector-queries';
import { useTagList } from './use-repository-tags';

function sourceText(entry: ReferrerEntry): string {
  if (entry.source === 'api') return 'referrers API';
  return `tag ${entry.tag ?? ''}`;
}

/**
 * Signatures, SBOMs and attestations whose subject is `digest`: the referrers API where the
 * registry has it, plus the tag schema (`sha256-<hex>` index, cosign's `.sig`/`.att`/`.sbom`
 * tags) read from the tag list — which is also where cosign puts them on registries with the API.
 */
export function ReferrersPanel({ name, digest }: { name: string; digest: string }) {
  const { manifest: queries } = useInspectorQueries();
  const api = useQuery(queries.referrersApi(name, digest));
  const tagList = useTagList(name);
  const fallbackTags = fallbackReferrerTags(digest, tagList.data ?? []);
  const byTags = useQuery({ ...queries.referrerTags(name, digest, fallbackTags), enabled: fallbackTags.length > 0 });

  const apiUnsupported = api.data?.supported === false || (api.isError && referrersApiUnreachable(api.error));
  const fromApi = api.data?.supported ? api.data.descriptors.map((descriptor) => referrerFromDescriptor(descriptor, 'api')) : [];
  const entries = mergeReferrers(fromApi, byTags.data?.entries ?? []);
  const pending = api.isPending || tagList.isPending || (fallbackTags.length > 0 && byTags.isPending);

  return (
    <div className="min-w-0">
      {apiUnsupported && (
        <Note>
          This registry has no referrers API{api.data?.supported === false ? ` (HTTP ${api.data.status})` : ' (the request did not get through)'}; referrers were looked for
          with the tag schema: <code className="font-mono text-xs break-all">{referrersIndexTag(digest)}</code> and its <code>.sig</code>, <code>.att</code>,{' '}
          <code>.sbom</code> variants.
        </Note>
      )}
      {api.isError && !apiUnsupported && <ErrorPanel error={api.error} title="The referrers API failed" onRetry={() => void api.refetch()} />}
      {tagList.isError && <ErrorPanel error={tagList.error} title="Could not list tags for the tag-schema fallback" onRetry={() => void tagList.refetch()} />}
      {byTags.isError && <ErrorPanel error={byTags.error} title="Could not read the referrer tags" onRetry={() => void byTags.refetch()} />}
      {byTags.data?.problems.map((problem) => (
        <ErrorPanel key={problem.tag} error={problem.error} title={`Could not read referrer tag ${problem.tag}`} />
      ))}
      {entries.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Referrers">
            <thead className="bg-slate-50 text-xs font-semibold whitespace-nowrap text-slate-600">
              <tr>
                <th scope="col" className="px-2 py-1.5">Kind</th>
                <th scope="col" className="px-2 py-1.5">Artifact type</th>
                <th scope="col" className="px-2 py-1.5">Digest</th>
                <th scope="col" className="px-2 py-1.5 text-right">Size</th>
                <th scope="col" className="px-2 py-1.5">Created</th>
                <th scope="col" className="px-2 py-1.5">Found via</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {entries.map((entry) => (
                <tr key={entry.digest}>
                  <td className="px-2 py-1.5">{entry.label}</td>
                  <td className="px-2 py-1.5 font-mono text-xs break-all">{entry.artifactType ?? '—'}</td>
                  <td className="max-w-[20rem] px-2 py-1.5">
                    <Link to={manifestPath(name, entry.digest)} className="font-mono text-xs break-all text-sky-700 underline hover:text-sky-900">
                      {entry.digest}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5 text-right">
                    <ByteSize bytes={entry.size} />
                  </td>
                  <td className="px-2 py-1.5">{entry.created ? formatDateTime(entry.created) : <span className="text-slate-500">—</span>}</td>
                  <td className="px-2 py-1.5 font-mono text-xs break-all text-slate-600">{sourceText(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : pending ? (
        <Loading what="referrers" />
      ) : (
        <p className="text-sm text-slate-500">No signatures, SBOMs or attestations refer to this manifest.</p>
      )}
    </div>
  );
}
