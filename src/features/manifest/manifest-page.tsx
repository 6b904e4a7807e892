import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '../../components/routing';
import { shortDigest } from '../../components/ui/format';
import { RepositoryBreadcrumbs } from '../../components/ui/repository-breadcrumbs';
import { parseRepositorySplat, tagHistoryPath } from '../../config/route-paths';
import { imageConfigDigest } from '../../queries/image-summary';
import { imageTotals } from '../../queries/layer-rows';
import { containingIndexes, layerUsage } from '../../queries/layer-sharing';
import { classifyManifest } from '../../queries/manifest-kind';
import { useRegistry } from '../../queries/registry-context';
import { PRIORITY_HIGH } from '../../queries/request-queue';
import { isDigest } from '../../registry/digest';
import { isValidReference, isValidRepositoryName } from '../../registry/names';
import { schema1Facts } from '../../registry/schema1';
import type { FetchedManifest } from '../../registry/types';
import { isUntagThrowaway } from '../../registry/untag-manifest';
import { ArtifactConfig, ImageConfigSection, ManifestAnnotations } from './config-panel';
import { LayersPanel } from './layers-panel';
import { ManifestHeader } from './manifest-header';
import { Loading, Note, Panel } from './panel';
import { PlatformsPanel } from './platforms-panel';
import { RawJsonPanel } from './raw-json-panel';
import { Schema1LayersPanel } from './schema1-layers-panel';
import { ReferenceError, TagNotFound } from './reference-error';
import { ReferrersPanel } from './referrers-panel';
import { SubjectLink } from './subject-link';
import { ThrowawayNote } from './throwaway-note';
import { useInspectorQueries, useResolvedManifest } from './use-inspector-queries';
import { useKnownManifests } from './use-known-manifests';
import { useManifestCreated } from './use-manifest-created';
import { useTaggedIndexes } from './use-tagged-indexes';
import { useTagsForDigest, type TagsForDigest } from './use-repository-tags';
import { PanelBoundary } from './panel-boundary';

/** /r/<name>/-/manifest/<tag or digest>. */
export function ManifestPage() {
  const route = parseRepositorySplat(useParams()['*']);
  if (route.view !== 'manifest') return null;
  const { name, reference } = route;
  if (!isValidRepositoryName(name) || !isValidReference(reference)) {
    return (
      <div role="alert" className="mx-auto max-w-xl py-12 text-center">
        <h1 className="text-2xl font-semibold text-slate-900">Invalid address</h1>
        <p className="mt-2 text-slate-700">
          {!isValidRepositoryName(name) ? (
            <>
              <span className="font-mono break-all">{name || '(empty)'}</span> is not a valid repository name.
            </>
          ) : (
            <>
              <span className="font-mono break-all">{reference}</span> is neither a tag nor a sha256 digest.
            </>
          )}
        </p>
      </div>
    );
  }
  return <ManifestInspector key={`${name}@${reference}`} name={name} reference={reference} />;
}

function ManifestInspector({ name, reference }: { name: string; reference: string }) {
  const { index } = useRegistry();
  const resolved = useResolvedManifest(name, reference);
  const tagsHere = useTagsForDigest(name, resolved.digest);
  return (
    <div className="flex min-w-0 flex-col">
      <header className="mb-4 space-y-1">
        <RepositoryBreadcrumbs name={name} current={isDigest(reference) ? shortDigest(reference) : reference} />
        <h1 className="font-mono text-xl font-semibold break-all text-slate-900">
          {name}
          <span className="text-slate-500">{isDigest(reference) ? `@${shortDigest(reference)}` : `:${reference}`}</span>
        </h1>
        {index && !isDigest(reference) && (
          <Link to={tagHistoryPath(name, reference)} className="text-sm text-sky-800 underline">
            Tag history of {reference}
          </Link>
        )}
      </header>
      {resolved.tagMissing ? (
        <TagNotFound name={name} reference={reference} />
      ) : resolved.error ? (
        <ReferenceError
          name={name}
          reference={reference}
          error={resolved.error}
          onRetry={() => void (resolved.head.isError ? resolved.head.refetch() : resolved.manifest.refetch())}
        />
      ) : resolved.manifest.data ? (
        <ManifestBody name={name} reference={reference} fetched={resolved.manifest.data} tagsHere={tagsHere} />
      ) : (
        <Loading what="the manifest" />
      )}
    </div>
  );
}

