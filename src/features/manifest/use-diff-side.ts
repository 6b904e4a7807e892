import { useQuery } from '@tanstack/react-query';
import { imageConfigDigest, platformDescriptors, platformLabel } from '../../queries/image-summary';
import { PRIORITY_HIGH } from '../../queries/request-queue';
import type { Descriptor, ImageConfig, ImageManifest } from '../../registry/types';
import { useInspectorQueries, useResolvedManifest } from './use-inspector-queries';

export interface DiffSideState {
  reference: string;
  /** The top-level manifest's digest. */
  digest?: string;
  /** The image compared: the manifest itself, or the chosen platform of an index. */
  image?: ImageManifest;
  imageDigest?: string;
  config?: ImageConfig;
  /** Why the config is not there (failed, or not an image config). */
  configProblem?: unknown;
  configPending: boolean;
  /** Index only: its platforms and the one compared. */
  platforms?: string[];
  platform?: string;
  pending: boolean;
  error?: unknown;
  tagMissing: boolean;
}

function pickPlatform(children: Descriptor[], wanted: string | null): Descriptor | undefined {
  const label = (child: Descriptor) => (child.platform ? platformLabel(child.platform) : child.digest);
  return children.find((child) => label(child) === wanted) ?? children.find((child) => label(child) === 'linux/amd64') ?? children[0];
}

/** One side of a diff: a tag or digest resolved to an image (an index: one of its platforms) and its config. */
export function useDiffSide(name: string, reference: string, wantedPlatform: string | null): DiffSideState {
  const { repo } = useInspectorQueries();
  const resolved = useResolvedManifest(name, reference);
  const top = resolved.manifest.data?.manifest;
  const children = top?.kind === 'index' ? platformDescriptors(top) : [];
  const chosen = top?.kind === 'index' ? pickPlatform(children, wantedPlatform) : undefined;
  const child = useQuery({ ...repo.manifest(name, chosen?.digest ?? '', PRIORITY_HIGH), enabled: chosen !== undefined });

  const image = top?.kind === 'image' ? top : child.data?.manifest.kind === 'image' ? child.data.manifest : undefined;
  const imageDigest = top?.kind === 'image' ? resolved.digest : chosen?.digest;
  const configDigest = image ? imageConfigDigest(image) : undefined;
  const config = useQuery({ ...repo.imageConfig(name, configDigest ?? '', PRIORITY_HIGH), enabled: configDigest !== undefined });

  const indexWithoutImage = top?.kind === 'index' && (chosen === undefined || child.data?.manifest.kind === 'index');
  return {
    reference,
    digest: resolved.digest,
    image,
    imageDigest,
    config: config.data,
    configProblem: config.error ?? (image && configDigest === undefined ? new Error(`The config is ${image.config.mediaType}, not an image configuration.`) : undefined),
    configPending: configDigest !== undefined && config.isPending,
    ...(top?.kind === 'index'
      ? { platforms: children.map((c) => (c.platform ? platformLabel(c.platform) : c.digest)), platform: chosen?.platform ? platformLabel(chosen.platform) : chosen?.digest }
      : {}),
    pending: resolved.pending || (chosen !== undefined && child.isPending),
    error:
      resolved.error ??
      child.error ??
      (indexWithoutImage ? new Error(`${reference} is an index without an image platform to compare.`) : undefined) ??
      (top?.kind === 'schema1' ? new Error(`${reference} is a Docker schema 1 manifest (deprecated): it has no config and no layer sizes to compare.`) : undefined),
    tagMissing: resolved.tagMissing,
  };
}
