import { useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';
import { diffPath, manifestPath, parseRepositorySplat } from '../../config/route-paths';
import { diffImages } from '../../queries/image-diff';
import { isReferrerTag } from '../../queries/referrers';
import { isValidReference, isValidRepositoryName } from '../../registry/names';
import { ByteSize } from './byte-size';
import { PlatformPicker, ReferencePicker } from './diff-pickers';
import { ConfigChanges, LayerGroup, signedBytes } from './diff-tables';
import { Loading, Note, Panel } from './panel';
import { referenceErrorTitle } from './reference-error';
import { useDiffSide, type DiffSideState } from './use-diff-side';
import { useTagList } from './use-repository-tags';

/** /r/<name>/-/diff/<a>..<b>: two tags or digests of one repository compared. */
export function DiffPage() {
  const route = parseRepositorySplat(useParams()['*']);
  if (route.view !== 'diff') return null;
  const { name, left, right } = route;
  const invalid = !isValidRepositoryName(name) ? name : [left, right].find((reference) => !isValidReference(reference));
  if (invalid !== undefined) {
    return (
      <div role="alert" className="mx-auto max-w-xl py-12 text-center">
        <h1 className="text-2xl font-semibold text-slate-900">Invalid address</h1>
        <p className="mt-2 text-slate-700">
          <span className="font-mono break-all">{invalid || '(empty)'}</span> is not a valid {invalid === name ? 'repository name' : 'tag or digest'}.
        </p>
      </div>
    );
  }
  return <DiffView name={name} left={left} right={right} />;
}

function SideSummary({ name, label, side, onPlatform }: { name: string; label: string; side: DiffSideState; onPlatform: (platform: string) => void }) {
  return (
    <div className="min-w-0 space-y-1 text-sm">
      <p>
        <span className="font-semibold">{label}</span>{' '}
        <Link to={manifestPath(name, side.reference)} className="font-mono text-sky-700 underline hover:text-sky-900">
          {side.reference.startsWith('sha256:') ? shortDigest(side.reference) : side.reference}
        </Link>
        {side.imageDigest && <span className="ml-2 font-mono text-xs text-slate-500">{shortDigest(side.imageDigest)}</span>}
      </p>
      {side.platforms && <PlatformPicker label={`Platform of ${label}`} value={side.platform} platforms={side.platforms} onChange={onPlatform} />}
      {side.tagMissing && (
        <p role="alert" className="text-red-800">
          Tag {side.reference} not found.
        </p>
      )}
      {side.error !== undefined && side.error !== null && <ErrorPanel error={side.error} title={referenceErrorTitle(side.error, side.reference, name)} />}
    </div>
  );
}

function DiffView({ name, left, right }: { name: string; left: string; right: string }) {
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tagList = useTagList(name);
  const tags = useMemo(() => (tagList.data ?? []).filter((tag) => !isReferrerTag(tag)).sort(), [tagList.data]);
  const a = useDiffSide(name, left, search.get('pa'));
  const b = useDiffSide(name, right, search.get('pb'));
  const diff = useMemo(
    () => (a.image && b.image ? diffImages({ manifest: a.image, config: a.config }, { manifest: b.image, config: b.config }) : undefined),
    [a.image, a.config, b.image, b.config],
  );

  const setPlatform = (param: 'pa' | 'pb') => (platform: string) => {
    const next = new URLSearchParams(search);
    next.set(param, platform);
    setSearch(next, { replace: true });
  };

  return (
    <div className="flex min-w-0 flex-col">
      <header className="mb-4 space-y-1">
        <RepositoryBreadcrumbs name={name} current="compare" />
        <h1 className="text-xl font-semibold text-slate-900">
          Compare images of <span className="font-mono">{name}</span>
        </h1>
      </header>
      <div className="flex flex-wrap items-end gap-4 rounded-md border border-slate-200 bg-surface p-4">
        <ReferencePicker label="Image A" value={left} tags={tags} onChange={(reference) => navigate(diffPath(name, reference, right))} />
        <button
          type="button"
          onClick={() => navigate(diffPath(name, right, left))}
          className="rounded border border-slate-300 bg-surface px-3 py-1 text-sm hover:bg-slate-100"
        >
          Swap A and B
        </button>
        <ReferencePicker label="Image B" value={right} tags={tags} onChange={(reference) => navigate(diffPath(name, left, reference))} />
      </div>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <SideSummary name={name} label="A" side={a} onPlatform={setPlatform('pa')} />
        <SideSummary name={name} label="B" side={b} onPlatform={setPlatform('pb')} />
      </div>
      {!diff ? (
        a.pending || b.pending ? <Loading what="both images" /> : null
      ) : (
        <>
          <Panel title="Size">
            <table aria-label="Sizes" className="text-left text-sm">
              <tbody className="divide-y divide-slate-100">
                <tr>
                  <th scope="row" className="pr-4 py-1 font-medium">A (config + layers)</th>
                  <td>
                    <ByteSize bytes={diff.sizeA} />
                  </td>
                </tr>
                <tr>
                  <th scope="row" className="pr-4 py-1 font-medium">B (config + layers)</th>
                  <td>
                    <ByteSize bytes={diff.sizeB} />
                  </td>
                </tr>
                <tr>
                  <th scope="row" className="pr-4 py-1 font-medium">Delta (B − A)</th>
                  <td data-testid="size-delta">{signedBytes(diff.sizeDelta)}</td>
                </tr>
              </tbody>
            </table>
          </Panel>
          <Panel title="Layers">
            <div className="grid gap-4 xl:grid-cols-3">
              <LayerGroup title="Only in A" entries={diff.onlyA} bytes={diff.onlyABytes} />
              <LayerGroup title="Shared" entries={diff.shared} bytes={diff.sharedBytes} />
              <LayerGroup title="Only in B" entries={diff.onlyB} bytes={diff.onlyBBytes} />
            </div>
          </Panel>
          <Panel title="Configuration differences">
            {diff.config ? (
              <ConfigChanges changes={diff.config} />
            ) : a.configPending || b.configPending ? (
              <Loading what="the configurations" />
            ) : (
              <>
                <Note tone="warn">The configurations cannot be compared: one of them could not be read.</Note>
                {[a.configProblem, b.configProblem].map((problem, i) =>
                  problem ? <ErrorPanel key={i} error={problem} title={`Configuration of ${i === 0 ? 'A' : 'B'}`} /> : null,
                )}
              </>
            )}
          </Panel>
        </>
      )}
    </div>
  );
}