interface ManifestBodyProps {
  name: string;
  reference: string;
  fetched: FetchedManifest;
  tagsHere: TagsForDigest;
}

function ManifestBody({ name, reference, fetched, tagsHere }: ManifestBodyProps) {
  const { loginServer } = useRegistry();
  const { repo } = useInspectorQueries();
  const known = useKnownManifests(name);
  const { manifest, digest } = fetched;
  const image = manifest.kind === 'image' ? manifest : undefined;
  const configDigest = image ? imageConfigDigest(image) : undefined;
  const config = useQuery({ ...repo.imageConfig(name, configDigest ?? '', PRIORITY_HIGH), enabled: configDigest !== undefined });
  const classification = classifyManifest(manifest);
  const schema1 = useMemo(() => (manifest.kind === 'schema1' ? schema1Facts(manifest) : undefined), [manifest]);

  const layerDigests = useMemo(() => image?.layers.map((layer) => layer.digest) ?? [], [image]);
  const usage = useMemo(() => layerUsage(digest, layerDigests, known), [digest, layerDigests, known]);
  const indexes = useMemo(() => (image ? containingIndexes(digest, known) : undefined), [image, digest, known]);
  const unloadedDigests = useMemo(() => [...new Set(known.tagDigests.values())].filter((d) => d !== digest && !known.manifests.has(d)), [known, digest]);
  const knownCount = known.manifests.size - (known.manifests.has(digest) ? 1 : 0);
  const created = useManifestCreated(name, manifest);
  useTaggedIndexes(name, image !== undefined);
  const configState = !image ? 'not-an-image' : configDigest === undefined ? 'not-an-image' : config.isPending ? 'loading' : config.isError ? 'failed' : 'ready';

  return (
    <>
      <PanelBoundary title="Summary">
        <ManifestHeader
          name={name}
          reference={reference}
          digest={digest}
          classification={classification}
          mediaType={fetched.mediaType}
          size={image ? imageTotals(image).total : undefined}
          manifestSize={fetched.bytes.byteLength}
          created={created}
          platform={schema1 ? [schema1.os, schema1.architecture].filter(Boolean).join('/') || undefined : undefined}
          loginServer={loginServer}
          tagsHere={tagsHere}
          indexes={indexes}
        />
        {manifest.subject && <SubjectLink name={name} subject={manifest.subject} />}
        {isUntagThrowaway(manifest) && <ThrowawayNote name={name} digest={digest} tags={isDigest(reference) ? tagsHere.tags : [reference]} />}
      </PanelBoundary>
      {image && (
        <Panel title="Layers" aside={<span className="text-sm text-slate-500">{image.layers.length} layers</span>}>
          <LayersPanel
            name={name}
            manifest={image}
            config={config.data}
            configState={configState}
            usage={usage}
            knownCount={knownCount}
            unloadedDigests={unloadedDigests}
          />
        </Panel>
      )}
      {schema1 && (
        <Panel title="Layers" aside={<span className="text-sm text-slate-500">{schema1.layers.length} layers</span>}>
          <Schema1LayersPanel facts={schema1} />
        </Panel>
      )}
      {manifest.kind === 'index' && (
        <Panel title="Platforms" aside={<span className="text-sm text-slate-500">{manifest.manifests.length} manifests</span>}>
          <PlatformsPanel name={name} index={manifest} />
        </Panel>
      )}
      <Panel title="Configuration">
        {manifest.kind === 'index' ? (
          <Note>An index has no configuration of its own: open a platform above for its image configuration.</Note>
        ) : manifest.kind === 'schema1' ? (
          <Note>A Docker schema 1 manifest has no config blob: its image configuration is the first history entry's v1Compatibility JSON (see the raw manifest).</Note>
        ) : configDigest ? (
          <ImageConfigSection config={config} />
        ) : image ? (
          <ArtifactConfig name={name} manifest={image} />
        ) : null}
        <ManifestAnnotations manifest={manifest} />
      </Panel>
      <Panel title="Referrers">
        <ReferrersPanel name={name} digest={digest} />
      </Panel>
      <Panel title="Raw manifest">
        <RawJsonPanel name={name} fetched={fetched} />
      </Panel>
    </>
  );
}
