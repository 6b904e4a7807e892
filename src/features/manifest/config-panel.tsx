import { useQuery } from '@tanstack/react-query';
import { ErrorPanel } from '../../components/ui/error-panel';
import type { ImageConfig, ImageManifest, Manifest } from '../../registry/types';
import { KeyValueTable, recordRows, type KeyValueRow } from './key-value-table';
import { Loading, Note } from './panel';
import { useInspectorQueries } from './use-inspector-queries';

const json = (value: readonly string[] | null | undefined) => (value === undefined || value === null ? undefined : JSON.stringify(value));

function present(rows: { key: string; value: string | undefined }[]): KeyValueRow[] {
  return rows.filter((row): row is KeyValueRow => row.value !== undefined && row.value !== '');
}

/** Annotations of the manifest itself (images, artifacts and indexes alike). */
export function ManifestAnnotations({ manifest }: { manifest: Manifest }) {
  return <KeyValueTable title={manifest.kind === 'index' ? 'Index annotations' : 'Manifest annotations'} rows={recordRows(manifest.annotations)} />;
}

/** The image configuration as key/value tables: platform, how it runs, env, ports, volumes, labels. */
export function ImageConfigTables({ config }: { config: ImageConfig }) {
  const run = config.config ?? {};
  return (
    <div className="grid gap-x-6 lg:grid-cols-2">
      <KeyValueTable
        title="Platform"
        rows={present([
          { key: 'OS', value: config.os },
          { key: 'Architecture', value: config.architecture },
          { key: 'Variant', value: config.variant },
          { key: 'Created', value: config.created },
          { key: 'Author', value: config.author },
        ])}
      />
      <KeyValueTable
        title="Runtime"
        rows={present([
          { key: 'Entrypoint', value: json(run.Entrypoint) },
          { key: 'Cmd', value: json(run.Cmd) },
          { key: 'Working dir', value: run.WorkingDir },
          { key: 'User', value: run.User },
          { key: 'Stop signal', value: run.StopSignal },
        ])}
      />
      <KeyValueTable
        title="Environment"
        rows={(run.Env ?? []).map((line) => {
          const cut = line.indexOf('=');
          return cut < 0 ? { key: line, value: '' } : { key: line.slice(0, cut), value: line.slice(cut + 1) };
        })}
      />
      <KeyValueTable title="Exposed ports" rows={Object.keys(run.ExposedPorts ?? {}).sort().map((port) => ({ key: port, value: port }))} />
      <KeyValueTable title="Volumes" rows={Object.keys(run.Volumes ?? {}).sort().map((path) => ({ key: path, value: path }))} />
      <KeyValueTable title="Labels" rows={recordRows(run.Labels)} />
    </div>
  );
}

/** Largest non-image config read for its top-level fields (Helm: name, version, apiVersion…). */
const MAX_ARTIFACT_CONFIG = 256 * 1024;

function scalarRows(bytes: Uint8Array): KeyValueRow[] | null {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  return Object.entries(json as Record<string, unknown>)
    .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => ({ key, value: String(value), linkify: true }));
}

/** A config that is not an image config (Helm chart, signature payload…): its media type and simple fields. */
export function ArtifactConfig({ name, manifest }: { name: string; manifest: ImageManifest }) {
  const { manifest: queries } = useInspectorQueries();
  const small = manifest.config.size <= MAX_ARTIFACT_CONFIG;
  const blob = useQuery({ ...queries.blob(name, manifest.config.digest), enabled: small });
  return (
    <div>
      <Note>
        The config is <code className="font-mono text-xs">{manifest.config.mediaType}</code>, not an image configuration.
      </Note>
      {!small ? (
        <Note>The config is {manifest.config.size} bytes: too large to summarise here; see Raw manifest → Config.</Note>
      ) : blob.isPending ? (
        <Loading what="the config" />
      ) : blob.isError ? (
        <ErrorPanel error={blob.error} title="Could not read the config blob" onRetry={() => void blob.refetch()} />
      ) : (
        (() => {
          const rows = scalarRows(blob.data);
          return rows === null ? <Note tone="warn">The config is not a JSON object: see Raw manifest → Config for its bytes.</Note> : <KeyValueTable title="Config fields" rows={rows} />;
        })()
      )}
    </div>
  );
}

interface ImageConfigSectionProps {
  config: { data?: ImageConfig; error: unknown; isPending: boolean; refetch: () => unknown };
}

export function ImageConfigSection({ config }: ImageConfigSectionProps) {
  if (config.isPending) return <Loading what="the image configuration" />;
  if (config.error || !config.data) {
    return <ErrorPanel error={config.error} title="Could not read the image configuration" onRetry={() => void config.refetch()} />;
  }
  return <ImageConfigTables config={config.data} />;
}
