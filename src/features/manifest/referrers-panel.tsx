import { useQuery } from '@tanstack/react-query';
import { DigestText } from '../../components/ui/digest-text';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { Timestamp } from '../../components/ui/relative-time';
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { manifestPath } from '../../config/route-paths';
import { referrersApiUnreachable } from '../../queries/manifest-queries';
import { fallbackReferrerTags, mergeReferrers, referrerFromDescriptor, referrersIndexTag, type ReferrerEntry } from '../../queries/referrers';
import { ByteSize } from './byte-size';
import { ManifestKindIcon } from './manifest-kind-icon';
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
        <TableContainer>
          <Table aria-label="Referrers">
            <TableHeader>
              <tr>
                <TableHead pinned>Kind</TableHead>
                <TableHead>Artifact type</TableHead>
                <TableHead>Digest</TableHead>
                <TableHead numeric>Size</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Found via</TableHead>
              </tr>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={entry.digest}>
                  <TableCell pinned className="whitespace-nowrap">
                    <span className="inline-flex items-center gap-1.5">
                      <ManifestKindIcon kind={entry.kind} className="size-3.5 shrink-0 text-slate-500" />
                      {entry.label}
                    </span>
                  </TableCell>
                  <TableCell className="max-w-[24rem] truncate font-mono text-xs" title={entry.artifactType}>
                    {entry.artifactType ?? '—'}
                  </TableCell>
                  <TableCell>
                    <DigestText digest={entry.digest} to={manifestPath(name, entry.digest)} copyLabel={`Copy digest of ${entry.label} ${shortDigest(entry.digest)}`} />
                  </TableCell>
                  <TableCell numeric>
                    <ByteSize bytes={entry.size} />
                  </TableCell>
                  <TableCell>
                    <Timestamp iso={entry.created} />
                  </TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap text-slate-600">{sourceText(entry)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : pending ? (
        <Loading what="referrers" />
      ) : (
        <p className="text-sm text-slate-500">No signatures, SBOMs or attestations refer to this manifest.</p>
      )}
    </div>
  );
}
